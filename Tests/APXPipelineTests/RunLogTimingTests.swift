import Foundation
import Testing
@testable import APXPipeline

/// Every run-log event carries `ms` (wall), `cpuMs` (process CPU) and `threadCpuMs` (the
/// logging thread's CPU), counted from the log's opening and never going back, so a step's
/// wall and CPU time are differences.
@Suite struct RunLogTimingTests {
    @Test func eventsCarryWallAndCPUMillisecondsThatNeverGoBack() throws {
        let path = NSTemporaryDirectory() + "/runlog-\(UUID().uuidString).jsonl"
        defer { try? FileManager.default.removeItem(atPath: path) }
        let log = RunLog(path: path)
        log.event("run.start")
        // Burn 61 ms of this thread's CPU (however loaded the machine, whatever other tests'
        // threads do) between the events; the process's CPU grows by at least as much.
        let start = RunLog.threadCPUMilliseconds()
        var spin = 0
        while RunLog.threadCPUMilliseconds() - start < 61 { for _ in 0..<10_000 { spin &+= 1 } }
        log.event("run.end", [("spin", .int(spin & 1))])
        let events = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map {
            try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
        #expect(events.count == 2)
        let ms = try events.map { try #require($0["ms"] as? Int) }
        let cpu = try events.map { try #require($0["cpuMs"] as? Int) }
        #expect(ms[0] >= 0 && cpu[0] >= 0)
        #expect(cpu[1] - cpu[0] >= 60)
        #expect(ms[1] >= ms[0])
        // The spin ran on this thread: its own CPU counts it, and never more than the process's.
        let thread = try events.map { try #require($0["threadCpuMs"] as? Int) }
        #expect(thread[0] >= 0 && thread[1] - thread[0] >= 60, "\(thread)")
        // Two clocks read apart (`getrusage` scales its user/system split from ticks): a few
        // milliseconds either way, measured 62 against 61 once.
        #expect(thread[1] <= cpu[1] + 10)
        // (No wall ≥ CPU check: other tests' threads in this process count in its CPU.)
    }
}
