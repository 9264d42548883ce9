// The province-scale benchmark (issue 11): for each size N, on the same generated data,
// the issue's floor (ImportFloor.swift), the decoding loader (Floor.swift) and `apx run` end
// to end, `repeats` times each; then, on the
// largest workspace, a 1,000-result increment and an empty run, then empty runs once the
// receipt period has passed (no receipts: every gov file counted unacknowledged). Prints min
// and median.
// After the first run of each size, the rows floor (RowsFloor.swift) of that night's database.
import Foundation
import SQLiteDB

/// A line of the report, written at once (also when stdout is a file).
func line(_ text: String) {
    print(text)
    fflush(nil)
}

struct Timed {
    var seconds: Double
    var cpuSeconds: Double
    var peakMiB: Double
    /// File-system output (GNU time's `%O`, 512-byte blocks): what reached the disk's cache
    /// as writes — the database, its WAL and checkpoints, push files, logs.
    var writtenMiB: Double = 0
    var exit: String
}

/// Runs apx through GNU time: a posix_spawn child's ru_maxrss would include this
/// process's own high-water mark (CLONE_VFORK; the generated input grows with N).
func timedAPX(_ apx: String, _ arguments: [String]) throws -> Timed {
    try timedProcess(apx, arguments)
}

/// Runs `executable` through GNU time (wall, user + sys, peak RSS, exit), `stdin` fed to it.
/// The wall is GNU time's own (`%e`, 10 ms steps): Foundation's `waitUntilExit` returns at
/// 50 ms steps, so a wall read around it is rounded up to one (a 10 ms child reads 0.051 s).
func timedProcess(_ executable: String, _ arguments: [String], stdin: Data? = nil) throws -> Timed {
    let report = NSTemporaryDirectory() + "/apx-bench-time-\(getpid())"
    defer { try? FileManager.default.removeItem(atPath: report) }
    let start = Date()
    let p = Process()
    p.executableURL = URL(fileURLWithPath: "/usr/bin/time")
    p.arguments = ["-f", "%x %M %U %S %e %O", "-o", report, executable] + arguments
    p.standardOutput = FileHandle.nullDevice
    let input = Pipe()
    if stdin != nil { p.standardInput = input }
    try p.run()
    if let stdin {
        input.fileHandleForWriting.write(stdin)
        try input.fileHandleForWriting.close()
    }
    p.waitUntilExit()
    let seconds = Date().timeIntervalSince(start)
    let f = ((try? String(contentsOfFile: report, encoding: .utf8)) ?? "").split(whereSeparator: { $0 == " " || $0 == "\n" })
    guard f.count >= 6 else { return Timed(seconds: seconds, cpuSeconds: 0, peakMiB: 0, exit: "?") }
    let tail = Array(f.suffix(6))
    return Timed(seconds: Double(tail[4]) ?? seconds, cpuSeconds: (Double(tail[2]) ?? 0) + (Double(tail[3]) ?? 0),
                 peakMiB: (Double(tail[1]) ?? 0) / 1024, writtenMiB: (Double(tail[5]) ?? 0) * 512 / 1_048_576,
                 exit: String(tail[0]))
}

func checkpointedBytes(_ path: String) -> Int {
    if let db = try? Database(path: path) { try? db.execute("PRAGMA wal_checkpoint(TRUNCATE)") }
    return databaseBytes(path)
}

func copyTree(_ from: String, _ to: String) throws {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: "/bin/cp")
    p.arguments = ["-a", from, to]
    try p.run()
    p.waitUntilExit()
}

struct Stat {
    var values: [Double]
    var min: Double { values.min() ?? 0 }
    var median: Double { let s = values.sorted(); return s.isEmpty ? 0 : s[s.count / 2] }
    func show(_ format: String = "%.2f") -> String {
        values.count == 1 ? String(format: format, min) : String(format: "\(format) / \(format)", min, median)
    }
}

