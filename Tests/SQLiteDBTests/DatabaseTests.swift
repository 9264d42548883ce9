import Foundation
import Testing
@testable import SQLiteDB

private func tempDB() throws -> (Database, String) {
    let path = NSTemporaryDirectory() + "/sqlitedb-\(UUID().uuidString).sqlite"
    return (try Database(path: path), path)
}

@Suite struct DatabaseTests {
    struct Boom: Error {}

    @Test func transactionCommitsWhenBodyReturns() throws {
        let (db, _) = try tempDB()
        try db.execute("CREATE TABLE t (v INTEGER)")
        try db.inTransaction { try db.run("INSERT INTO t VALUES (?)", 1) }
        #expect(try db.scalar("SELECT count(*) FROM t").int == 1)
    }

    @Test func transactionRollsBackAndRethrows() throws {
        let (db, _) = try tempDB()
        try db.execute("CREATE TABLE t (v INTEGER)")
        #expect(throws: Boom.self) {
            try db.inTransaction {
                try db.run("INSERT INTO t VALUES (?)", 1)
                throw Boom()
            }
        }
        #expect(try db.scalar("SELECT count(*) FROM t").int == 0)
        #expect(!db.isInTransaction)
    }

    @Test func nestedTransactionRollsBackOnlyItsSavepoint() throws {
        let (db, _) = try tempDB()
        try db.execute("CREATE TABLE t (v INTEGER)")
        try db.inTransaction {
            try db.run("INSERT INTO t VALUES (?)", 1)
            _ = try? db.inTransaction {
                try db.run("INSERT INTO t VALUES (?)", 2)
                throw Boom()
            }
        }
        #expect(try db.rows("SELECT v FROM t").map { $0.int("v") } == [1])
    }

    @Test func errorCarriesCodeMessageAndSQL() throws {
        let (db, _) = try tempDB()
        do {
            try db.run("INSERT INTO missing VALUES (1)")
            Issue.record("expected an error")
        } catch let error as DatabaseError {
            #expect(error.code == 1)
            #expect(error.message.contains("missing"))
            #expect(error.sql == "INSERT INTO missing VALUES (1)")
        }
    }

    @Test func migrationsApplyOnceByID() throws {
        let (db, path) = try tempDB()
        var m = Migrator()
        m.register("001", sql: "CREATE TABLE a (x)")
        m.register("002", sql: "CREATE TABLE b (x)")
        #expect(try m.migrate(db) == ["001", "002"])
        #expect(try m.migrate(db) == [])
        let reopened = try Database(path: path)
        #expect(try m.migrate(reopened) == [])
        #expect(try reopened.scalar("SELECT count(*) FROM schema_migrations").int == 2)
    }

    @Test func databaseOpensInWALMode() throws {
        let (db, _) = try tempDB()
        #expect(try db.scalar("PRAGMA journal_mode").string == "wal")
        #expect(try db.integrityCheck() == ["ok"])
    }

    /// Every commit syncs the WAL (FULL = 2); a new database has 16 KiB pages.
    @Test func connectionSyncsEveryCommitWithForeignKeysOnAnd16KiBPages() throws {
        let (db, _) = try tempDB()
        try db.execute("CREATE TABLE t (x)")
        #expect(try db.scalar("PRAGMA synchronous").int == 2)
        #expect(try db.scalar("PRAGMA page_size").int == 16_384)
        #expect(try db.scalar("PRAGMA foreign_keys").int == 1)
    }

    /// Deleted content is not zeroed on any connection (SQLite built with SECURE_DELETE, as
    /// Debian's is, would zero it): a row deleted, its page written again, the old bytes stay
    /// until reused.
    @Test func connectionsLeaveDeletedContentInPlaceWhateverSQLiteWasBuiltWith() throws {
        let (db, path) = try tempDB()
        #expect(try db.scalar("PRAGMA secure_delete").int == 0)
        try db.execute("CREATE TABLE t (x TEXT)")
        try db.execute("INSERT INTO t VALUES ('keep-me'), ('\(String(repeating: "deleted-marker-", count: 20))')")
        try db.execute("DELETE FROM t WHERE x LIKE 'deleted-marker-%'")
        try db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        #expect(bytes.range(of: Data("deleted-marker-deleted-marker-".utf8)) != nil, "the deleted row's bytes are still in its page")
        let reader = try Database(readingOnly: path)
        #expect(try reader.scalar("PRAGMA secure_delete").int == 0)
    }

    /// The WAL is checkpointed at a quarter of the database's size, between 1 and 64 MiB,
    /// set at each transaction's start as the database grows.
    @Test func checkpointIntervalIsAQuarterOfTheDatabaseBetween1And64MiB() throws {
        #expect(Database.checkpointPages(databasePages: 0, pageBytes: 16_384) == 64)
        #expect(Database.checkpointPages(databasePages: 640, pageBytes: 16_384) == 160)
        #expect(Database.checkpointPages(databasePages: 1_000_000, pageBytes: 16_384) == 4096)
        #expect(Database.checkpointPages(databasePages: 1_000_000, pageBytes: 4096) == 16_384)
        let (db, _) = try tempDB()
        try db.inTransaction { try db.execute("CREATE TABLE t (x BLOB)") }
        #expect(try db.scalar("PRAGMA wal_autocheckpoint").int == 64)
        // 16 MiB of rows: at the next transaction a quarter of the file (~4 MiB, 256 pages).
        try db.inTransaction {
            for _ in 0..<256 { try db.run("INSERT INTO t VALUES (zeroblob(65536))") }
        }
        let pages = try #require(try db.scalar("PRAGMA page_count").int)
        try db.inTransaction {}
        #expect(try db.scalar("PRAGMA wal_autocheckpoint").int == pages / 4)
        #expect((256...300).contains(pages / 4))
    }

    /// A database made with 4 KiB pages (every workspace before 16 KiB) keeps them, opens
    /// and reads as before, and counts its checkpoint interval in its own pages.
    @Test func aDatabaseWith4KiBPagesKeepsItsPageSize() throws {
        let path = NSTemporaryDirectory() + "/sqlitedb-\(UUID().uuidString).sqlite"
        do {
            let old = try Database(path: path, pageSize: 4096)
            try old.execute("CREATE TABLE t (x); INSERT INTO t VALUES (42)")
        }
        let db = try Database(path: path)
        #expect(try db.scalar("PRAGMA page_size").int == 4096)
        #expect(try db.scalar("PRAGMA wal_autocheckpoint").int == 256)   // 1 MiB of 4 KiB pages
        #expect(try db.scalar("SELECT x FROM t").int == 42)
        try db.run("INSERT INTO t VALUES (?)", 43)
        #expect(try db.scalar("SELECT count(*) FROM t").int == 2)
        #expect(try db.integrityCheck() == ["ok"])
    }

    /// A new file appears whole: already in WAL mode with its page size (header bytes 16–19),
    /// nothing left beside it — no reader ever finds it under a rollback journal's lock.
    @Test func aNewDatabaseFileAppearsInWALModeWithItsPageSizeAndNothingBesideIt() throws {
        let dir = NSTemporaryDirectory() + "/sqlitedb-whole-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/approval.sqlite"
        do {
            let db = try Database(path: path)
            let header = Array(try #require(FileManager.default.contents(atPath: path)).prefix(20))
            #expect(header.count == 20 && Array(header[16...19]) == [0x40, 0x00, 2, 2])   // 16 KiB, WAL read and write
            #expect(try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.hasPrefix(".") }.isEmpty)
            #expect(!FileManager.default.fileExists(atPath: path + "-journal"))
            try db.execute("CREATE TABLE t (x); INSERT INTO t VALUES (1)")
        }
        // An existing file is opened, never made again.
        let again = try Database(path: path)
        #expect(try again.scalar("SELECT count(*) FROM t").int == 1)
    }

    /// A folder that cannot be written: the creation fails as SQLite's own open would.
    @Test func aNewDatabaseInAMissingFolderFailsWithCannotOpen() throws {
        let path = NSTemporaryDirectory() + "/sqlitedb-missing-\(UUID().uuidString)/approval.sqlite"
        #expect(throws: DatabaseError.self) { _ = try Database(path: path) }
        #expect(!FileManager.default.fileExists(atPath: path))
    }

    @Test func bindsAndReadsEveryValueKind() throws {
        let (db, _) = try tempDB()
        try db.execute("CREATE TABLE t (i, r, s, b, n)")
        try db.run("INSERT INTO t VALUES (?, ?, ?, ?, ?)", 42, 1.5, "瑋", SQLValue.blob([0, 255]), Optional<String>.none)
        let row = try #require(try db.row("SELECT * FROM t"))
        #expect(row["i"] == .integer(42))
        #expect(row["r"] == .real(1.5))
        #expect(row["s"] == .text("瑋"))
        #expect(row["b"] == .blob([0, 255]))
        #expect(row["n"] == .null)
    }
}
