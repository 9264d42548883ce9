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

@Suite struct ConcurrentMigrationTests {
    /// Two connections opening a new database at once (a run and a reading command): each
    /// migration is applied once, neither fails with "table already exists".
    @Test func twoConnectionsMigratingAtOnceApplyEachMigrationOnce() throws {
        var m = Migrator()
        for i in 0..<30 { m.register(String(format: "%03d", i), sql: "CREATE TABLE t\(i) (x)") }
        let migrator = m
        for _ in 0..<5 {
            let path = NSTemporaryDirectory() + "/apx-migrate-race-\(UUID().uuidString).sqlite"
            defer { for p in [path, path + "-wal", path + "-shm"] { try? FileManager.default.removeItem(atPath: p) } }
            _ = try Database(path: path)
            let failures = Failures()
            DispatchQueue.concurrentPerform(iterations: 2) { _ in
                do { try migrator.migrate(try Database(path: path)) } catch { failures.add("\(error)") }
            }
            #expect(failures.all.isEmpty, "\(failures.all)")
            #expect(try Database(path: path).scalar("SELECT count(*) FROM schema_migrations").int == 30)
        }
    }
}

final class Failures: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [String] = []
    func add(_ s: String) { lock.lock(); items.append(s); lock.unlock() }
    var all: [String] { lock.lock(); defer { lock.unlock() }; return items }
}
