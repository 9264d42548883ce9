import CSQLite
import Foundation
import Testing
@testable import SQLiteDB

/// `Database.deferringSync`: commits inside are not synced one by one (synchronous = NORMAL),
/// the WAL is synced once at the end (also when the body throws), FULL is back after.
@Suite struct DeferredSyncTests {
    func newDatabase() throws -> (Database, String) {
        let path = NSTemporaryDirectory() + "/apx-deferred-\(UUID().uuidString).sqlite"
        let db = try Database(path: path)
        try db.execute("CREATE TABLE t (v INTEGER)")
        return (db, path)
    }

    func remove(_ path: String) {
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
    }

    @Test func commitsInsideRunAtNormalAndTheWALIsSyncedOnceAtTheEnd() throws {
        let (db, path) = try newDatabase()
        defer { remove(path) }
        #expect(db.synchronousLevel == 2, "FULL outside")
        let before = db.walSyncs
        let levels = try db.deferringSync { () -> [Int] in
            var seen: [Int] = []
            for i in 0..<5 {
                try db.inTransaction { try db.run("INSERT INTO t VALUES (?)", i) }
                seen.append(db.synchronousLevel)
            }
            #expect(db.walSyncs == before, "no sync of its own inside")
            return seen
        }
        #expect(levels == [1, 1, 1, 1, 1], "NORMAL for every commit inside")
        #expect(db.synchronousLevel == 2, "FULL again after")
        #expect(db.walSyncs == before + 1, "one WAL sync at the end")
        // Committed, and seen by another connection.
        let other = try Database(readingOnly: path)
        #expect(try other.scalar("SELECT count(*) FROM t").int == 5)
    }

    @Test func aThrowingBodyStillRestoresFullAndSyncsWhatItCommitted() throws {
        struct Boom: Error {}
        let (db, path) = try newDatabase()
        defer { remove(path) }
        let before = db.walSyncs
        #expect(throws: Boom.self) {
            try db.deferringSync {
                try db.inTransaction { try db.run("INSERT INTO t VALUES (1)") }
                try db.inTransaction {
                    try db.run("INSERT INTO t VALUES (2)")
                    throw Boom()
                }
            }
        }
        #expect(db.synchronousLevel == 2)
        #expect(db.walSyncs == before + 1)
        #expect(try db.scalar("SELECT group_concat(v) FROM t").string == "1", "the first commit kept, the second rolled back")
    }

    @Test func insideATransactionItIsRefusedAndChangesNothing() throws {
        let (db, path) = try newDatabase()
        defer { remove(path) }
        var ran = false
        try db.inTransaction {
            do {
                try db.deferringSync { ran = true }
                Issue.record("deferringSync ran inside a transaction")
            } catch let error as DatabaseError {
                #expect(error.code == SQLITE_MISUSE)
            }
            try db.run("INSERT INTO t VALUES (1)")
        }
        #expect(!ran)
        #expect(db.synchronousLevel == 2)
        #expect(try db.scalar("SELECT count(*) FROM t").int == 1)
    }

    @Test func withNothingWrittenItReturnsAndLeavesFull() throws {
        let path = NSTemporaryDirectory() + "/apx-deferred-\(UUID().uuidString).sqlite"
        defer { remove(path) }
        let db = try Database(path: path)
        let value = try db.deferringSync { 42 }
        #expect(value == 42)
        #expect(db.synchronousLevel == 2)
        // A body that only reads (an empty night's evaluation) has nothing to sync.
        try db.execute("CREATE TABLE t (v INTEGER)")
        try db.inTransaction { try db.run("INSERT INTO t VALUES (1)") }
        let before = db.walSyncs
        let count = try db.deferringSync { try db.inTransaction { try db.scalar("SELECT count(*) FROM t").int } }
        #expect(count == 1 && db.walSyncs == before, "no sync when no row changed")
    }

    @Test func aNestedCallSyncsAtItsOwnEndAndLeavesTheOuterDeferring() throws {
        let (db, path) = try newDatabase()
        defer { remove(path) }
        let before = db.walSyncs
        try db.deferringSync {
            try db.deferringSync { try db.inTransaction { try db.run("INSERT INTO t VALUES (1)") } }
            #expect(db.walSyncs == before + 1, "durable when the inner call returns")
            #expect(db.synchronousLevel == 1, "the outer call still defers")
            try db.inTransaction { try db.run("INSERT INTO t VALUES (2)") }
        }
        #expect(db.walSyncs == before + 2)
        #expect(db.synchronousLevel == 2)
        #expect(try db.scalar("SELECT count(*) FROM t").int == 2)
    }

    @Test func aConnectionBelowNormalStaysAsItIsAndOneAtExtraGetsExtraBack() throws {
        let (db, path) = try newDatabase()
        defer { remove(path) }
        try db.execute("PRAGMA synchronous = OFF")   // a scratch copy (apx check)
        let before = db.walSyncs
        let inside = try db.deferringSync { () -> Int in
            try db.inTransaction { try db.run("INSERT INTO t VALUES (1)") }
            return db.synchronousLevel
        }
        #expect(inside == 0 && db.synchronousLevel == 0, "OFF stays OFF, not raised to FULL")
        #expect(db.walSyncs == before)
        try db.execute("PRAGMA synchronous = EXTRA")
        let extraInside = try db.deferringSync { db.synchronousLevel }
        #expect(extraInside == 1 && db.synchronousLevel == 3, "the connection's own level comes back")
    }
}