func scaleBenchmark(apx: String, sizes: [Int], repeats: Int, increment: Int, keep: String?) throws {
    let fm = FileManager.default
    let base = keep ?? (NSTemporaryDirectory() + "/apx-bench-scale-\(getpid())")
    try fm.createDirectory(atPath: base, withIntermediateDirectories: true)
    line("apx-bench: \(repeats) run(s) each, figures as min / median; CPU = user + sys of the process")
    line("floor: libxml2 stream parse + " + (sqliteCLI().map { "\($0) .import" } ?? "in-process bulk insert (no sqlite3 CLI on PATH)")
         + "; loader: tree per record + GB18030 decode + wrapper inserts")
    line("N projects\trecords\tinput MiB\tfloor s\tfloor CPU s\tloader s\tloader CPU s\tapx s\tapx CPU s\tratio (wall)\tratio (CPU)\tmin/min (wall, CPU)\tratio to loader (CPU)\trecords/s\tµs CPU/record\tpeak RSS MiB\tfloor B/rec\tapx B/rec\tapx MiB written\twritten / apx DB\trows floor CPU s\tapx / rows floor (CPU)\texit")
    var lastWorkspace: String?
    var phaseLines: [String] = []
    var ioLines: [String] = []
    for n in sizes {
        let data = ProvinceData(n: n)
        let template = "\(base)/template-\(n)"
        try? fm.removeItem(atPath: template)
        try data.write(inbox: template + "/inbox")
        let inputBytes = (fm.subpaths(atPath: template) ?? []).compactMap {
            (try? fm.attributesOfItem(atPath: "\(template)/\($0)"))?[.size] as? Int
        }.reduce(0, +)
        var floor: [FloorResult] = [], loader: [FloorResult] = []
        var runs: [Timed] = []
        var apxBytes = 0
        var rows: RowsFloorResult?
        var phases: [NightPhase] = []
        for r in 0..<repeats {
            let floorDB = "\(base)/floor-\(n).sqlite"
            for s in ["", "-wal", "-shm"] { try? fm.removeItem(atPath: floorDB + s) }
            var f = try importFloor(inbox: template + "/inbox", into: floorDB, scratch: base)
            f.databaseBytes = checkpointedBytes(floorDB)
            floor.append(f)
            for s in ["", "-wal", "-shm"] { try? fm.removeItem(atPath: floorDB + s) }
            loader.append(try floorLoad(inbox: template + "/inbox", into: floorDB))
            let ws = "\(base)/ws-\(n)-\(r)"
            try? fm.removeItem(atPath: ws)
            try copyTree(template, ws)
            let t = try timedAPX(apx, ["run", "--root", ws, "--as-of", novemberNight(plus: 0)])
            runs.append(t)
            apxBytes = checkpointedBytes(ws + "/db/approval.sqlite")
            if r == 0 {
                phases = nightPhases(logs: ws + "/logs")
                let copy = "\(base)/rows-\(n).sqlite"
                rows = try rowsFloor(source: ws + "/db/approval.sqlite", target: copy)
                for s in ["", "-wal", "-shm"] { try? fm.removeItem(atPath: copy + s) }
            }
            if r + 1 < repeats || n != sizes.last { try? fm.removeItem(atPath: ws) } else { lastWorkspace = ws }
        }
        let fs = Stat(values: floor.map(\.seconds)), fc = Stat(values: floor.map(\.cpuSeconds))
        let a = Stat(values: runs.map(\.seconds)), ac = Stat(values: runs.map(\.cpuSeconds))
        let ratio = Stat(values: zip(runs, floor).map { $0.seconds / $1.seconds })
        let ratioCPU = Stat(values: zip(runs, floor).map { $0.cpuSeconds / max($1.cpuSeconds, 1e-6) })
        let ls = Stat(values: loader.map(\.seconds)), lc = Stat(values: loader.map(\.cpuSeconds))
        let loaderRatio = Stat(values: zip(runs, loader).map { $0.cpuSeconds / max($1.cpuSeconds, 1e-6) })
        let minMin = String(format: "%.1f, %.1f", a.min / max(fs.min, 1e-6), ac.min / max(fc.min, 1e-6))
        let rate = Stat(values: runs.map { Double(data.records) / $0.seconds })
        let perRecord = Stat(values: runs.map { $0.cpuSeconds / Double(data.records) * 1e6 })
        let rss = Stat(values: runs.map(\.peakMiB))
        let written = Stat(values: runs.map(\.writtenMiB))
        let amplification = written.min * 1_048_576 / Double(max(apxBytes, 1))
        line("\(n)\t\(data.records)\t\(String(format: "%.1f", Double(inputBytes) / 1_048_576))\t\(fs.show())\t\(fc.show())\t\(ls.show())\t\(lc.show())\t\(a.show())\t\(ac.show())\t\(ratio.show("%.1f"))\t\(ratioCPU.show("%.1f"))\t\(minMin)\t\(loaderRatio.show("%.1f"))\t\(rate.show("%.0f"))\t\(perRecord.show("%.0f"))\t\(rss.show("%.1f"))\t\(floor.last!.databaseBytes / data.records)\t\(apxBytes / data.records)\t\(written.show("%.0f"))\t\(String(format: "%.1f", amplification))\t\(String(format: "%.2f", rows?.cpuSeconds ?? 0))\t\(String(format: "%.1f", ac.min / max(rows?.cpuSeconds ?? 0, 1e-6)))\t\(Set(runs.map(\.exit)).sorted().joined(separator: ","))")
        phaseLines.append("\(n)\t" + phases.map(\.shown).joined(separator: "\t"))
        ioLines.append("\(n)\t" + phases.map(\.io).joined(separator: "\t"))
        try? fm.removeItem(atPath: template)
    }
    line("phases of the first run (wall s / CPU s / writing thread's CPU s, from the run log's ms, cpuMs and threadCpuMs)\t" + phaseNames.joined(separator: "\t"))
    for l in phaseLines { line(l) }
    line("the same phases' I/O (writing thread's system CPU s / MiB the process wrote, from the run log's threadSysMs and writtenKB)\t"
         + phaseNames.joined(separator: "\t"))
    for l in ioLines { line(l) }
    guard let ws = lastWorkspace, let n = sizes.last else { return }
    // Increment and empty runs on the largest workspace: each increment adds new notices.
    var inc: [Timed] = [], empty: [Timed] = []
    let data = ProvinceData(n: n)
    for r in 0..<repeats {
        let day = 22 + r
        try data.increment(inbox: ws + "/inbox", count: increment, day: "202611\(day - 1)", prefix: "ZB\(r + 2)")
        inc.append(try timedAPX(apx, ["run", "--root", ws, "--as-of", "2026-11-\(day)"]))
        empty.append(try timedAPX(apx, ["run", "--root", ws, "--as-of", "2026-11-\(day)"]))
    }
    // Empty runs once the night's gov files are overdue for a receipt (none is ever delivered
    // here): from the day after `receiptOverdueDays` have passed, after the increments' days.
    var overdue: [Timed] = []
    let firstOverdue = max(22 + repeats, 21 + receiptOverdueDays + 1)
    for r in 0..<repeats {
        overdue.append(try timedAPX(apx, ["run", "--root", ws, "--as-of", novemberNight(plus: firstOverdue - 21 + r)]))
    }
    line("on the \(n)-project workspace\tseconds\tCPU s\tpeak RSS MiB\texit")
    for (label, t) in [("increment of \(increment) results", inc), ("empty run", empty),
                       ("empty run past the receipt period (from \(novemberNight(plus: firstOverdue - 21)))", overdue)] {
        line("\(label)\t\(Stat(values: t.map(\.seconds)).show("%.3f"))\t\(Stat(values: t.map(\.cpuSeconds)).show("%.3f"))\t\(Stat(values: t.map(\.peakMiB)).show("%.1f"))\t\(Set(t.map(\.exit)).sorted().joined(separator: ","))")
    }
    if keep == nil { try? fm.removeItem(atPath: base) }
}

