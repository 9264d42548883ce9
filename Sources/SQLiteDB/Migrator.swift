/// Applies migrations by id, each once and in its own transaction, in the order registered.
public struct Migrator: Sendable {
    public struct Migration: Sendable {
        public let id: String
        public let sql: String
        /// Run outside a transaction (e.g. `VACUUM`); such SQL must be safe to run twice.
        public var outsideTransaction = false
    }

    private var migrations: [Migration] = []

    public init() {}

    public mutating func register(_ id: String, sql: String) {
        precondition(!migrations.contains { $0.id == id }, "duplicate migration id \(id)")
        migrations.append(Migration(id: id, sql: sql))
    }

    /// Registers SQL that cannot run in a transaction (`VACUUM`): run, then recorded; a crash
    /// in between runs it again, so it must be idempotent.
    public mutating func registerOutsideTransaction(_ id: String, sql: String) {
        precondition(!migrations.contains { $0.id == id }, "duplicate migration id \(id)")
        migrations.append(Migration(id: id, sql: sql, outsideTransaction: true))
    }

    /// A database migrated by a newer binary: it has migrations this one does not know.
    public struct NewerSchema: Error, CustomStringConvertible, Sendable {
        public let path: String
        public let unknown: [String]
        public var description: String {
            "database \(path) was written by a newer apx (schema \(unknown.joined(separator: ", ")) unknown to this binary); "
                + "run the newer apx, or restore a backup made by this version"
        }
    }

    public var ids: [String] { migrations.map(\.id) }

    /// The migrations `db` lacks, in order, read without writing (a read-only connection may
    /// ask): all of them for a database without `schema_migrations`. Refuses (NewerSchema) as
    /// `migrate` does a database carrying a migration this binary does not know.
    public func pending(_ db: Database) throws -> [String] {
        let applied: Set<String>
        if try db.row("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'") != nil {
            applied = Set(try db.rows("SELECT id FROM schema_migrations").compactMap { try $0.column("id").string })
        } else {
            applied = []
        }
        let unknown = applied.subtracting(migrations.map(\.id)).sorted()
        if !unknown.isEmpty { throw NewerSchema(path: db.path, unknown: unknown) }
        return migrations.map(\.id).filter { !applied.contains($0) }
    }

    /// Applies what is not yet applied; returns the ids applied now. Refuses (NewerSchema)
    /// a database carrying a migration this binary does not know, before changing anything.
    @discardableResult
    public func migrate(_ db: Database) throws -> [String] {
        try db.execute("CREATE TABLE IF NOT EXISTS schema_migrations (id TEXT PRIMARY KEY, applied_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP)")
        let applied = Set(try db.rows("SELECT id FROM schema_migrations").compactMap { try $0.column("id").string })
        let unknown = applied.subtracting(migrations.map(\.id)).sorted()
        if !unknown.isEmpty { throw NewerSchema(path: db.path, unknown: unknown) }
        var now: [String] = []
        for migration in migrations where !applied.contains(migration.id) {
            if migration.outsideTransaction {
                try db.execute(migration.sql)
                try db.run("INSERT OR IGNORE INTO schema_migrations (id) VALUES (?)", migration.id)
                now.append(migration.id)
                continue
            }
            // Checked again under the write lock: another connection (a run, a reading command)
            // may have applied it since the read above.
            let applied = try db.inTransaction { () -> Bool in
                if try db.row("SELECT 1 FROM schema_migrations WHERE id = ?", migration.id) != nil { return false }
                try db.execute(migration.sql)
                try db.run("INSERT INTO schema_migrations (id) VALUES (?)", migration.id)
                return true
            }
            if applied { now.append(migration.id) }
        }
        return now
    }
}
