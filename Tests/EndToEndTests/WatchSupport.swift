import Foundation
import SQLiteDB
import Testing
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// A running `apx watch` on a test workspace (the built binary, in the background).
final class WatchProcess {
    let process = Process()
    let outputPath: String
    let started = Date()

    /// `clock`: a file holding the watcher's "now" (APX_CLOCK_FILE); the time zone is
    /// Asia/Shanghai, so its local dates are the +08:00 dates the tests write.
    init(root: String, pipeline: String? = nil, clock: String? = nil, environment: [String: String] = [:]) throws {
        outputPath = root + "/../" + (root as NSString).lastPathComponent + "-watch-\(UUID().uuidString.prefix(6)).out"
        FileManager.default.createFile(atPath: outputPath, contents: nil)
        process.executableURL = URL(fileURLWithPath: APXProcess.binary)
        process.arguments = ["watch", "--root", root] + (pipeline.map { ["--pipeline", $0] } ?? [])
        var env = ProcessInfo.processInfo.environment
        env.removeValue(forKey: "APX_ROOT")
        env["TZ"] = "Asia/Shanghai"
        if let clock { env["APX_CLOCK_FILE"] = clock }
        for (k, v) in environment { env[k] = v }
        process.environment = env
        let out = FileHandle(forWritingAtPath: outputPath)
        process.standardOutput = out
        process.standardError = out
        try process.run()
    }

    deinit {
        if process.isRunning { kill(process.processIdentifier, SIGKILL); process.waitUntilExit() }
        try? FileManager.default.removeItem(atPath: outputPath)
    }

    var output: String { (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? "" }

    /// SIGTERM, then waits; returns the exit status and the seconds it took.
    @discardableResult
    func stop(signal: Int32 = SIGTERM, timeout: TimeInterval = 20) -> (status: Int32, seconds: Double) {
        let start = Date()
        kill(process.processIdentifier, signal)
        while process.isRunning && Date().timeIntervalSince(start) < timeout { usleep(5_000) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        return (process.terminationStatus, Date().timeIntervalSince(start))
    }

    func kill9() {
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }
}

/// Views of a watched workspace for the tests.
struct Watched {
    let ws: TempWorkspace

    /// Polls `condition` every 2 ms until it holds or `timeout` passes.
    @discardableResult
    static func until(_ timeout: TimeInterval, _ condition: () -> Bool) -> Bool {
        let end = Date().addingTimeInterval(timeout)
        while Date() < end {
            if condition() { return true }
            usleep(2_000)
        }
        return condition()
    }

    var status: [String: Any] {
        guard let text = ws.read(".apx-watch"),
              let object = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] else { return [:] }
        return object
    }

    var cycles: Int { status["cycles"] as? Int ?? 0 }

    /// Published push files (their `.ok` marker present) in outbox/gov.
    var publishedGov: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: ws.path("outbox/gov"))) ?? []).filter { $0.hasSuffix(".xml.ok") }
    }

    func readyInInbox() -> Int {
        ws.files(under: "inbox").filter { $0.hasSuffix(".ok") }.count
    }

    func rows(_ sql: String) -> [[String]] {
        guard let db = try? Database(path: ws.path("db/approval.sqlite")) else { return [] }
        return ((try? db.rows(sql)) ?? []).map { $0.values.map { $0.string ?? "∅" } }
    }

    func count(_ sql: String) -> Int { Int(rows(sql).first?.first ?? "") ?? -1 }

    /// Writes the watcher's clock (APX_CLOCK_FILE).
    static func setClock(_ path: String, _ instant: String) {
        try! instant.write(toFile: path, atomically: true, encoding: .utf8)
    }
}

/// Projects and requests by number, for many drops.
enum Many {
    static func xmdm(_ i: Int) -> String { "2024-360111-48-01-" + String(format: "%06d", i) }
    static func project(_ i: Int) -> ProjectFixture {
        ProjectFixture(xmdm: xmdm(i), xmmc: "观察项目\(i)", units: [Cast.lead1])
    }
    static func request(_ i: Int) -> RequestFixture {
        RequestFixture(qqbh: "WQ\(i)", xmdm: xmdm(i), xmmc: "观察项目\(i)", sqdwdm: Cast.lead1.uscc, sqdwmc: Cast.lead1.name)
    }
    /// RKQQ_yyyyMMdd_NN.csv, a different name for each `i` (two-digit serials, so the day moves).
    static func requestFileName(_ i: Int) -> String {
        "RKQQ_202611" + String(format: "%02d_%02d", 1 + i / 90, i % 90 + 1) + ".csv"
    }
    /// One extract (GB18030, as tzxm sends) with projects `range`.
    static func extract(_ range: Range<Int>) -> [UInt8] {
        GB18030.encode(Builders.tzxmCSV(range.map(project)))
    }
}
