import APXCore
import APXStore
import SQLiteDB

/// Queues push records in the caller's transaction, so a record is queued exactly when
/// the state it reflects is committed. Versions (spec 04): unchanged data is never
/// queued again; changed data queues the old version with `sjyxbs=0` and then the new
/// version with `bbh + 1`, as one group that always lands in one file. A queued row is its
/// own audit record (run, kind, version): no audit row is written for it.
public struct PushQueue {
    public let store: Store
    public init(store: Store) { self.store = store }

    public struct Latest: Sendable {
        public let version: Int
        public let payload: String
        public let valid: Bool
    }

    /// The newest version queued for a key (valid or invalidated).
    public func latest(target: String, dfsjzj: String) throws -> Latest? {
        // The newest version, its invalidation first — both read in index order (no sort).
        try store.db.row("""
            SELECT version, payload, valid FROM push_record WHERE target = ? AND dfsjzj = ?
              AND version = (SELECT max(version) FROM push_record WHERE target = ? AND dfsjzj = ?)
            ORDER BY valid ASC LIMIT 1
            """, target, dfsjzj, target, dfsjzj).map {
            Latest(version: $0.int("version") ?? 0, payload: $0.text("payload"), valid: $0.int("valid") == 1)
        }
    }

    /// Queues `payload` for `dfsjzj` unless it equals the latest valid version.
    /// Returns the number of records queued (0, 1, or 2 with an invalidation).
    @discardableResult
    public func enqueue(target: String, kind: String, dfsjzj: String, payload: String,
                        changeReason: String = "数据更正", force: Bool = false) throws -> Int {
        let latest = try latest(target: target, dfsjzj: dfsjzj)
        // `force`: a person decided to send it again (e.g. after the bureau rejected it).
        if let latest, latest.valid, latest.payload == payload, !force { return 0 }
        let group = try store.nextCounter("push.group")
        var queued = 0
        var version = 1
        if let latest {
            version = latest.version + 1
            if latest.valid {
                try insert(target: target, kind: kind, dfsjzj: dfsjzj, version: latest.version, valid: false,
                           reason: changeReason, payload: latest.payload, group: group)
                queued += 1
            }
        }
        try insert(target: target, kind: kind, dfsjzj: dfsjzj, version: version, valid: true, reason: "",
                   payload: payload, group: group)
        return queued + 1
    }

    /// Queues an invalidation of the latest valid version alone (e.g. a withdrawn result).
    @discardableResult
    public func invalidate(target: String, kind: String, dfsjzj: String, reason: String) throws -> Bool {
        guard let latest = try latest(target: target, dfsjzj: dfsjzj), latest.valid else { return false }
        let group = try store.nextCounter("push.group")
        try insert(target: target, kind: kind, dfsjzj: dfsjzj, version: latest.version, valid: false, reason: reason,
                   payload: latest.payload, group: group)
        return true
    }

    private func insert(target: String, kind: String, dfsjzj: String, version: Int, valid: Bool, reason: String,
                        payload: String, group: Int) throws {
        try store.db.run("""
            INSERT INTO push_record (target, kind, dfsjzj, version, valid, invalid_reason, payload, group_id, run_id)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, target, kind, dfsjzj, version, valid, reason, payload, group, store.runID)
    }
}
