/// Applies migrations by id, each once and in its own transaction, in the order registered.
public struct Migrator {
    public struct Migration {
        public let id: String
        public let sql: String
    }

    private var migrations: [Migration] = []

    public init() {}

    public mutating func register(_ id: String, sql: String) {
        precondition(!migrations.contains { $0.id == id }, "duplicate migration id \(id)")
        migrations.append(Migration(id: id, sql: sql))
    }

    /// Applies what is not yet applied; returns the ids applied now.
    @discardableResult
    public func migrate(_ db: Database) throws -> [String] {
        try db.execute("CREATE TABLE IF NOT EXISTS schema_migrations (id TEXT PRIMARY KEY, applied_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP)")
        let applied = Set(try db.rows("SELECT id FROM schema_migrations").compactMap { $0.string("id") })
        var now: [String] = []
        for migration in migrations where !applied.contains(migration.id) {
            try db.inTransaction {
                try db.execute(migration.sql)
                try db.run("INSERT INTO schema_migrations (id) VALUES (?)", migration.id)
            }
            now.append(migration.id)
        }
        return now
    }
}
