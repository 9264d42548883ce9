import Foundation
import Testing
@testable import SQLiteDB

/// `Database.forEachRow`: each row read by index from SQLite answers as the same row read
/// through `rows` (`SQLValue.text` / `.int`), for every kind of value; text can be parsed
/// as stored bytes; the statement may be used again inside the loop; errors propagate.
@Suite struct RowCursorTests {
    private func database() throws -> Database {
        let db = try Database(path: NSTemporaryDirectory() + "/cursor-\(UUID().uuidString).sqlite")
        try db.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, v)")
        let odd = "名称\u{0}后\u{1F600}\r\n'\""
        for (i, v) in [SQLValue.text(odd), .text(""), .text("42"), .text("4x"), .integer(-7), .real(2.5), .null,
                       .blob([0, 255, 7]), .integer(Int64.max)].enumerated() {
            try db.run("INSERT INTO t (id, v) VALUES (?, ?)", i + 1, v)
        }
        return db
    }

    @Test func everyKindOfValueReadsAsTheRowWould() throws {
        let db = try database()
        let rows = try db.rows("SELECT id, v FROM t WHERE id > ? ORDER BY id", 0)
        var seen = 0
        try db.forEachRow("SELECT id, v FROM t WHERE id > ? ORDER BY id", 0) { c in
            let row = rows[seen]
            #expect(c.int(0) == row[0].int)
            #expect(c.text(1) == row[1].text, "row \(seen + 1)")
            #expect(c.int(1) == row[1].int, "row \(seen + 1)")
            #expect(c.isNull(1) == row[1].isNull, "row \(seen + 1)")
            let bytes = c.withText(1) { Array($0) }
            if case .text(let s) = row[1] { #expect(bytes == Array(s.utf8)) } else { #expect(bytes.isEmpty) }
            seen += 1
        }
        #expect(seen == rows.count)
    }

    @Test func theSameQueryMayRunInsideTheLoopAndAnErrorStopsIt() throws {
        let db = try database()
        var inner = 0, outer = 0
        try db.forEachRow("SELECT id FROM t WHERE id > ? ORDER BY id", 6) { c in
            outer += 1
            try db.forEachRow("SELECT id FROM t WHERE id > ? ORDER BY id", c.int(0) ?? 0) { _ in inner += 1 }
        }
        #expect(outer == 3 && inner == 3)   // ids 7, 8, 9: then 2 + 1 + 0 rows after each
        struct Stop: Error {}
        var visited = 0
        #expect(throws: Stop.self) {
            try db.forEachRow("SELECT id FROM t WHERE id > ? ORDER BY id", 0) { _ in visited += 1; if visited == 2 { throw Stop() } }
        }
        #expect(visited == 2)
        var again = 0
        try db.forEachRow("SELECT id FROM t WHERE id > ? ORDER BY id", 0) { _ in again += 1 }
        #expect(again == 9)   // the statement was reset and checked in
    }
}
