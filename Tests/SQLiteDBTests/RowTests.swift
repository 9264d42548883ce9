import Foundation
import Testing
@testable import SQLiteDB

/// `Row.column` of a name its statement does not return throws, naming the column and the
/// SQL; NULL and present columns read as values.
@Suite struct RowTests {
    private func database() throws -> Database {
        let db = try Database(path: NSTemporaryDirectory() + "/row-\(UUID().uuidString).sqlite")
        try db.execute("CREATE TABLE t (a TEXT, n INTEGER, z TEXT)")
        try db.run("INSERT INTO t (a, n, z) VALUES (?, ?, NULL)", "x", 7)
        return db
    }

    @Test func missingColumnThrowsWithTheSQLAndTheColumnName() throws {
        let db = try database()
        let sql = "SELECT a, n FROM t"
        let row = try #require(try db.row(sql))
        let error = try #require(throws: DatabaseError.self) { try row.column("nmae") }
        #expect(error.column == "nmae")
        #expect(error.sql == sql)
        #expect(error.isMissingColumn)
        #expect(error.description.contains("nmae") && error.description.contains(sql))
    }

    @Test func presentColumnsAndNullReadAsValues() throws {
        let db = try database()
        let row = try #require(try db.row("SELECT a, n, z FROM t"))
        #expect(try row.column("a").text == "x")
        #expect(try row.column("n").int == 7)
        #expect(try row.column("z").string == nil)
        #expect(try row.column("z").text == "")
        #expect(try row.column("z") == .null)
        #expect(row.sql == "SELECT a, n, z FROM t")
    }

    @Test func columnLeftOutOfASelectIsAnErrorNotAnEmptyValue() throws {
        // `SELECT a` then reading `z` (a real column of the table, not in the result set).
        let db = try database()
        let row = try #require(try db.row("SELECT a FROM t"))
        #expect(throws: DatabaseError.self) { try row.column("z") }
    }
}
