// The rows floor: what SQLite alone spends writing the rows a night leaves behind. Every
// table of an apx database after its night is copied, in its storage order, into a fresh
// database of the same schema (same indexes; WAL, synchronous FULL), one set INSERT per
// table in one transaction each (`WHERE 1`: not SQLite's transfer optimization, which copies
// stored records and index entries without decoding them — every row is inserted as a row), then each state column the night's evaluation sets is
// rewritten once by one set UPDATE. No parsing, no Swift per row: the lower bound of any
// design that stores these rows, to hold the issue's floor and `apx run` against.
import Foundation
import SQLiteDB

struct RowsFloorResult {
    var seconds: Double
    var cpuSeconds: Double
    var rows: Int
    /// Per table: (name, rows, CPU seconds of its copy).
    var tables: [(String, Int, Double)]
}

/// Copies `source` (an apx database, not written meanwhile) into a fresh database at `target`.
func rowsFloor(source: String, target: String) throws -> RowsFloorResult {
    for s in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: target + s) }
    let schemaDB = try Database(path: source)
    // Tables before indexes, triggers and views, each in the order SQLite created them.
    let schema = try schemaDB.rows("""
        SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%'
        ORDER BY CASE type WHEN 'table' THEN 0 WHEN 'index' THEN 1 ELSE 2 END, rowid
        """)
    let tables = try schema.filter { try $0.column("type").text == "table" }.map { try $0.column("name").text }
    let startCPU = cpuSeconds(), start = Date()
    let db = try Database(path: target)
    try db.execute("PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL")
    for row in schema { try db.execute(try row.column("sql").text) }
    try db.execute("ATTACH DATABASE '\(source.replacingOccurrences(of: "'", with: "''"))' AS night")
    var copied: [(String, Int, Double)] = []
    var total = 0
    for table in tables {
        let t0 = cpuSeconds()
        try db.inTransaction { try db.execute("INSERT INTO main.\"\(table)\" SELECT * FROM night.\"\(table)\" WHERE 1") }
        let n = try db.row("SELECT count(*) AS n FROM main.\"\(table)\"")?.int("n") ?? 0
        copied.append((table, n, cpuSeconds() - t0))
        total += n
    }
    // The evaluation's state changes, as set statements (the row is rewritten, its partial
    // indexes updated): every project, request and result moves once.
    for (table, column) in [("project", "state"), ("warehousing_request", "state"), ("result", "state")]
    where tables.contains(table) {
        let t0 = cpuSeconds()
        try db.inTransaction { try db.execute("UPDATE main.\"\(table)\" SET \(column) = \(column) || ''") }
        copied.append(("\(table) state UPDATE", 0, cpuSeconds() - t0))
    }
    return RowsFloorResult(seconds: Date().timeIntervalSince(start), cpuSeconds: cpuSeconds() - startCPU,
                           rows: total, tables: copied)
}

/// `--rows DB`: the rows floor of one apx database, per table.
func rowsFloorOnly(database: String) throws {
    let target = NSTemporaryDirectory() + "/apx-bench-rows-\(getpid()).sqlite"
    defer { for s in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: target + s) } }
    let r = try rowsFloor(source: database, target: target)
    line("table\trows\tCPU s")
    for (name, rows, cpu) in r.tables { line("\(name)\t\(rows)\t\(String(format: "%.3f", cpu))") }
    line(String(format: "all\t%d\t%.2f (%.2f s wall)", r.rows, r.cpuSeconds, r.seconds))
}
