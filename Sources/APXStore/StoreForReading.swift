import APXCore
import SQLiteDB

/// The database's schema is older than this binary's (migrations pending). A reading open
/// never migrates (migrating takes the write lock, and writes); the next command that
/// opens the store to write migrates it.
public struct SchemaBehind: Error, CustomStringConvertible, Sendable {
    public let path: String
    /// The migration ids this binary would apply, in order.
    public let pending: [String]
    /// No table at all (a file just created by a first run, or emptied): not an older schema.
    public var isEmpty = false

    public var description: String {
        if isEmpty {
            return "the approval database \(path) is empty (no tables yet). Nothing was changed; the next `apx run` creates "
                + "its schema (a run that holds the lock now is doing so)."
        }
        let named = pending.count <= 3 ? pending.joined(separator: ", ")
            : "\(pending[0]) … \(pending[pending.count - 1])"
        return "the approval database \(path) has an older schema than this apx: \(pending.count) migration(s) pending "
            + "(\(named)). Nothing was changed; the next `apx run` migrates it (see docs/runbook.md, \"Upgrading apx\")."
    }
}

extension Store {
    /// Opens the workspace's database to read it, for commands that only read (`apx status`,
    /// the lists and views): on a read-only connection, so it never waits for a run's write
    /// lock and sees the last committed state. The same identity checks as `Store.open` —
    /// a missing, empty, foreign or older database is refused (`WorkspaceIdentity.Refusal`),
    /// a newer schema too (`Migrator.NewerSchema`) — but nothing is written: no migration
    /// (a schema behind this binary throws `SchemaBehind`), no workspace id stamped into a
    /// database that has none, no identity file rewritten (unless the caller then asks:
    /// `recordIdentity()`, a file beside the database, not a database write).
    public static func openForReading(_ identity: WorkspaceIdentity, asOf: Day, actor: String = "apx",
                                      busyTimeoutMilliseconds: Int = 5000) throws -> Store {
        try identity.checkBeforeOpening()
        let db: Database
        let pending: [String]
        do {
            db = try Database(readingOnly: identity.databasePath, busyTimeoutMilliseconds: Int32(clamping: busyTimeoutMilliseconds))
            // The id a writer would stamp is left to it: this open only checks.
            _ = try identity.check(db)
            pending = try Schema.migrator.pending(db)
        } catch let error as DatabaseError where error.isNotADatabase {
            throw identity.refusal(.unreadable(error.message), record: try? identity.readFile(), database: nil)
        }
        guard pending.isEmpty else {
            var behind = SchemaBehind(path: identity.databasePath, pending: pending)
            behind.isEmpty = try db.row("SELECT 1 FROM sqlite_master LIMIT 1") == nil
            throw behind
        }
        let store = Store(reading: db, runID: "read", asOf: asOf, actor: actor)
        store.identity = identity   // `recordIdentity()` rewrites a lost identity file only when a caller asks
        return store
    }
}
