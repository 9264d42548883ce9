import Foundation
import Testing
@testable import SQLiteDB

/// `apx_feed(?)`: rows held in Swift, written by one set statement, exactly as bound.
@Suite struct FeedRowsTests {
    private func database() throws -> Database {
        let db = try Database(path: NSTemporaryDirectory() + "/feed-\(UUID().uuidString).sqlite")
        try db.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, a, b, c, d NOT NULL DEFAULT 'x')")
        return db
    }

    @Test func everyKindOfValueArrivesAsBound() throws {
        let db = try database()
        var rows = FeedRows(columns: 3)
        let odd = "名称\u{0}后\u{1F600}\r\n'\"" // NUL, a 4-byte character, quotes
        rows.append(1); rows.append(odd); rows.append(SQLValue.blob([0, 255, 7]))
        rows.append(2); rows.append(""); rows.append(2.5)
        rows.append(3); rows.appendNull(); rows.append(Optional<String>.none)
        try db.run("INSERT INTO t (id, a, b) SELECT c0, c1, c2 FROM apx_feed(?)", feeding: &rows)
        let stored = try db.rows("SELECT id, a, b, typeof(a) AS ta, typeof(b) AS tb FROM t ORDER BY id")
        #expect(stored.count == 3)
        #expect(try stored[0].column("a") == .text(odd))
        #expect(try stored[0].column("b") == .blob([0, 255, 7]))
        #expect(try stored[1].column("a") == .text("") && stored[1].column("ta") == .text("text"))
        #expect(try stored[1].column("b") == .real(2.5))
        #expect(try stored[2].column("ta") == .text("null") && stored[2].column("tb") == .text("null"))
    }

    @Test func rowsKeepTheirOrderAcrossManyRowsAndTheLargestWidth() throws {
        let db = try database()
        try db.execute("CREATE TABLE wide (" + (0..<FeedRows.maximumColumns).map { "w\($0)" }.joined(separator: ", ") + ")")
        var rows = FeedRows(columns: FeedRows.maximumColumns)
        for r in 0..<5000 { for c in 0..<FeedRows.maximumColumns { rows.append(c == 0 ? String(r) : "r\(r)c\(c)") } }
        let columns = (0..<FeedRows.maximumColumns).map { "c\($0)" }.joined(separator: ", ")
        try db.inTransaction {
            try db.run("INSERT INTO wide SELECT \(columns) FROM apx_feed(?)", feeding: &rows)
        }
        #expect(try db.scalar("SELECT count(*) FROM wide").int == 5000)
        #expect(try db.scalar("SELECT w23 FROM wide WHERE rowid = 4321").text == "r4320c23")
        #expect(try db.scalar("SELECT count(*) FROM wide WHERE rowid != w0 + 1").int == 0)
    }

    @Test func theSameStatementRunsAgainOverNewRows() throws {
        let db = try database()
        var rows = FeedRows(columns: 2)
        for batch in 0..<3 {
            rows.removeAll()
            for i in 0..<10 { rows.append(batch * 10 + i); rows.append("v\(batch)") }
            try db.run("INSERT INTO t (id, a) SELECT c0, c1 FROM apx_feed(?)", feeding: &rows)
        }
        #expect(try db.scalar("SELECT count(*) FROM t").int == 30)
        #expect(try db.scalar("SELECT a FROM t WHERE id = 25").text == "v2")
    }

    @Test func anEmptyFeedWritesNothing() throws {
        let db = try database()
        var rows = FeedRows(columns: 2)
        try db.run("INSERT INTO t (id, a) SELECT c0, c1 FROM apx_feed(?)", feeding: &rows)
        #expect(try db.scalar("SELECT count(*) FROM t").int == 0)
    }

    @Test func aSetUpdateJoinsTheFeedByKey() throws {
        let db = try database()
        try db.execute("INSERT INTO t (id, a) VALUES (1, 'old'), (2, 'old'), (3, 'old')")
        var rows = FeedRows(columns: 2)
        rows.append(3); rows.append("three"); rows.append(1); rows.append("one")
        try db.run("UPDATE t SET a = f.c1 FROM apx_feed(?) AS f WHERE t.id = f.c0", feeding: &rows)
        #expect(try db.rows("SELECT a FROM t ORDER BY id").map { try $0.column("a").text } == ["one", "old", "three"])
    }

    /// SQL text cannot pass a pointer: bound as text, or with no argument, the feed has no rows.
    @Test func sqlTextCannotForgeAFeed() throws {
        let db = try database()
        #expect(try db.scalar("SELECT count(*) FROM apx_feed(?)", "0x1234").int == 0)
        #expect(try db.scalar("SELECT count(*) FROM apx_feed(1234)").int == 0)
        #expect(throws: DatabaseError.self) { try db.rows("SELECT * FROM apx_feed") }
        #expect(throws: DatabaseError.self) { try db.execute("CREATE VIRTUAL TABLE v USING apx_feed") }
    }

    /// The feed is for statements the code runs directly: a view or trigger over it (schema
    /// that a database file could carry) is refused when used (SQLITE_VTAB_DIRECTONLY).
    @Test func aViewOrTriggerCannotReadTheFeed() throws {
        let db = try database()
        try db.execute("CREATE VIEW fed AS SELECT c0 FROM apx_feed(NULL)")
        #expect(throws: DatabaseError.self) { try db.rows("SELECT * FROM fed") }
        try db.execute("CREATE TABLE log (n)")
        try db.execute("CREATE TRIGGER t_feed AFTER INSERT ON t BEGIN INSERT INTO log SELECT count(*) FROM apx_feed(NULL); END")
        #expect(throws: DatabaseError.self) { try db.run("INSERT INTO t (id, a) VALUES (1, 'x')") }
    }

    /// A constraint failure rolls the whole statement back (no half-written feed) and names the SQL.
    @Test func aFailingRowUndoesTheWholeStatement() throws {
        let db = try database()
        try db.execute("INSERT INTO t (id, a) VALUES (2, 'there')")
        var rows = FeedRows(columns: 2)
        for i in 1...3 { rows.append(i); rows.append("new") }
        try db.execute("BEGIN")
        let error = #expect(throws: DatabaseError.self) {
            try db.run("INSERT INTO t (id, a) SELECT c0, c1 FROM apx_feed(?)", feeding: &rows)
        }
        let sql = error?.sql ?? ""
        #expect(sql.contains("apx_feed"))
        #expect(try db.scalar("SELECT count(*) FROM t").int == 1)
        try db.execute("COMMIT")
    }
}
