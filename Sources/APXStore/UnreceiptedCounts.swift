import SQLiteDB

/// How many of a push file's records have no receipt, kept on the file (migration
/// 017-outbox-file-unreceipted): `outbox_file.unreceipted` = the number of `push_record` rows
/// with `file_id` = the file's id and `receipt_state IS NULL`. The unacknowledged count of the
/// day's duties, the report and `apx status` sums it over the published gov files older than
/// the cutoff, instead of joining every pushed record (700k at 100k projects, from the 4th day
/// after a big night without receipts); the report's sample reads only files with a count.
///
/// How it stays right, path by path:
/// - **A file's row** is written with the number of records already assigned to its id (the
///   planner assigns a file's records before it writes the row, `nextOutboxFileID`): counted
///   in `push_record_in_file`, no row read. They have no receipt (next two points).
/// - **Assignment** (`assignPushRecord(s)`, the only writers of `file_id`) puts only records
///   that are in no file yet, once — a record already in one is refused — and adds them to the
///   file's count when its row exists. `file_id` is never cleared or changed afterwards.
/// - **Receipts**: `receipt_state` turning from NULL to a state takes one off the file's count,
///   turning back to NULL (nothing does today) puts one back (trigger
///   `push_record_receipt_counted`; an answer replacing another changes nothing). A receipt
///   is refused on a record whose file has no row (`push_record_receipt_in_a_file`): receipts
///   are found through the file (`pushedRecord(fileName:…)`), so this only stops a record
///   that was answered before its file's row existed from being counted as unanswered.
/// - **Deletes**: nothing deletes push records or outbox files (`apx prune` keeps db and
///   outbox); were a record deleted, its file's count follows (`push_record_deleted_counted`).
/// A future migration that rebuilds `push_record` (copy aside, drop, create) drops these
/// triggers with it and must create them again.
///
/// Per-row triggers on `file_id` would keep the count without the rules above, but one costs
/// the planning UPDATE about 45% more CPU even when its WHEN is false (measured with the
/// sqlite3 CLI on 700k rows); the receipt triggers cost nothing there (an UPDATE that sets
/// no `receipt_state` does not run them).
enum UnreceiptedCounts {
    static let migration = """
        ALTER TABLE outbox_file ADD COLUMN unreceipted INTEGER NOT NULL DEFAULT 0;
        UPDATE outbox_file SET unreceipted = (
            SELECT count(*) FROM push_record r INDEXED BY push_record_in_file
            WHERE r.file_id = outbox_file.id AND r.file_id IS NOT NULL AND r.receipt_state IS NULL);
        CREATE TRIGGER push_record_receipt_in_a_file BEFORE UPDATE OF receipt_state ON push_record
            WHEN NEW.receipt_state IS NOT NULL AND NOT EXISTS (SELECT 1 FROM outbox_file WHERE id = NEW.file_id) BEGIN
            SELECT RAISE(ABORT, 'a receipt answers a record in a push file');
        END;
        CREATE TRIGGER push_record_receipt_counted AFTER UPDATE OF receipt_state ON push_record
            WHEN (OLD.receipt_state IS NULL) <> (NEW.receipt_state IS NULL) BEGIN
            UPDATE outbox_file SET unreceipted = unreceipted + (CASE WHEN NEW.receipt_state IS NULL THEN 1 ELSE -1 END)
            WHERE id = NEW.file_id;
        END;
        CREATE TRIGGER push_record_deleted_counted AFTER DELETE ON push_record
            WHEN OLD.file_id IS NOT NULL AND OLD.receipt_state IS NULL BEGIN
            UPDATE outbox_file SET unreceipted = unreceipted - 1 WHERE id = OLD.file_id;
        END;
        """

    /// The number of records assigned to the file whose id is `parameter` (before its row is
    /// written), from the index alone: a scalar subquery.
    static func assigned(toFile parameter: String) -> String {
        "(SELECT count(*) FROM push_record INDEXED BY push_record_in_file WHERE file_id = \(parameter) AND file_id IS NOT NULL)"
    }

    /// Published gov files older than the cutoff `?1` (yyyyMMdd, from the name
    /// SZWJ_yyyyMMdd_NNNNNN.xml): their records without a receipt.
    static let countSQL = """
        SELECT coalesce(sum(unreceipted), 0) FROM outbox_file
        WHERE target = 'gov' AND state = 'PUBLISHED' AND unreceipted > 0 AND substr(name, 6, 8) < ?1
        """

    /// The first `?2` of those files that have records without a receipt, in batch order
    /// (a sample of n records needs at most n files).
    static let filesSQL = """
        SELECT id, name, unreceipted, substr(name, 6, 8) AS day FROM outbox_file
        WHERE target = 'gov' AND state = 'PUBLISHED' AND unreceipted > 0 AND substr(name, 6, 8) < ?1
        ORDER BY batch LIMIT ?2
        """

    /// The first `?2` records without a receipt of file `?1`, in file order (at most its count
    /// is asked for, so the walk stops at its last unanswered record).
    static let fileSampleSQL = """
        SELECT dfsjzj, version FROM push_record INDEXED BY push_record_in_file
        WHERE file_id = ?1 AND file_id IS NOT NULL AND receipt_state IS NULL ORDER BY position LIMIT ?2
        """
}
