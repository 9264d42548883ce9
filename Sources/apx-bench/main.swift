// apx-bench: measures nights through the `apx` binary built beside this one.
//
//   swift build -c release && .build/release/apx-bench [--sizes 10000,50000,100000]
//       [--repeat 3] [--increment 1000] [--keep DIR]
//     the province-scale benchmark (Scale.swift): floor vs apx run, increment, empty run,
//     empty run past the receipt period
//   .build/release/apx-bench --csv 5000 20000   (N projects in tzxm CSV + N requests)
//   .build/release/apx-bench --data 10000 DIR   (the province-scale night into DIR/inbox, not run)
//   .build/release/apx-bench --floor 100000 3   (only the floor and the loader, N projects, 3 times)
//   .build/release/apx-bench --night 20000 DIR   (a varied night into DIR/inbox, not run)
//   .build/release/apx-bench --rows DB   (the rows floor of an apx database after its night, per table)
//   .build/release/apx-bench --pairs 3 DIR A B   (builds A and B alternating on DIR/inbox, 3 rounds)
import Foundation
#if canImport(Glibc)
import Glibc
#endif

func gb18030(_ text: String) -> Data {
    text.data(using: String.Encoding(rawValue: 0x8000_0632)) ?? Data(text.utf8)
}

/// USCC check characters, as GB 32100 (kept here so the benchmark needs no library).
func uscc(_ body: String) -> String {
    let alphabet = Array("0123456789ABCDEFGHJKLMNPQRTUWXY")
    let w = [3, 7, 9, 10, 5, 8, 4, 2]
    let v = body.map { $0.isNumber ? Int(String($0))! : Int($0.asciiValue!) - 55 }
    let c = 11 - zip(v, w).map(*).reduce(0, +) % 11
    let org = body + (c == 10 ? "X" : c == 11 ? "0" : String(c))
    let s17 = Array("91360100" + org)
    let weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
    let sum = s17.enumerated().map { alphabet.firstIndex(of: $0.element)! * weights[$0.offset] }.reduce(0, +)
    return String(s17) + String(alphabet[(31 - sum % 31) % 31])
}

func night(_ n: Int, root: String) throws {
    let fm = FileManager.default
    for source in ["tzxm", "rkqq"] { try fm.createDirectory(atPath: "\(root)/inbox/\(source)", withIntermediateDirectories: true) }
    let unit = uscc("MA35AB01")
    var tzxm = "XMDM,XMMC,LXLX,TZPTLX,GBHY,XZQHDM,JSDD,ZTZE,JSGMJNR,NKGSJ,NJCSJ,LXSJ,JSDW\r\n"
    var rkqq = "QQBH,XMDM,XMMC,XZQHDM,ZTZE,SQDWDM,SQDWMC,SPLCLX,SQSJ\r\n"
    for i in 0..<n {
        let xmdm = String(format: "2021-360111-48-%02d-%06d", i % 100, i)
        tzxm += "\(xmdm),南昌市瑋城安置房建设项目\(i),3,99,4710,360111,\"南昌市青山湖区\r\n京东大道\",\"35,000.00\",约12万平方米,2026/3/1,2028年6月30日,20191012,南昌瑋城建设投资有限公司|\(unit)\r\n"
        rkqq += "RK\(String(format: "%08d", i)),\(xmdm),南昌市瑋城安置房建设项目\(i),360111,35000,\(unit),南昌瑋城,3,2026-11-20T10:00:00+08:00\r\n"
    }
    try dropInboxFile("\(root)/inbox/tzxm/TZXM_20261120_01.csv", gb18030(tzxm))
    try dropInboxFile("\(root)/inbox/rkqq/RKQQ_20261120_01.csv", Data(rkqq.utf8))
}

/// Runs one mode of the bench and exits: 0 when it returns, 2 with its message on a
/// `BenchFailure`, 1 with the error on anything else.
func runBench(_ body: () throws -> Void) -> Never {
    do {
        try body()
        exit(0)
    } catch let failure as BenchFailure {
        FileHandle.standardError.write(Data("apx-bench: \(failure)\n".utf8))
        exit(2)
    } catch {
        FileHandle.standardError.write(Data("apx-bench: \(error)\n".utf8))
        exit(1)
    }
}

