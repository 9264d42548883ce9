import CSQLite
import Foundation
import Testing
@testable import SQLiteDB

/// Text and blob arguments are bound SQLITE_STATIC from the statement's own arena
/// (BindArena): every value must reach SQLite intact whatever its size, across reuses of the
/// statement, after a failed step, and when the arena grows between uses.
@Suite struct BindingLifetimeTests {
    private func database() throws -> Database {
        let db = try Database(path: NSTemporaryDirectory() + "/bind-\(UUID().uuidString).sqlite")
        try db.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, s TEXT, b BLOB)")
        return db
    }

    /// A String made at run time (heap storage) and released right after the call.
    private func made(_ prefix: String, _ n: Int) -> String {
        String(repeating: prefix, count: n) + "#\(n)"
    }

    @Test func textBoundFromATemporaryStringIsStoredAsItWas() throws {
        let db = try database()
        for n in [0, 1, 7, 15, 16, 17, 200, 1_000] {
            try db.run("INSERT INTO t (id, s) VALUES (?, ?)", n, made("瑋x", n))
        }
        for n in [0, 1, 7, 15, 16, 17, 200, 1_000] {
            #expect(try db.scalar("SELECT s FROM t WHERE id = ?", n).string == made("瑋x", n))
        }
    }

    @Test func aParameterReadBackAsAResultColumnIsTheBoundText() throws {
        let db = try database()
        // The result column points into the bound bytes while the row is read.
        for n in [3, 40, 5_000, 20_000] {
            let row = try #require(try db.row("SELECT ? AS a, ? AS b, length(?) AS n", made("a", n), made("b", n), made("c", n)))
            #expect(try row.column("a").string == made("a", n))
            #expect(try row.column("b").string == made("b", n))
            #expect(try row.column("n").int == made("c", n).count)
        }
    }

    @Test func manyArgumentsOfGrowingSizeAcrossReusesOfOneStatement() throws {
        let db = try database()
        try db.execute("CREATE TABLE w (k INTEGER, a, b, c, d, e, f, g, h)")
        let sql = "INSERT INTO w VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
        // Sizes that overflow the arena on the first uses (bound SQLITE_TRANSIENT), then fit
        // once it has grown; the largest stay above what the arena ever copies.
        let sizes = [1, 30, 300, 3_000, 9_000, 30_000, 3, 0]
        for round in 0..<6 {
            let values = sizes.indices.map { made(String(UnicodeScalar(UInt8(97 + $0))), sizes[($0 + round) % sizes.count]) }
            try db.run(sql, round, values[0], values[1], values[2], values[3], values[4], values[5], values[6], values[7])
        }
        for round in 0..<6 {
            let row = try #require(try db.row("SELECT * FROM w WHERE k = ?", round))
            for (i, column) in ["a", "b", "c", "d", "e", "f", "g", "h"].enumerated() {
                #expect(try row.column(column).string == made(String(UnicodeScalar(UInt8(97 + i))), sizes[(i + round) % sizes.count]))
            }
        }
    }

    @Test func emptyTextIsEmptyNotNullAndEmptyBlobIsABlob() throws {
        let db = try database()
        try db.run("INSERT INTO t (id, s, b) VALUES (1, ?, ?)", "", SQLValue.blob([]))
        let row = try #require(try db.row("SELECT typeof(s) AS ts, s, typeof(b) AS tb, length(b) AS nb FROM t"))
        #expect(try row.column("ts").string == "text")
        #expect(try row.column("s") == .text(""))
        #expect(try row.column("tb").string == "blob")
        #expect(try row.column("nb").int == 0)
    }

    @Test func embeddedNulAndMultibyteTextKeepTheirBytes() throws {
        let db = try database()
        let text = "a\u{0}b南昌\u{0}" + made("景", 10)
        try db.run("INSERT INTO t (id, s) VALUES (1, ?)", text)
        let row = try #require(try db.row("SELECT s, length(CAST(s AS BLOB)) AS n FROM t"))
        #expect(try row.column("s").string.map { Array($0.utf8) } == Array(text.utf8))
        #expect(try row.column("n").int == text.utf8.count)
    }

    @Test func blobsOfEverySizeRoundTrip() throws {
        let db = try database()
        let sizes = [1, 255, 256, 257, 16_384, 16_385, 70_000]
        for (i, n) in sizes.enumerated() {
            try db.run("INSERT INTO t (id, b) VALUES (?, ?)", i, SQLValue.blob((0..<n).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ i) }))
        }
        for (i, n) in sizes.enumerated() {
            #expect(try db.scalar("SELECT b FROM t WHERE id = ?", i) == .blob((0..<n).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ i) }))
        }
    }

    @Test func aFailedStepLeavesTheStatementReadyForTheNextUse() throws {
        let db = try database()
        try db.execute("CREATE UNIQUE INDEX t_s ON t (s)")
        let sql = "INSERT INTO t (s) VALUES (?)"
        try db.run(sql, made("dup", 20))
        let error = try #require(throws: DatabaseError.self) { try db.run(sql, made("dup", 20)) }
        #expect(error.code == SQLITE_CONSTRAINT | (8 << 8))  // SQLITE_CONSTRAINT_UNIQUE
        #expect(error.sql == sql)
        try db.run(sql, made("other", 20))
        #expect(try db.rows("SELECT s FROM t ORDER BY id").map(\.[0]) == [.text(made("dup", 20)), .text(made("other", 20))])
        // The failed use was reset: nothing holds a read or write of the database open.
        #expect(!db.isInTransaction)
        try db.inTransaction { try db.run(sql, made("third", 3)) }
        #expect(try db.scalar("SELECT count(*) FROM t").int == 3)
    }

    @Test func theArrayAPIBindsTheSameWay() throws {
        let db = try database()
        let arguments: [SQLBindable] = [1, made("arr", 50), SQLValue.blob([1, 2, 3])]
        try db.run("INSERT INTO t (id, s, b) VALUES (?, ?, ?)", arguments: arguments)
        let rows = try db.rows("SELECT s, b FROM t WHERE id = ?", arguments: [1])
        #expect(rows.count == 1)
        #expect(try rows[0].column("s").string == made("arr", 50))
        #expect(try rows[0].column("b") == .blob([1, 2, 3]))
    }

    /// An argument that queries the same SQL while it is being bound: the inner call must get
    /// its own statement, or it would reset and rebind the outer one.
    @Test func aReentrantUseOfTheSameSQLGetsItsOwnStatement() throws {
        let db = try database()
        try db.run("INSERT INTO t (id, s) VALUES (1, 'one'), (2, 'two')")
        struct Reentrant: SQLBindable {
            let db: Database
            var sqlValue: SQLValue {
                let inner = try? db.scalar("SELECT s FROM t WHERE id = ?", 2)
                return inner == .text("two") ? .integer(1) : .integer(99)
            }
        }
        #expect(try db.scalar("SELECT s FROM t WHERE id = ?", Reentrant(db: db)) == .text("one"))
        // The cached statement is free again afterwards.
        #expect(try db.scalar("SELECT s FROM t WHERE id = ?", 2) == .text("two"))
    }

    @Test func wrongArgumentCountOnACachedStatementThrowsAndLeavesItUsable() throws {
        let db = try database()
        let sql = "INSERT INTO t (id, s) VALUES (?, ?)"
        try db.run(sql, 1, "a")
        let error = try #require(throws: DatabaseError.self) { try db.run(sql, 2) }
        #expect(error.code == SQLITE_RANGE)
        #expect(error.sql == sql)
        #expect(error.message == "expected 2 arguments, got 1")
        try db.run(sql, 3, "c")
        #expect(try db.rows("SELECT id FROM t ORDER BY id").map { $0.int("id") } == [1, 3])
    }
}
