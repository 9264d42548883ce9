import CSQLite
import Foundation
import Testing
@testable import SQLiteDB

/// Prepared statements are found by the SQL's exact bytes (StatementCache): the same text
/// from any String finds one statement, different texts never share one (even when their
/// sampled hash is equal), and the cache stays bounded with many distinct statements.
@Suite struct StatementCacheTests {
    private func database() throws -> Database {
        let db = try Database(path: NSTemporaryDirectory() + "/cache-\(UUID().uuidString).sqlite")
        try db.execute("CREATE TABLE t (k INTEGER PRIMARY KEY, v TEXT)")
        return db
    }

    @Test func theSameTextFromAnotherStringFindsTheCachedStatement() throws {
        let db = try database()
        try db.run("INSERT INTO t (k, v) VALUES (?, ?)", 1, "a")
        let held = db.cachedStatementCount
        // Built at run time: other storage, same bytes.
        let built = ["INSERT INTO t (k, v)", "VALUES (?, ?)"].joined(separator: " ")
        try db.run(built, 2, "b")
        #expect(db.cachedStatementCount == held)
        #expect(try db.scalar("SELECT count(*) FROM t").int == 2)
    }

    @Test func textsWithTheSameSampledHashAreDifferentStatements() throws {
        let db = try database()
        // 100 bytes: the hash samples the words at 0, 13, 26, 39, 52, 65, 78 and 92, so the
        // bytes 8..12 are not sampled. These two differ only there (byte 9).
        let a = "SELECT 'x1' AS v" + String(repeating: " ", count: 100 - 16)
        let b = "SELECT 'x2' AS v" + String(repeating: " ", count: 100 - 16)
        #expect(a.utf8.count == 100 && b.utf8.count == 100)
        #expect(StatementCache.hash(a) == StatementCache.hash(b))
        #expect(try db.scalar(a) == .text("x1"))
        #expect(try db.scalar(b) == .text("x2"))
        #expect(try db.scalar(a) == .text("x1"))
    }

    @Test func canonicallyEquivalentButDifferentBytesAreDifferentStatements() throws {
        let db = try database()
        let composed = "SELECT 'caf\u{E9}' AS v", decomposed = "SELECT 'cafe\u{301}' AS v"
        #expect(composed == decomposed)  // Swift's String equality; SQLite runs the bytes
        #expect(try db.scalar(composed).string.map { Array($0.utf8) } == Array("caf\u{E9}".utf8))
        #expect(try db.scalar(decomposed).string.map { Array($0.utf8) } == Array("cafe\u{301}".utf8))
    }

    @Test func manyDistinctStatementsStayBoundedAndCorrect() throws {
        let db = try database()
        let hot = "INSERT INTO t (k, v) VALUES (?, ?)"
        for i in 0..<1_500 {
            // Distinct texts, as SQL built with changing values would be.
            #expect(try db.scalar("SELECT \(i) + ? AS n", 1).int == i + 1)
            if i % 100 == 0 { try db.run(hot, i, "v\(i)") }
            #expect(db.cachedStatementCount <= db.statementCache.limit)
        }
        #expect(try db.scalar("SELECT count(*) FROM t").int == 15)
        // Texts seen before the cache was emptied are prepared again.
        #expect(try db.scalar("SELECT 0 + ? AS n", 5).int == 5)
    }

    @Test func anErrorAfterACacheHitCarriesCodeMessageAndSQL() throws {
        let db = try database()
        let sql = "INSERT INTO t (k, v) VALUES (?, ?)"
        try db.run(sql, 1, "a")
        let error = try #require(throws: DatabaseError.self) { try db.run(sql, 1, "again") }
        #expect(error.code == SQLITE_CONSTRAINT | (6 << 8))  // SQLITE_CONSTRAINT_PRIMARYKEY
        #expect(error.message.contains("UNIQUE"))
        #expect(error.sql == sql)
        #expect(error.path == db.path)
        try db.run(sql, 2, "b")
        #expect(try db.rows("SELECT v FROM t ORDER BY k").map { $0.text("v") } == ["a", "b"])
    }

    @Test func aCachedSelectStarFollowsASchemaChange() throws {
        let db = try database()
        try db.run("INSERT INTO t (k, v) VALUES (1, 'a')")
        let sql = "SELECT * FROM t"
        #expect(try db.row(sql)?.columns == ["k", "v"])
        try db.execute("ALTER TABLE t ADD COLUMN w TEXT DEFAULT 'z'")
        let row = try #require(try db.row(sql))
        #expect(row.columns == ["k", "v", "w"])
        #expect(try row.column("w") == .text("z"))
    }

    @Test func rowStepsOnceAndScalarReadsTheFirstColumn() throws {
        let db = try database()
        for k in 1...3 { try db.run("INSERT INTO t (k, v) VALUES (?, ?)", k, "v\(k)") }
        #expect(try db.row("SELECT v FROM t ORDER BY k")?.text("v") == "v1")
        #expect(try db.row("SELECT v FROM t WHERE k > 9") == nil)
        #expect(try db.scalar("SELECT v, k FROM t ORDER BY k DESC") == .text("v3"))
        #expect(try db.scalar("SELECT v FROM t WHERE k > 9") == .null)
        // The statement stepped once was reset: a write is not blocked by it.
        try db.inTransaction { try db.run("DELETE FROM t") }
        #expect(try db.scalar("SELECT count(*) FROM t").int == 0)
    }
}
