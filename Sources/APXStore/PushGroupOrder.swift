import APXDomain
import SQLiteDB

/// Push records in planning order (target, group, invalidation first, id), planned or not
/// (migration 015-push-record-group-order). Assigning a record to a file changes no column of
/// this index, so the planning UPDATE writes the row and its `push_record_in_file` entry only
/// (the partial `push_record_unplanned_order` it replaces lost an entry per record there).
///
/// Unplanned records are found above a floor: the planner takes a target's records whole
/// groups at a time in group order, all of them in one transaction (`OutboxPlanner.planGov`),
/// and groups are numbered upwards (`push.group`), so every record not yet in a file has a
/// group above that of any record already in one. The floor is the group of the last record
/// of the target's latest file (one index step); `file_id IS NULL` is still checked per row.
enum PushGroupOrder {
    static let migration = """
    CREATE INDEX push_record_group_order ON push_record(target, group_id, valid, id);
    DROP INDEX IF EXISTS push_record_unplanned_order;
    """

    /// Below every group of an unplanned record when no file of the target exists.
    static let noFloor = Int(Int64.min)
}

extension Store {
    /// A group at or above which no record of `target` is unplanned: the group of the last
    /// record of the target's latest file (`PushGroupOrder.noFloor` before its first file).
    public func plannedGroupFloor(target: PushTarget) throws -> Int {
        try writeHeldRows()
        return try db.scalar("""
            SELECT r.group_id FROM push_record r INDEXED BY push_record_in_file
            WHERE r.file_id = (SELECT id FROM outbox_file WHERE target = ?1 ORDER BY batch DESC LIMIT 1) AND r.file_id IS NOT NULL
            ORDER BY r.position DESC LIMIT 1
            """, target.rawValue).int ?? PushGroupOrder.noFloor
    }

    /// Whether any record of `target` is not yet in a file.
    public func hasUnplannedPushRecords(target: PushTarget) throws -> Bool {
        let floor = try plannedGroupFloor(target: target)
        return try db.row("""
            SELECT 1 FROM push_record INDEXED BY push_record_group_order
            WHERE target = ? AND group_id > ? AND file_id IS NULL LIMIT 1
            """, target.rawValue, floor) != nil
    }
}
