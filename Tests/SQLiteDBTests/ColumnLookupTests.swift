import Foundation
import Testing
@testable import SQLiteDB

/// A read by name finds what `columns.firstIndex(of:)` would: long names sharing a 16-byte
/// prefix, names of every length, duplicates (the first), and canonically equivalent text.
@Suite struct ColumnLookupTests {
    @Test func namesOfEveryLengthAndSharedPrefixesResolveToTheirColumn() throws {
        let names = ["a", "ab", "abcdefg", "abcdefgh", "abcdefghi", "abcdefghijklmnop", "abcdefghijklmnopq",
                     "abcdefghijklmnopr", "abcdefghijklmnopqrstuvwxyz_1", "abcdefghijklmnopqrstuvwxyz_2", "项目代码", ""]
        let row = Row(columns: names, values: names.indices.map { .integer(Int64($0)) }, sql: "S")
        for (i, name) in names.enumerated() {
            #expect(try row.column(name) == .integer(Int64(i)), "\(name)")
            // The same name from heap storage.
            let copy = String(decoding: Array(name.utf8), as: UTF8.self)
            #expect(try row.column(copy) == .integer(Int64(i)), "\(name)")
        }
        for missing in ["abcdefghijklmnopz", "abcdefghijklmnopqrstuvwxyz_3", "b", "abcdefgh ", "项目"] {
            #expect(throws: DatabaseError.self) { try row.column(missing) }
            #expect(row[missing] == .null)
        }
    }

    @Test func aDuplicateNameReadsTheFirstColumn() throws {
        let db = try Database(path: NSTemporaryDirectory() + "/lookup-\(UUID().uuidString).sqlite")
        let row = try #require(try db.row("SELECT 1 AS x, 2 AS y, 3 AS x"))
        #expect(try row.column("x") == .integer(1))
        #expect(row.columns == ["x", "y", "x"])
    }

    @Test func aCanonicallyEquivalentNameStillFindsItsColumn() throws {
        let row = Row(columns: ["caf\u{E9}"], values: [.text("v")], sql: "S")
        #expect(try row.column("cafe\u{301}") == .text("v"))
    }

    @Test func rowsOfOneStatementShareTheirNamesAndSQL() throws {
        let db = try Database(path: NSTemporaryDirectory() + "/lookup-\(UUID().uuidString).sqlite")
        try db.execute("CREATE TABLE t (long_column_name_number_one, n); INSERT INTO t VALUES ('a', 1), ('b', 2)")
        let sql = "SELECT long_column_name_number_one, n FROM t ORDER BY n"
        let rows = try db.rows(sql)
        #expect(rows.map { $0.text("long_column_name_number_one") } == ["a", "b"])
        #expect(rows[0].layout === rows[1].layout)
        #expect(rows[1].sql == sql)
    }
}
