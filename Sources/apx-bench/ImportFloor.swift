// The issue's floor (issue 11): a libxml2 stream parse of the XML extract into rows, and a
// bulk load of the same rows — the project rows so extracted, the rkqq and both dtjg CSVs as
// they lie — with the `sqlite3` CLI's `.import` (WAL, synchronous FULL as apx), or, without
// the CLI, in process: one prepared insert per table in one transaction. Nothing is
// validated or decoded beyond what the parse and the import do themselves.
import Foundation
import SQLiteDB
import XMLStream

/// The sqlite3 command-line shell on PATH, if any.
func sqliteCLI() -> String? {
    let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
    return path.split(separator: ":").map { "\($0)/sqlite3" }.first { FileManager.default.isExecutableFile(atPath: $0) }
}

/// The tzxm fields both floors load, in column order.
let projectColumns = ["XMDM", "XMMC", "LXLX", "TZPTLX", "GBHY", "XZQHDM", "JSDD", "ZTZE", "JSGMJNR", "NKGSJ", "NJCSJ", "LXSJ"]

/// Streams the extract (libxml2 tokens, no tree, no String per node) and writes one CSV row
/// per XM: its 12 fields and its construction units as `DWMC|TYSHXYDM;…`. Returns the rows.
func streamProjects(xml: String, to csvPath: String) throws -> Int {
    let reader = try XMLStreamReader(path: xml)
    _ = FileManager.default.createFile(atPath: csvPath, contents: nil)   // a failure shows at the FileHandle below
    guard let out = FileHandle(forWritingAtPath: csvPath) else { throw BenchFailure(message: "cannot write \(csvPath)") }
    defer { try? out.close() }
    let names = (projectColumns + ["DWMC", "TYSHXYDM"]).map { Array($0.utf8) }
    let dwmc = projectColumns.count, tyshxydm = dwmc + 1
    var fields = Array(repeating: [UInt8](), count: names.count)
    var units: [UInt8] = []
    var slot = -1, rows = 0
    var buffer: [UInt8] = Array((projectColumns + ["JSDW"]).joined(separator: ",").utf8) + [0x0A]
    func appendQuoted(_ value: [UInt8]) {
        guard value.contains(where: { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }) else {
            buffer += value
            return
        }
        buffer.append(0x22)
        for byte in value { if byte == 0x22 { buffer.append(0x22) }; buffer.append(byte) }
        buffer.append(0x22)
    }
    func isName(_ token: XMLToken, _ name: StaticString) -> Bool {
        token.name.count == name.utf8CodeUnitCount && token.name.elementsEqual(UnsafeBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount))
    }
    try reader.scanTokens { token in
        switch token.kind {
        case .start:
            slot = names.firstIndex { $0.count == token.name.count && $0.elementsEqual(token.name) } ?? -1
            if isName(token, "XM") {
                for i in fields.indices { fields[i].removeAll(keepingCapacity: true) }
                units.removeAll(keepingCapacity: true)
            }
        case .text:
            if slot >= 0 { fields[slot] += token.text }
        case .end:
            slot = -1
            if isName(token, "JSDW") {
                if !units.isEmpty { units.append(0x3B) }
                units += fields[dwmc] + [0x7C] + fields[tyshxydm]
                fields[dwmc].removeAll(keepingCapacity: true)
                fields[tyshxydm].removeAll(keepingCapacity: true)
            } else if isName(token, "XM") {
                for i in 0..<dwmc { appendQuoted(fields[i]); buffer.append(0x2C) }
                appendQuoted(units)
                buffer.append(0x0A)
                rows += 1
                if buffer.count >= 1 << 20 { out.write(Data(buffer)); buffer.removeAll(keepingCapacity: true) }
            }
        }
    }
    out.write(Data(buffer))
    return rows
}

/// The CSV files of the night the floor imports, with their table names.
func importFiles(inbox: String, projects: String) -> [(path: String, table: String)] {
    [(projects, "project"), ("\(inbox)/rkqq/RKQQ_20261120_01.csv", "request"),
     ("\(inbox)/dtjg/DTJG_HTBA_20261120_01.csv", "htba"), ("\(inbox)/dtjg/DTJG_ZBTZS_20261120_01.csv", "zbtzs")]
}

