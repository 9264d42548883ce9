import Foundation
import Testing
@testable import SQLiteDB

@Suite struct MigratorTests {
    func temp() -> String { NSTemporaryDirectory() + "/apx-migrator-\(UUID().uuidString).sqlite" }

    @Test func aDatabaseWithAnUnknownMigrationIsRefusedBeforeAnythingChanges() throws {
        let path = temp()
        defer { try? FileManager.default.removeItem(atPath: path) }
        var newer = Migrator()
        newer.register("001", sql: "CREATE TABLE a (x)")
        newer.register("002", sql: "CREATE TABLE b (x)")
        let db = try Database(path: path)
        try newer.migrate(db)
        var older = Migrator()
        older.register("001", sql: "CREATE TABLE a (x)")
        older.register("001b", sql: "CREATE TABLE c (x)")
        #expect(throws: Migrator.NewerSchema.self) { try older.migrate(db) }
        #expect(try db.row("SELECT name FROM sqlite_master WHERE name = 'c'") == nil)
        do { try older.migrate(db) } catch let e as Migrator.NewerSchema {
            #expect(e.unknown == ["002"])
            #expect(e.description.contains("newer apx"))
        }
    }

    @Test func anOnlineBackupIsASoundStandaloneCopy() throws {
        let path = temp(), copy = temp()
        defer { for p in [path, path + "-wal", path + "-shm", copy] { try? FileManager.default.removeItem(atPath: p) } }
        let db = try Database(path: path)
        try db.execute("CREATE TABLE t (n INTEGER); INSERT INTO t VALUES (1), (2), (3);")
        try db.backup(to: copy)
        #expect(try Database.integrityCheck(ofFile: copy) == ["ok"])
        #expect(!FileManager.default.fileExists(atPath: copy + "-wal"))
        #expect(try Database(path: copy).scalar("SELECT sum(n) FROM t").int == 6)
    }
}
