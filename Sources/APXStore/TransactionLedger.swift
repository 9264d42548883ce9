import APXDomain
import SQLiteDB

/// What a store keeps for its open transaction and writes at the transaction's next
/// boundary (SAVEPOINT, RELEASE, COMMIT; dropped on a rollback), so both land in the
/// transaction that made them:
/// - counter values taken: read once per transaction, written once per boundary
///   (instead of an UPDATE and a SELECT per value) — still gapless and never reused;
/// - push records queued: one audit row per batch (`push`, `groups A-B`, `queued`, with
///   the record count) instead of one per record; each record carries its own run, kind,
///   key, version and group, so who/when/what stays answerable per record;
/// - audit rows and push records made: held and written many to a statement (`HeldRows`),
///   also when `HeldRows.bound` are held and before a read of their tables;
/// - an evaluation page's held state changes and review items (`HeldStates`): written at the
///   same boundaries, dropped on the same rollbacks.
final class TransactionLedger: TransactionBuffer {
    private unowned let store: Store
    /// Last value taken per counter in transaction `serial`; `stored` = the value in the table.
    private var counters: [String: (value: Int, stored: Int?)] = [:]
    private var serial = -1
    private var queued = 0, firstGroup = 0, lastGroup = 0
    private var held = HeldRows()

    init(store: Store) { self.store = store }

    func nextValue(_ name: String) throws -> Int {
        let db = store.db
        if serial != db.transactionSerial {
            counters.removeAll()
            serial = db.transactionSerial
        }
        let current: (value: Int, stored: Int?)
        if let known = counters[name] {
            current = known
        } else {
            let stored = try db.scalar("SELECT value FROM counter WHERE name = ?", name).int
            current = (stored ?? 0, stored)
        }
        counters[name] = (current.value + 1, current.stored)
        return current.value + 1
    }

    func notePushesQueued(_ records: Int, group: Int) {
        if queued == 0 { firstGroup = group }
        queued += records
        lastGroup = group
    }

    func holdAudit(context: Int, entity: AuditEntity, id: String, action: String, from: String?, to: String?,
                   detail: String) throws {
        held.appendAudit(context: context, entity: entity, id: id, action: action, from: from, to: to, detail: detail)
        if held.isFull { try held.write(store.db) }
    }

    func holdPush(target: PushTarget, kind: String, dfsjzj: String, version: Int, valid: Bool, reason: String,
                  stored: String, group: Int, context: Int) throws {
        held.appendPush(target: target, kind: kind, dfsjzj: dfsjzj, version: version, valid: valid, reason: reason,
                        stored: stored, group: group, context: context)
        if held.isFull { try held.write(store.db) }
    }

    /// The newest push record held for a key (nil: none held).
    func heldLatest(target: PushTarget, dfsjzj: String) -> PushQueue.Latest? {
        held.latest(target: target, dfsjzj: dfsjzj)
    }

    /// Writes the audit rows and push records held (not the counters or the push batch's
    /// audit row: those belong to the boundary).
    func writeHeld() throws {
        if !held.isEmpty { try held.write(store.db) }
    }

    func flush(_ db: Database) throws {
        try store.writeHeld()
        for (name, c) in counters where c.stored != c.value {
            if c.stored == nil {
                try db.run("INSERT INTO counter (name, value) VALUES (?, ?)", name, c.value)
            } else {
                try db.run("UPDATE counter SET value = ? WHERE name = ?", c.value, name)
            }
            counters[name] = (c.value, c.value)
        }
        if queued > 0 {
            let (records, first, last) = (queued, firstGroup, lastGroup)
            queued = 0
            try store.audit(.push, "groups \(first)-\(last)", "queued", detail: "\(records) records")
        }
        try held.write(db)
    }

    func discard() {
        store.auditContexts.forget()
        store.lastPlatform = nil
        counters.removeAll()
        queued = 0
        held.removeAll()
        store.held?.removeAll()
    }
}
