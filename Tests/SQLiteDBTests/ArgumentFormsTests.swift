import CSQLite
import Foundation
import Testing
@testable import SQLiteDB

/// The argument forms bind the same way whatever their arity: the fixed forms (0–16
/// arguments, Database+Arguments.swift), the parameter pack beyond, and `arguments:`.
@Suite struct ArgumentFormsTests {
    private func database() throws -> Database {
        let db = try Database(path: NSTemporaryDirectory() + "/forms-\(UUID().uuidString).sqlite")
        try db.execute("CREATE TABLE w (" + (1...20).map { "c\($0)" }.joined(separator: ", ") + ")")
        return db
    }

    private func insert(_ n: Int) -> String {
        "INSERT INTO w (" + (1...n).map { "c\($0)" }.joined(separator: ", ") + ") VALUES ("
            + Array(repeating: "?", count: n).joined(separator: ", ") + ")"
    }

    @Test func sixteenArgumentsTheLastFixedForm() throws {
        let db = try database()
        try db.run(insert(16), 1, "b", 3.5, "d", Optional<String>.none, "f", 7, "h", "i", 10, "k", "l", 13, "n", "o", "p")
        let row = try #require(try db.row("SELECT * FROM w"))
        #expect(row.values.prefix(16) == [.integer(1), .text("b"), .real(3.5), .text("d"), .null, .text("f"), .integer(7), .text("h"),
                                          .text("i"), .integer(10), .text("k"), .text("l"), .integer(13), .text("n"), .text("o"), .text("p")])
        #expect(try row.column("c17") == .null)
    }

    @Test func seventeenAndTwentyArgumentsTakeTheParameterPack() throws {
        let db = try database()
        try db.run(insert(17), 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, "seventeen")
        try db.run(insert(20), 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, "twenty")
        let rows = try db.rows("SELECT c17, c20 FROM w ORDER BY rowid")
        #expect(rows.map(\.values) == [[.text("seventeen"), .null], [.integer(17), .text("twenty")]])
        // A wrong count through the pack is the same error as through a fixed form.
        let error = try #require(throws: DatabaseError.self) {
            try db.run(insert(18), 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17)
        }
        #expect(error.code == SQLITE_RANGE)
        #expect(error.message == "expected 18 arguments, got 17")
    }

    @Test func everyFormReadsTheSame() throws {
        let db = try database()
        try db.run("INSERT INTO w (c1, c2) VALUES (?, ?)", 1, "one")
        try db.run("INSERT INTO w (c1, c2) VALUES (?, ?)", arguments: [2, "two"])
        let sql = "SELECT c2 FROM w WHERE c1 = ?"
        #expect(try db.scalar(sql, 2) == .text("two"))
        #expect(try db.row(sql, 1)?.text("c2") == "one")
        #expect(try db.rows(sql, arguments: [1]).map { $0.text("c2") } == ["one"])
        #expect(try db.scalar("SELECT count(*) FROM w").int == 2)
        #expect(try db.rows("SELECT c1 FROM w WHERE c1 > ? AND c1 < ?", 0, 3).count == 2)
    }

    @Test func aBindFailureInAFixedFormLeavesTheStatementUsable() throws {
        let db = try database()
        let sql = "SELECT ? || ?"
        // Text longer than SQLite's limit fails in sqlite3_bind_text with SQLITE_TOOBIG.
        sqlite3_limit(db.handle, SQLITE_LIMIT_LENGTH, 100)
        let error = try #require(throws: DatabaseError.self) { try db.scalar(sql, "a", String(repeating: "x", count: 200)) }
        #expect(error.code == SQLITE_TOOBIG)
        #expect(error.sql == sql)
        #expect(try db.scalar(sql, "a", "b") == .text("ab"))
    }
}