/// `periods.receipt_overdue_days` as pipelines/default.conf has it: a gov file this many days
/// old without receipts is counted unacknowledged by every run's duties, report and status.
let receiptOverdueDays = 3

/// The benchmark night's as-of day (2026-11-21) plus `days`, as `--as-of` takes it.
func novemberNight(plus days: Int) -> String {
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = TimeZone(identifier: "UTC")!
    let night = calendar.date(from: DateComponents(year: 2026, month: 11, day: 21))!
    let day = calendar.dateComponents([.year, .month, .day], from: calendar.date(byAdding: .day, value: days, to: night)!)
    return String(format: "%04d-%02d-%02d", day.year!, day.month!, day.day!)
}

let phaseNames = ["start", "ingest", "evaluate requests", "evaluate results", "push + report"]

/// One phase of a night, in seconds: wall, the process's CPU, the writing thread's CPU and
/// its system part; and the MiB the process wrote to the file system in it.
struct NightPhase {
    var name: String
    var wall: Double
    var cpu: Double
    var writerCPU: Double
    var writerSys: Double = 0
    var writtenMiB: Double = 0

    /// "wall / CPU / writer CPU", as the benchmark's tables print it.
    var shown: String { String(format: "%.2f / %.2f / %.2f", wall, cpu, writerCPU) }
    /// "writer sys / MiB written".
    var io: String { String(format: "%.2f / %.0f", writerSys, writtenMiB) }
}

/// The night's phases from its run log: up to run.start, to the last file event, to
/// evaluate.requests, to evaluate.results, to run.end.
func nightPhases(logs: String) -> [NightPhase] {
    guard let name = (try? FileManager.default.contentsOfDirectory(atPath: logs))?.first(where: { $0.hasSuffix(".jsonl") }),
          let text = try? String(contentsOfFile: logs + "/" + name, encoding: .utf8) else { return [] }
    var marks: [String: (ms: Int, cpu: Int, writer: Int, sys: Int, kb: Int)] = [:]
    for l in text.split(separator: "\n") {
        guard let o = try? JSONSerialization.jsonObject(with: Data(l.utf8)) as? [String: Any],
              let event = o["event"] as? String, let ms = o["ms"] as? Int else { continue }
        marks[event] = (ms, o["cpuMs"] as? Int ?? 0, o["threadCpuMs"] as? Int ?? 0, o["threadSysMs"] as? Int ?? 0,
                        o["writtenKB"] as? Int ?? 0)
    }
    let order = ["run.start", "file", "evaluate.requests", "evaluate.results", "run.end"]
    var last = (ms: 0, cpu: 0, writer: 0, sys: 0, kb: 0)
    return zip(phaseNames, order).map { name, event in
        let at = marks[event] ?? last
        defer { last = at }
        return NightPhase(name: name, wall: Double(at.ms - last.ms) / 1000, cpu: Double(at.cpu - last.cpu) / 1000,
                          writerCPU: Double(at.writer - last.writer) / 1000, writerSys: Double(at.sys - last.sys) / 1000,
                          writtenMiB: Double(at.kb - last.kb) / 1024)
    }
}
