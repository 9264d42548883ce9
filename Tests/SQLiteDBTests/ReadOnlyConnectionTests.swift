import Foundation
import Testing
@testable import SQLiteDB

/// `Database(readingOnly:)`: a reader that never waits for a writer and never writes.
@Suite struct ReadOnlyConnectionTests {
    /// A WAL database with one committed row, its connection closed (no -wal, no -shm left).
    func committed() throws -> String {
        let path = NSTemporaryDirectory() + "/apx-readonly-\(UUID().uuidString).sqlite"
        let db = try Database(path: path)
        try db.execute("CREATE TABLE t (v INTEGER); INSERT INTO t VALUES (1)")
        return path
    }

    func remove(_ path: String) {
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
    }

    @Test func aReaderAnswersAtOnceWhileAWriterHoldsItsTransaction() throws {
        let path = try committed()
        defer { remove(path) }
        let writer = try Database(path: path)
        try writer.execute("BEGIN IMMEDIATE")
        try writer.run("INSERT INTO t VALUES (?)", 2)
        let started = Date()
        let reader = try Database(readingOnly: path)   // the default 5 s busy timeout
        #expect(try reader.scalar("SELECT count(*) FROM t").int == 1, "the last committed state")
        #expect(Date().timeIntervalSince(started) < 1)
        try writer.execute("COMMIT")
        #expect(try reader.scalar("SELECT count(*) FROM t").int == 2)
    }

    @Test func writesAreRefusedAndTheFileIsLeftAsItIs() throws {
        let path = try committed()
        defer { remove(path) }
        let before = FileManager.default.contents(atPath: path)
        do {
            let reader = try Database(readingOnly: path)
            #expect(reader.isReadOnly)
            #expect(try reader.scalar("PRAGMA journal_mode").string == "wal")
            for sql in ["INSERT INTO t VALUES (3)", "UPDATE t SET v = 2", "CREATE TABLE u (x)"] {
                #expect("\(sql)") {
                    try reader.execute(sql)
                } throws: { ($0 as? DatabaseError)?.isReadOnly == true }
            }
        }
        #expect(FileManager.default.contents(atPath: path) == before)
        #expect(try Database(readingOnly: path).scalar("SELECT count(*) FROM t").int == 1)
    }

    @Test func aMissingFileIsNotCreated() throws {
        let path = NSTemporaryDirectory() + "/apx-readonly-missing-\(UUID().uuidString).sqlite"
        #expect {
            _ = try Database(readingOnly: path)
        } throws: { ($0 as? DatabaseError)?.isCannotOpen == true && ($0 as? DatabaseError)?.path == path }
        #expect(!FileManager.default.fileExists(atPath: path))
    }

    @Test func pendingMigrationsAreReadWithoutWriting() throws {
        let path = try committed()
        defer { remove(path) }
        var migrator = Migrator()
        migrator.register("001", sql: "CREATE TABLE a (x)")
        migrator.register("002", sql: "CREATE TABLE b (x)")
        // No schema_migrations yet: all pending, and the reader does not create the table.
        #expect(try migrator.pending(try Database(readingOnly: path)) == ["001", "002"])
        var first = Migrator()
        first.register("001", sql: "CREATE TABLE a (x)")
        try first.migrate(try Database(path: path))
        let before = FileManager.default.contents(atPath: path)
        let reader = try Database(readingOnly: path)
        #expect(try migrator.pending(reader) == ["002"])
        #expect(try reader.row("SELECT 1 FROM sqlite_master WHERE name = 'b'") == nil)
        var older = Migrator()
        older.register("000", sql: "CREATE TABLE z (x)")
        #expect(throws: Migrator.NewerSchema.self) { try older.pending(reader) }
        #expect(FileManager.default.contents(atPath: path) == before)
    }
}
