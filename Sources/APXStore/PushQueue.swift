import APXCore
import APXDomain
import SQLiteDB

/// Queues push records in the caller's transaction, so a record is queued exactly when
/// the state it reflects is committed. Versions (spec 04): unchanged data is never
/// queued again; changed data queues the old version with `sjyxbs=0` and then the new
/// version with `bbh + 1`, as one group that always lands in one file.
public struct PushQueue {
    public let store: Store
    /// Keys known to have no record yet (a page's first load); nil reads every key.
    public let hint: PushKeyHint?
    public init(store: Store, hint: PushKeyHint? = nil) {
        self.store = store
        self.hint = hint
    }

    /// A payload with its stored form (`PushPayloadCodec`), made where it is cheapest (e.g. on
    /// a page reader's thread): encoding is pure.
    public struct EncodedPayload: Sendable {
        public let text: String
        let stored: String

        public init(_ text: String) {
            self.text = text
            stored = PushPayloadCodec.encode(text)
        }
    }

    public struct Latest: Sendable {
        public let version: Int
        /// The payload as stored (`PushPayloadCodec`).
        let storedPayload: String
        public let valid: Bool

        public var payload: String { PushPayloadCodec.decode(storedPayload) }

        /// The stored form as it is written now (a payload stored before the codes, encoded).
        var currentStoredPayload: String {
            storedPayload.utf8.first == PushPayloadCodec.marker ? storedPayload : PushPayloadCodec.encode(storedPayload)
        }
    }

    /// The newest version queued for a key (valid or invalidated).
    public func latest(target: PushTarget, key: PushKey) throws -> Latest? {
        try latest(target: target, dfsjzj: key.dfsjzj)
    }

    private func latest(target: PushTarget, dfsjzj: String) throws -> Latest? {
        if let hint, hint.takeAbsent(target: target, dfsjzj: dfsjzj) { return nil }
        // A key with records held in this transaction: the newest held is the newest (cheaper
        // than writing them before the read: docs/performance.md, round 5, ledger5).
        if let held = store.ledger.heldLatest(target: target, dfsjzj: dfsjzj) { return held }
        // The newest version, its invalidation first: the last two index entries of the key,
        // read backwards in one descent (no sort, no max() subquery).
        let newest = try store.db.rows("""
            SELECT version, payload, valid FROM push_record WHERE target = ? AND dfsjzj = ?
            ORDER BY version DESC, valid DESC LIMIT 2
            """, target.rawValue, dfsjzj).map {
            try Latest(version: $0.column("version").int ?? 0, storedPayload: $0.column("payload").text, valid: $0.column("valid").int == 1)
        }
        guard let first = newest.first else { return nil }
        return newest.count == 2 && newest[1].version == first.version ? newest[1] : first
    }

    /// Queues `payload` for `key` (its kind follows from the key) unless it equals the latest
    /// valid version. Returns the number of records queued (0, 1, or 2 with an invalidation).
    @discardableResult
    public func enqueue(target: PushTarget = .gov, key: PushKey, payload: String,
                        changeReason: String = "数据更正", force: Bool = false) throws -> Int {
        try enqueue(target: target, key: key, stored: PushPayloadCodec.encode(payload), payload: { payload },
                    changeReason: changeReason, force: force)
    }

    /// As `enqueue(target:key:payload:changeReason:force:)` for the payload whose UTF-8 bytes
    /// `payloadXML` holds: the payload is made a String only when compared as text.
    @discardableResult
    public func enqueue(target: PushTarget = .gov, key: PushKey, payloadXML: XMLBytes,
                        changeReason: String = "数据更正", force: Bool = false) throws -> Int {
        try enqueue(target: target, key: key, stored: payloadXML.bytes.withUnsafeBufferPointer { PushPayloadCodec.encode(bytes: $0) },
                    payload: { payloadXML.string }, changeReason: changeReason, force: force)
    }

    /// As `enqueue(target:key:payload:changeReason:force:)` for a payload encoded ahead.
    @discardableResult
    public func enqueue(target: PushTarget = .gov, key: PushKey, encoded: EncodedPayload,
                        changeReason: String = "数据更正", force: Bool = false) throws -> Int {
        try enqueue(target: target, key: key, stored: encoded.stored, payload: { encoded.text },
                    changeReason: changeReason, force: force)
    }

    /// `stored`: the payload's stored form; `payload`: the payload.
    private func enqueue(target: PushTarget, key: PushKey, stored: String, payload: () -> String,
                         changeReason: String, force: Bool) throws -> Int {
        let kind = key.kind, dfsjzj = key.dfsjzj
        let latest = try latest(target: target, dfsjzj: dfsjzj)
        // The stored form is one per text (`PushPayloadCodec`), so equal payloads have equal
        // stored forms; a payload stored in an earlier form (before the codes, or before 014's
        // repeats) is compared as text.
        // `force`: a person decided to send it again (e.g. after the bureau rejected it).
        if let latest, latest.valid, !force, latest.storedPayload == stored || latest.payload == payload() {
            return 0
        }
        let group = try store.nextCounter("push.group")
        var queued = 0
        var version = 1
        if let latest {
            version = latest.version + 1
            if latest.valid {
                try insert(target: target, kind: kind, dfsjzj: dfsjzj, version: latest.version, valid: false,
                           reason: changeReason, stored: latest.currentStoredPayload, group: group)
                queued += 1
            }
        }
        try insert(target: target, kind: kind, dfsjzj: dfsjzj, version: version, valid: true, reason: "",
                   stored: stored, group: group)
        try store.auditPushesQueued(queued + 1, group: group, kind: kind.rawValue, dfsjzj: dfsjzj, version: version)
        return queued + 1
    }

    /// Queues an invalidation of the latest valid version alone (e.g. a withdrawn result).
    @discardableResult
    public func invalidate(target: PushTarget = .gov, key: PushKey, reason: String) throws -> Bool {
        let kind = key.kind, dfsjzj = key.dfsjzj
        guard let latest = try latest(target: target, dfsjzj: dfsjzj), latest.valid else { return false }
        let group = try store.nextCounter("push.group")
        try insert(target: target, kind: kind, dfsjzj: dfsjzj, version: latest.version, valid: false, reason: reason,
                   stored: latest.currentStoredPayload, group: group)
        return true
    }

    /// `stored`: the payload in its stored form (`PushPayloadCodec.encode`). In a transaction
    /// the record is held and written at its boundary (`HeldRows`).
    private func insert(target: PushTarget, kind: PushKind, dfsjzj: String, version: Int, valid: Bool, reason: String,
                        stored: String, group: Int) throws {
        let context = try store.auditContext()
        let kindColumn = PushKindColumn.stored(kind, dfsjzj: dfsjzj)
        if store.holdsRows {
            try store.ledger.holdPush(target: target, kind: kindColumn, dfsjzj: dfsjzj, version: version, valid: valid,
                                      reason: reason, stored: stored, group: group, context: context)
            return
        }
        try store.db.run("""
            INSERT INTO push_record (target, kind, dfsjzj, version, valid, invalid_reason, payload, group_id, run_id, context)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, '', ?)
            """, target.rawValue, kindColumn, dfsjzj, version, valid, reason, stored, group, context)
    }
}
