// The decoding loader: what a loader that reads the text must do — stream the XML extract with
// libxml2, decode the CSV files, and bulk-load the same rows into SQLite (one prepared
// insert per table, one transaction, the same WAL + synchronous FULL settings as apx).
import Foundation
import SQLiteDB
import XMLStream

struct FloorResult {
    var seconds: Double
    var cpuSeconds: Double
    var rows: Int
    var databaseBytes: Int
}

func cpuSeconds() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
}

func floorLoad(inbox: String, into dbPath: String) throws -> FloorResult {
    let startCPU = cpuSeconds()
    let start = Date()
    var rows = 0
    do {
        let db = try Database(path: dbPath)
        try db.execute("""
            CREATE TABLE project (xmdm TEXT PRIMARY KEY, xmmc, lxlx, tzptlx, gbhy, xzqhdm, jsdd, ztze, jsgmjnr, nkgsj, njcsj, lxsj, jsdw);
            CREATE TABLE request (qqbh TEXT PRIMARY KEY, xmdm, xmmc, xzqhdm, ztze, sqdwdm, sqdwmc, splclx, sqsj);
            CREATE TABLE result (kind, number, xmdm, fields, PRIMARY KEY (kind, number));
            """)
        try db.inTransaction {
            let reader = try XMLStreamReader(path: "\(inbox)/tzxm/TZXM_20261120_01.xml")
            try reader.forEachRecord(root: { _, _ in }) { _, node in
                let fields = projectColumns.map { node.value($0) ?? "" }
                let units = node.child("JSDWLB")?.children("JSDW").map { ($0.value("DWMC") ?? "") + "|" + ($0.value("TYSHXYDM") ?? "") }
                try db.run("INSERT INTO project VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
                           arguments: fields + [(units ?? []).joined(separator: ";")])
                rows += 1
            }
            func csvRows(_ path: String, gb: Bool, _ body: ([String]) throws -> Void) throws {
                let data = try Data(contentsOf: URL(fileURLWithPath: path))
                let text = gb ? String(data: data, encoding: String.Encoding(rawValue: 0x8000_0632)) ?? ""
                              : String(decoding: data, as: UTF8.self)
                for line in text.split(separator: "\r\n").dropFirst() {
                    try body(line.split(separator: ",", omittingEmptySubsequences: false).map(String.init))
                }
            }
            try csvRows("\(inbox)/rkqq/RKQQ_20261120_01.csv", gb: false) { f in
                try db.run("INSERT INTO request VALUES (?,?,?,?,?,?,?,?,?)", arguments: Array(f.prefix(9)))
                rows += 1
            }
            for kind in ["HTBA", "ZBTZS"] {
                try csvRows("\(inbox)/dtjg/DTJG_\(kind)_20261120_01.csv", gb: true) { f in
                    try db.run("INSERT INTO result VALUES (?,?,?,?)", kind, f[5], f[0], f.joined(separator: "\u{1F}"))
                    rows += 1
                }
            }
        }
    }
    let seconds = Date().timeIntervalSince(start)
    return FloorResult(seconds: seconds, cpuSeconds: cpuSeconds() - startCPU, rows: rows, databaseBytes: databaseBytes(dbPath))
}

/// Bytes of a SQLite database with its WAL and shared-memory files.
func databaseBytes(_ path: String) -> Int {
    ["", "-wal", "-shm"].compactMap { (try? FileManager.default.attributesOfItem(atPath: path + $0))?[.size] as? Int }.reduce(0, +)
}
