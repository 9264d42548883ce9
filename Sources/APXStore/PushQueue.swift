import APXCore
import APXDomain
import SQLiteDB

/// Queues push records in the caller's transaction, so a record is queued exactly when
/// the state it reflects is committed. Versions (spec 04): unchanged data is never
/// queued again; changed data queues the old version with `sjyxbs=0` and then the new
/// version with `bbh + 1`, as one group that always lands in one file.
public struct PushQueue {
    public let store: Store
    public init(store: Store) { self.store = store }

    public struct Latest: Sendable {
        public let version: Int
        public let payload: String
        public let valid: Bool
    }

    /// The newest version queued for a key (valid or invalidated).
    public func latest(target: PushTarget, key: PushKey) throws -> Latest? {
        let target = target.rawValue, dfsjzj = key.dfsjzj
        // The newest version, its invalidation first: the last two index entries of the key,
        // read backwards in one descent (no sort, no max() subquery).
        let newest = try store.db.rows("""
            SELECT version, payload, valid FROM push_record WHERE target = ? AND dfsjzj = ?
            ORDER BY version DESC, valid DESC LIMIT 2
            """, target, dfsjzj).map {
            try Latest(version: $0.column("version").int ?? 0, payload: PushPayloadCodec.decode($0.column("payload").text), valid: $0.column("valid").int == 1)
        }
        guard let first = newest.first else { return nil }
        return newest.count == 2 && newest[1].version == first.version ? newest[1] : first
    }

    /// Queues `payload` for `key` (its kind follows from the key) unless it equals the latest
    /// valid version. Returns the number of records queued (0, 1, or 2 with an invalidation).
    @discardableResult
    public func enqueue(target: PushTarget = .gov, key: PushKey, payload: String,
                        changeReason: String = "数据更正", force: Bool = false) throws -> Int {
        let kind = key.kind
        let latest = try latest(target: target, key: key)
        // `force`: a person decided to send it again (e.g. after the bureau rejected it).
        if let latest, latest.valid, latest.payload == payload, !force { return 0 }
        let group = try store.nextCounter("push.group")
        var queued = 0
        var version = 1
        if let latest {
            version = latest.version + 1
            if latest.valid {
                try insert(target: target, kind: kind, key: key, version: latest.version, valid: false,
                           reason: changeReason, payload: latest.payload, group: group)
                queued += 1
            }
        }
        try insert(target: target, kind: kind, key: key, version: version, valid: true, reason: "",
                   payload: payload, group: group)
        try store.auditPushesQueued(queued + 1, group: group, kind: kind.rawValue, dfsjzj: key.dfsjzj, version: version)
        return queued + 1
    }

    /// Queues an invalidation of the latest valid version alone (e.g. a withdrawn result).
    @discardableResult
    public func invalidate(target: PushTarget = .gov, key: PushKey, reason: String) throws -> Bool {
        let kind = key.kind
        guard let latest = try latest(target: target, key: key), latest.valid else { return false }
        let group = try store.nextCounter("push.group")
        try insert(target: target, kind: kind, key: key, version: latest.version, valid: false, reason: reason,
                   payload: latest.payload, group: group)
        return true
    }

    private func insert(target: PushTarget, kind: PushKind, key: PushKey, version: Int, valid: Bool, reason: String,
                        payload: String, group: Int) throws {
        try store.db.run("""
            INSERT INTO push_record (target, kind, dfsjzj, version, valid, invalid_reason, payload, group_id, run_id, context)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, '', ?)
            """, target.rawValue, PushKindColumn.stored(kind, key: key), key.dfsjzj, version, valid, reason, PushPayloadCodec.encode(payload), group,
            try store.auditContext())
    }
}
