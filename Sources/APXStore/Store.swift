import APXCore
import Foundation
import SQLiteDB

/// The approval database: opened, migrated, and the run context (id, as-of day, actor)
/// that every audited change carries.
public final class Store {
    /// The connection; SQL is spoken only inside APXStore.
    let db: Database
    public var runID: String
    public var asOf: Day
    public var actor: String
    /// The workspace this database belongs to, when opened through `Store.open` (commands).
    public internal(set) var identity: WorkspaceIdentity?
    /// `Timestamp.now()` formatted once a second for the audit trail.
    let clock = AuditClock()
    /// The `audit_context` row (time, run, actor) the audit rows written now refer to.
    let auditContexts = AuditContexts()
    /// The platform data read or written last in the open transaction (see `PlatformRead`).
    var lastPlatform: PlatformRead?
    /// Counter values and queued pushes of the open transaction, written at its boundaries.
    private(set) lazy var ledger = TransactionLedger(store: self)
    /// Planned push files whose content this process wrote (and hashed) itself: publishing
    /// them in the same run need not hash that content again (see `OutboxPublisher`).
    public var contentPlannedHere: Set<Int> = []
    /// An evaluation page's held state changes and review items (`holdingEvaluationWrites`).
    var held: HeldStates?
    /// A file's input-record notes not written yet (`holdingInputRecords`).
    var heldNotes: FeedRows?

    public convenience init(path: String, runID: String, asOf: Day, actor: String = "apx", busyTimeoutMilliseconds: Int = 5000) throws {
        try self.init(database: try Database(path: path, busyTimeoutMilliseconds: Int32(clamping: busyTimeoutMilliseconds)),
                      runID: runID, asOf: asOf, actor: actor)
    }

    /// Migrates an open database.
    init(database: Database, runID: String, asOf: Day, actor: String = "apx") throws {
        db = database
        self.runID = runID
        self.asOf = asOf
        self.actor = actor
        try Schema.migrator.migrate(db)
        db.buffer = ledger
    }

    /// An open database as it is (`Store.openForReading`): not migrated, no transaction
    /// buffer — nothing is held or written, and a read-only connection refuses any write.
    init(reading database: Database, runID: String, asOf: Day, actor: String) {
        db = database
        self.runID = runID
        self.asOf = asOf
        self.actor = actor
    }

    /// Whether this store was opened for reading only: every write fails (SQLITE_READONLY).
    public var isReadOnly: Bool { db.isReadOnly }

    public func transaction<T>(_ body: () throws -> T) throws -> T { try db.inTransaction(body) }

    /// Runs `body`'s transactions without a disk sync at each commit and syncs once at the end
    /// (`Database.deferringSync`): nothing outside the database may rest on them before it returns.
    public func deferringSync<T>(_ body: () throws -> T) throws -> T { try db.deferringSync(body) }

    /// The connection's `synchronous` level (2 = FULL) and the WAL syncs `deferringSync` made (for tests).
    public var syncState: (synchronous: Int, deferredSyncs: Int) { (db.synchronousLevel, db.walSyncs) }

    /// Appends to the audit trail (in a transaction: held, written at its boundary; see `HeldRows`).
    public func audit(_ entity: AuditEntity, _ id: String, _ action: String, from: String? = nil, to: String? = nil, detail: String = "") throws {
        let context = try auditContext()
        if holdsRows {
            try ledger.holdAudit(context: context, entity: entity, id: id, action: action, from: from, to: to, detail: detail)
            return
        }
        try db.run("""
            INSERT INTO audit (context, entity, entity_id, action, from_state, to_state, detail) VALUES (?, ?, ?, ?, ?, ?, ?)
            """, context, entity, id, action, from, to, detail)
    }

    /// Whether rows made now are held for the open transaction (`TransactionLedger`).
    var holdsRows: Bool { db.isInTransaction && db.buffer === ledger }

    /// Writes the audit rows and push records held for the open transaction: called before
    /// a read of `audit`, `audit_trail` or `push_record`, so it sees them.
    func writeHeldRows() throws {
        if db.buffer === ledger { try ledger.writeHeld() }
    }

    /// The `audit_context` row (now, this run, this actor) for a row written now.
    func auditContext() throws -> Int {
        try auditContexts.id(at: clock.now(), run: runID, actor: actor, db: db)
    }

    /// Next value of a named counter (gapless: taken inside the caller's transaction).
    public func nextCounter(_ name: String) throws -> Int {
        // In a transaction: kept by the ledger, written at the transaction's boundaries.
        if db.isInTransaction, db.buffer === ledger { return try ledger.nextValue(name) }
        // UPDATE then SELECT: cheaper than an upsert with RETURNING (which buffers its row in a
        // temporary table); the INSERT only for a counter's first value.
        try db.run("UPDATE counter SET value = value + 1 WHERE name = ?", name)
        if db.changes == 0 {
            try db.run("INSERT INTO counter (name, value) VALUES (?, 1)", name)
            return 1
        }
        return try db.scalar("SELECT value FROM counter WHERE name = ?", name).int ?? 1
    }

    /// Records `records` push records queued in group `group`, audited per batch (see
    /// `TransactionLedger`); outside a transaction, at once.
    func auditPushesQueued(_ records: Int, group: Int, kind: String, dfsjzj: String, version: Int) throws {
        if db.isInTransaction, db.buffer === ledger {
            ledger.notePushesQueued(records, group: group)
        } else {
            try audit(.push, dfsjzj, "queued", to: "v\(version)", detail: kind)
        }
    }

    public func recordRunStart(command: String) throws {
        try db.run("INSERT OR IGNORE INTO run (id, as_of, command, started_at) VALUES (?, ?, ?, ?)",
                   runID, asOf.iso, command, Timestamp.now())
    }

    /// A nightly run by id, or the last finished one.
    public func runRow(id: String?) throws -> RunRow? {
        let row = try id.map { try db.row("SELECT * FROM run WHERE id = ? AND command = 'run'", $0) }
            ?? db.row("SELECT * FROM run WHERE command = 'run' AND finished_at IS NOT NULL ORDER BY started_at DESC, rowid DESC LIMIT 1")
        return try row.map(RunRow.init)
    }

    /// The last finished nightly run (or reprocess): its id and as-of day.
    public func lastCompletedRun() throws -> (id: String, asOf: Day)? {
        guard let row = try runRow(id: nil), let day = Day(iso: row.asOf) else { return nil }
        return (row.id, day)
    }

    public func recordRunEnd(exitCode: Int, summary: String) throws {
        try db.run("UPDATE run SET finished_at = ?, exit_code = ?, summary = ? WHERE id = ?",
                   Timestamp.now(), exitCode, summary, runID)
    }
}