let exe = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
let apx = (exe as NSString).deletingLastPathComponent + "/apx"
if CommandLine.arguments.count == 4, CommandLine.arguments[1] == "--night", let n = Int(CommandLine.arguments[2]) {
    runBench { try variedNight(n, root: CommandLine.arguments[3]) }
}
if CommandLine.arguments.count == 4, CommandLine.arguments[1] == "--feed", let n = Int(CommandLine.arguments[2]) {
    runBench { try feedBench(rows: n, schemaFrom: CommandLine.arguments[3]) }
}
if CommandLine.arguments.count == 3, CommandLine.arguments[1] == "--rows" {
    runBench { try rowsFloorOnly(database: CommandLine.arguments[2]) }
}
if CommandLine.arguments.count == 6, CommandLine.arguments[1] == "--pairs", let rounds = Int(CommandLine.arguments[2]) {
    runBench { try interleavedPairs(rounds: rounds, data: CommandLine.arguments[3], builds: Array(CommandLine.arguments[4...5])) }
}
if CommandLine.arguments.count == 4, CommandLine.arguments[1] == "--data", let n = Int(CommandLine.arguments[2]) {
    runBench { try ProvinceData(n: n).write(inbox: CommandLine.arguments[3] + "/inbox") }
}
if CommandLine.arguments.count == 4, CommandLine.arguments[1] == "--floor", let n = Int(CommandLine.arguments[2]),
   let repeats = Int(CommandLine.arguments[3]) {
    runBench { try floorOnly(n: n, repeats: repeats) }
}
if CommandLine.arguments.dropFirst().first != "--csv" {
    var sizes = [10_000, 50_000, 100_000], repeats = 3, increment = 1000
    var keep: String?
    var args = Array(CommandLine.arguments.dropFirst())
    while !args.isEmpty {
        let option = args.removeFirst()
        guard let value = args.first else { print("apx-bench: \(option) needs a value"); exit(64) }
        args.removeFirst()
        switch option {
        case "--sizes": sizes = value.split(separator: ",").compactMap { Int($0) }
        case "--repeat": repeats = max(1, Int(value) ?? 3)
        case "--increment": increment = Int(value) ?? 1000
        case "--keep": keep = value
        default: print("apx-bench: unknown option \(option)"); exit(64)
        }
    }
    runBench { try scaleBenchmark(apx: apx, sizes: sizes, repeats: repeats, increment: increment, keep: keep) }
}
let sizes = CommandLine.arguments.dropFirst(2).compactMap { Int($0) }
runBench {
    print("records\tinput MiB\tseconds\tpeak RSS MiB\trecords/s\texit")
    for n in sizes.isEmpty ? [1000, 10000, 50000] : sizes {
        let root = NSTemporaryDirectory() + "/apx-bench-\(n)-\(getpid())"
        try? FileManager.default.removeItem(atPath: root)
        try night(n, root: root)
        let inputBytes = ["tzxm/TZXM_20261120_01.csv", "rkqq/RKQQ_20261120_01.csv"].compactMap {
            (try? FileManager.default.attributesOfItem(atPath: "\(root)/inbox/\($0)"))?[.size] as? Int
        }.reduce(0, +)
        // Through GNU time: a posix_spawn child's ru_maxrss would include this process's own
        // high-water mark (CLONE_VFORK; the generated input grows with N).
        let report = root + ".time"
        let start = Date()
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/time")
        p.arguments = ["-f", "%x %M", "-o", report, apx, "run", "--root", root, "--as-of", "2026-11-21"]
        p.standardOutput = FileHandle.nullDevice
        try p.run()
        p.waitUntilExit()
        let seconds = Date().timeIntervalSince(start)
        let fields = ((try? String(contentsOfFile: report, encoding: .utf8)) ?? "").split(whereSeparator: { $0 == " " || $0 == "\n" })
        let exit = fields.count >= 2 ? String(fields[fields.count - 2]) : "?"
        let peakKiB = fields.count >= 2 ? Double(fields[fields.count - 1]) ?? 0 : 0
        let records = 2 * n
        print("\(records)\t\(String(format: "%.1f", Double(inputBytes) / 1_048_576))\t\(String(format: "%.2f", seconds))\t\(String(format: "%.1f", peakKiB / 1024))\t\(Int(Double(records) / seconds))\t\(exit)")
        try? FileManager.default.removeItem(atPath: report)
        try? FileManager.default.removeItem(atPath: root)
    }
}
