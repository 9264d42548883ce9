// `--feed N DB`: the same N audit rows and N push records written into a fresh database of
// DB's schema twice — one prepared INSERT per row, then one `INSERT … SELECT FROM apx_feed(?)`
// per page of 2,000 rows — each page its own transaction (as an evaluation page is), with
// CPU seconds for each. What a set statement saves per row, measured, not guessed.
import Foundation
import SQLiteDB

func feedBench(rows n: Int, schemaFrom source: String) throws {
    let target = NSTemporaryDirectory() + "/apx-bench-feed-\(getpid()).sqlite"
    func fresh() throws -> Database {
        for s in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: target + s) }
        let schema = try Database(path: source).rows("""
            SELECT sql FROM sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%' AND type IN ('table', 'index')
            ORDER BY CASE type WHEN 'table' THEN 0 ELSE 1 END, rowid
            """)
        let db = try Database(path: target)
        for row in schema { try db.execute(row[0].text) }
        return db
    }
    defer { for s in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: target + s) } }
    let page = 2000
    let payload = String(repeating: "项目数据", count: 40)
    func auditValues(_ i: Int) -> (String, String) { ("XM\(100_000_000 + i)", "{\"n\":\(i)}") }

    var db = try fresh()
    var t0 = cpuSeconds()
    for start in stride(from: 0, to: n, by: page) {
        try db.inTransaction {
            for i in start..<min(n, start + page) {
                let (id, detail) = auditValues(i)
                try db.run("INSERT INTO audit (context, entity, entity_id, action, from_state, to_state, detail) VALUES (?, ?, ?, ?, ?, ?, ?)",
                           1, "result", id, "state", "NEW", "WAREHOUSED", detail)
                try db.run("""
                    INSERT INTO push_record (target, kind, dfsjzj, version, valid, invalid_reason, payload, group_id, run_id, context)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, '', ?)
                    """, "gov", "SPSXBL", id, 1, true, "", payload, i + 1, 1)
            }
        }
    }
    let perRow = cpuSeconds() - t0

    db = try fresh()
    t0 = cpuSeconds()
    var audit = FeedRows(columns: 7), push = FeedRows(columns: 9)
    for start in stride(from: 0, to: n, by: page) {
        try db.inTransaction {
            audit.removeAll(); push.removeAll()
            for i in start..<min(n, start + page) {
                let (id, detail) = auditValues(i)
                audit.append(1); audit.append("result"); audit.append(id); audit.append("state")
                audit.append("NEW"); audit.append("WAREHOUSED"); audit.append(detail)
                push.append("gov"); push.append("SPSXBL"); push.append(id); push.append(1); push.append(true)
                push.append(""); push.append(payload); push.append(i + 1); push.append(1)
            }
            try db.run("""
                INSERT INTO audit (context, entity, entity_id, action, from_state, to_state, detail)
                SELECT c0, c1, c2, c3, c4, c5, c6 FROM apx_feed(?)
                """, feeding: &audit)
            try db.run("""
                INSERT INTO push_record (target, kind, dfsjzj, version, valid, invalid_reason, payload, group_id, run_id, context)
                SELECT c0, c1, c2, c3, c4, c5, c6, c7, '', c8 FROM apx_feed(?)
                """, feeding: &push)
        }
    }
    let fed = cpuSeconds() - t0
    let check = try db.row("SELECT (SELECT count(*) FROM audit) AS a, (SELECT count(*) FROM push_record) AS p")
    line("rows\tper-row CPU s\tfeed CPU s\tper row µs (per-row, feed)\tstored (audit, push)")
    line("\(n)\t\(String(format: "%.2f", perRow))\t\(String(format: "%.2f", fed))\t\(String(format: "%.1f, %.1f", perRow / Double(2 * n) * 1e6, fed / Double(2 * n) * 1e6))\t\(check?[0].text ?? "?"), \(check?[1].text ?? "?")")
}
