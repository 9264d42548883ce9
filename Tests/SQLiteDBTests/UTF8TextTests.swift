import Foundation
import Testing
@testable import SQLiteDB

/// `UTF8Text` binds its bytes as TEXT, as the same String would bind: same type, same
/// bytes, "" (not NULL) for no bytes, and through every argument form.
@Suite struct UTF8TextTests {
    private func database() throws -> Database {
        let db = try Database(path: NSTemporaryDirectory() + "/utf8text-\(UUID().uuidString).sqlite")
        try db.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, v)")
        return db
    }

    @Test func bytesBindAsTheTextTheStringWouldBind() throws {
        let db = try database()
        let texts = ["", "a", "{\"title\":\"中标通知书\",\"fields\":{\"ZBJE\":\"12.50\"}}", String(repeating: "施工许可", count: 5_000), "\u{1F600}\n\"/\\"]
        for (i, s) in texts.enumerated() {
            try db.run("INSERT INTO t (id, v) VALUES (?, ?)", 2 * i, s)
            try db.run("INSERT INTO t (id, v) VALUES (?, ?)", 2 * i + 1, UTF8Text(bytes: Array(s.utf8)))
        }
        for i in texts.indices {
            let a = try #require(try db.row("SELECT v, typeof(v), length(CAST(v AS BLOB)) FROM t WHERE id = ?", 2 * i))
            let b = try #require(try db.row("SELECT v, typeof(v), length(CAST(v AS BLOB)) FROM t WHERE id = ?", 2 * i + 1))
            #expect(a.values == b.values)
            #expect(b.values[1] == .text("text"))
            #expect(b.values[0] == .text(texts[i]))
        }
        #expect(try db.scalar("SELECT count(*) FROM t WHERE v IS NULL").int == 0)
    }

    @Test func aRebindOfTheCachedStatementReplacesTheBytes() throws {
        let db = try database()
        for i in 0..<50 {
            try db.run("INSERT INTO t (id, v) VALUES (?, ?)", i, UTF8Text(bytes: Array("value \(i) 值".utf8)))
        }
        let values = try db.rows("SELECT v FROM t ORDER BY id").map { $0.values[0] }
        #expect(values == (0..<50).map { SQLValue.text("value \($0) 值") })
    }

    @Test func itsSQLValueIsTheText() {
        #expect(UTF8Text(bytes: Array("工程".utf8)).sqlValue == .text("工程"))
        #expect(UTF8Text(bytes: []).sqlValue == .text(""))
    }

    @Test func theArrayArgumentFormBindsTheBytesToo() throws {
        let db = try database()
        try db.run("INSERT INTO t (id, v) VALUES (?, ?)", arguments: [7, UTF8Text(bytes: Array("审批".utf8))])
        #expect(try db.row("SELECT v, typeof(v) FROM t WHERE id = 7")?.values == [.text("审批"), .text("text")])
    }
}