func importFloor(inbox: String, into dbPath: String, scratch: String) throws -> FloorResult {
    let startCPU = cpuSeconds()
    let start = Date()
    let projects = scratch + "/floor-projects.csv"
    defer { try? FileManager.default.removeItem(atPath: projects) }
    var rows = try streamProjects(xml: "\(inbox)/tzxm/TZXM_20261120_01.xml", to: projects)
    let files = importFiles(inbox: inbox, projects: projects)
    var childCPU = 0.0
    // The CLI's wall is GNU time's (timedProcess says why), added to the parse measured here.
    var childWall: (before: Double, seconds: Double)?
    if let cli = sqliteCLI() {
        let script = (["PRAGMA journal_mode=WAL;", "PRAGMA synchronous=FULL;", ".mode csv"]
            + files.map { ".import '\($0.path)' \($0.table)" }).joined(separator: "\n") + "\n"
        let before = Date().timeIntervalSince(start)
        let t = try timedProcess(cli, [dbPath], stdin: Data(script.utf8))
        guard t.exit == "0" else { throw BenchFailure(message: "sqlite3 .import exited \(t.exit)") }
        childCPU = t.cpuSeconds
        childWall = (before, t.seconds)
    } else {
        let db = try Database(path: dbPath)
        try db.execute("PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL")
        try db.inTransaction {
            for file in files {
                let data = try Data(contentsOf: URL(fileURLWithPath: file.path))
                var lines = data.split(separator: 0x0A, omittingEmptySubsequences: true).makeIterator()
                guard let header = lines.next() else { continue }
                let columns = header.split(separator: 0x2C, omittingEmptySubsequences: false).count
                try db.execute("CREATE TABLE \(file.table) (\((1...columns).map { "c\($0)" }.joined(separator: ",")))")
                let sql = "INSERT INTO \(file.table) VALUES (\(Array(repeating: "?", count: columns).joined(separator: ",")))"
                while let line = lines.next() {
                    let bytes = line.last == 0x0D ? line.dropLast() : line
                    var fields = bytes.split(separator: 0x2C, omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
                    fields = Array((fields + Array(repeating: "", count: columns)).prefix(columns))
                    try db.run(sql, arguments: fields)
                }
            }
        }
    }
    let seconds = childWall.map { $0.before + $0.seconds } ?? Date().timeIntervalSince(start)
    let cpu = cpuSeconds() - startCPU + childCPU
    let db = try Database(path: dbPath)
    rows = try files.reduce(0) { try $0 + (db.row("SELECT count(*) AS n FROM \($1.table)")?.int("n") ?? 0) }
    return FloorResult(seconds: seconds, cpuSeconds: cpu, rows: rows, databaseBytes: databaseBytes(dbPath))
}

/// apx-bench's one error: what failed, in words, printed before exit status 2 (`runBench`).
struct BenchFailure: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}

/// Drops a generated file into an inbox as a partner does: the data, then its `.ok` marker.
/// A file that cannot be written stops the bench (a night missing it would measure another).
func dropInboxFile(_ path: String, _ data: Data) throws {
    guard FileManager.default.createFile(atPath: path, contents: data),
          FileManager.default.createFile(atPath: path + ".ok", contents: Data()) else {
        throw BenchFailure(message: "cannot write \(path)")
    }
}

/// `--floor N R`: the floor (parse and import timed apart) and the loader alone, R times.
func floorOnly(n: Int, repeats: Int) throws {
    let fm = FileManager.default
    let base = NSTemporaryDirectory() + "/apx-bench-floor-\(getpid())"
    defer { try? fm.removeItem(atPath: base) }
    try ProvinceData(n: n).write(inbox: base + "/inbox")
    line("floor: libxml2 stream parse + " + (sqliteCLI().map { "\($0) .import" } ?? "in-process bulk insert"))
    line("run\tparse s\tparse CPU s\tfloor s\tfloor CPU s\tloader s\tloader CPU s\trows\tfloor B/rec")
    for r in 0..<repeats {
        let db = base + "/floor.sqlite"
        for s in ["", "-wal", "-shm"] { try? fm.removeItem(atPath: db + s) }
        let startCPU = cpuSeconds(), start = Date()
        _ = try streamProjects(xml: base + "/inbox/tzxm/TZXM_20261120_01.xml", to: base + "/parse-only.csv")
        let parse = (Date().timeIntervalSince(start), cpuSeconds() - startCPU)
        let f = try importFloor(inbox: base + "/inbox", into: db, scratch: base)
        let bytes = checkpointedBytes(db)
        for s in ["", "-wal", "-shm"] { try? fm.removeItem(atPath: db + s) }
        let l = try floorLoad(inbox: base + "/inbox", into: db)
        line(String(format: "%d\t%.2f\t%.2f\t%.2f\t%.2f\t%.2f\t%.2f\t%d\t%d", r, parse.0, parse.1, f.seconds, f.cpuSeconds,
                    l.seconds, l.cpuSeconds, f.rows, bytes / max(f.rows, 1)))
    }
}
