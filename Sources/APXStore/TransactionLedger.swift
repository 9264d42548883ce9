import SQLiteDB

/// What a store keeps for its open transaction and writes at the transaction's next
/// boundary (SAVEPOINT, RELEASE, COMMIT; dropped on a rollback), so both land in the
/// transaction that made them:
/// - counter values taken: read once per transaction, written once per boundary
///   (instead of an UPDATE and a SELECT per value) — still gapless and never reused;
/// - push records queued: one audit row per batch (`push`, `groups A-B`, `queued`, with
///   the record count) instead of one per record; each record carries its own run, kind,
///   key, version and group, so who/when/what stays answerable per record.
final class TransactionLedger: TransactionBuffer {
    private unowned let store: Store
    /// Last value taken per counter in transaction `serial`; `stored` = the value in the table.
    private var counters: [String: (value: Int, stored: Int?)] = [:]
    private var serial = -1
    private var queued = 0, firstGroup = 0, lastGroup = 0

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

    func flush(_ db: Database) throws {
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
    }

    func discard() {
        store.auditContexts.forget()
        store.lastPlatform = nil
        counters.removeAll()
        queued = 0
    }
}
