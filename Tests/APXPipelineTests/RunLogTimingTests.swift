import Foundation
import Testing
@testable import APXPipeline

/// Every run-log event carries `ms` (wall), `cpuMs` (process CPU), `threadCpuMs` (the
/// logging thread's CPU), `threadSysMs` (its system part) and `writtenKB` (the process's
/// file-system output), counted from the log's opening and never going back, so a step's
/// wall, CPU time and writes are differences.
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

    /// The kernel's own count (`/proc/self/io` write_bytes), 0 where it cannot be read.
    static func kernelWrittenBytes() -> Int {
        guard let text = try? String(contentsOfFile: "/proc/self/io", encoding: .utf8) else { return 0 }
        let line = text.split(separator: "\n").first { $0.hasPrefix("write_bytes:") }
        return line.flatMap { Int($0.dropFirst("write_bytes:".count).trimmingCharacters(in: .whitespaces)) } ?? 0
    }

    @Test func eventsCarryTheThreadsSystemTimeAndTheWritesTheKernelCounted() throws {
        let dir = NSTemporaryDirectory() + "/runlog-io-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let log = RunLog(path: dir + "/run.jsonl")
        log.event("run.start")
        // System time on this thread: small writes to /dev/null until 25 ms of it (at most 5 s).
        let null = open("/dev/null", O_WRONLY)
        #expect(null >= 0)
        let sysStart = RunLog.threadSystemMilliseconds(), deadline = Date().addingTimeInterval(5)
        var byte: UInt8 = 0
        while RunLog.threadSystemMilliseconds() - sysStart < 25 && Date() < deadline { _ = write(null, &byte, 1) }
        close(null)
        // 8 MiB written and synced: counted by the kernel where the folder is on a block device
        // (not on tmpfs: there both counts stay 0).
        let kernelBefore = Self.kernelWrittenBytes()
        let chunk = Data(repeating: 0x5A, count: 1 << 20)
        let dataPath = dir + "/data"
        #expect(FileManager.default.createFile(atPath: dataPath, contents: nil))
        let handle = try #require(FileHandle(forWritingAtPath: dataPath))
        for _ in 0..<8 { try handle.write(contentsOf: chunk) }
        try handle.synchronize()
        try handle.close()
        let kernelCounted = Self.kernelWrittenBytes() - kernelBefore
        log.event("run.end")
        let events = try String(contentsOfFile: dir + "/run.jsonl", encoding: .utf8).split(separator: "\n").map {
            try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
        #expect(events.count == 2)
        let sys = try events.map { try #require($0["threadSysMs"] as? Int) }
        let thread = try events.map { try #require($0["threadCpuMs"] as? Int) }
        let written = try events.map { try #require($0["writtenKB"] as? Int) }
        #expect(sys[0] >= 0 && sys[1] - sys[0] >= 25, "\(sys)")
        #expect(sys[1] <= thread[1] + 10, "the system part of the thread's CPU: \(sys) of \(thread)")
        #expect(written[0] >= 0 && written[1] >= written[0])
        // The log's window holds the write's: it counts at least what the kernel counted for it.
        #expect(written[1] - written[0] >= kernelCounted / 1024 - 1, "\(written), kernel \(kernelCounted) B")
    }
}
