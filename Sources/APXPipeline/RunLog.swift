import APXCore
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// One JSON-lines log per run under logs/: event codes, keys and counts only —
/// never names, addresses or whole records. Every event carries `ms`, the milliseconds
/// since the log was opened (monotonic), so the time a step took is the difference to the
/// event before it, and `cpuMs`, the process's CPU milliseconds (user + system, every
/// thread) since then — the two together show how much of a step ran on a second core —
/// and `threadCpuMs`, the logging thread's own CPU milliseconds since then (a night logs on
/// its writing thread: wall minus it is the time that thread waited, e.g. for a page read
/// ahead), of which `threadSysMs` in the kernel (the database's reads, WAL writes and syncs),
/// and `writtenKB`, what the process wrote to the file system since then (database, WAL,
/// checkpoints, outbox, logs: the kernel's count of bytes sent towards the disk).
public final class RunLog {
    private let handle: FileHandle?
    /// Fields every event carries (the cycle's run id in `apx watch`'s day log).
    private let context: [(String, JSON)]
    private let opened = DispatchTime.now().uptimeNanoseconds
    private let openedProcess = RunLog.processUsage()
    private let openedThreadCPU = RunLog.threadCPUMilliseconds()
    private let openedThreadSys = RunLog.threadSystemMilliseconds()

    public init(path: String?, context: [(String, JSON)] = []) {
        self.context = context
        if let path {
            let fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
            handle = fd >= 0 ? FileHandle(fileDescriptor: fd, closeOnDealloc: true) : nil
        } else {
            handle = nil
        }
    }

    deinit { try? handle?.close() }

    public func event(_ event: String, _ fields: [(String, JSON)] = []) {
        guard let handle else { return }
        let ms = Int((DispatchTime.now().uptimeNanoseconds - opened) / 1_000_000)
        let process = RunLog.processUsage()
        let cpu = process.cpuMs - openedProcess.cpuMs
        let written = max(0, process.writtenKB - openedProcess.writtenKB)
        let threadCPU = max(0, RunLog.threadCPUMilliseconds() - openedThreadCPU)
        let threadSys = max(0, RunLog.threadSystemMilliseconds() - openedThreadSys)
        let line = JSON.object([("at", .string(Timestamp.now())), ("ms", .int(ms)), ("cpuMs", .int(cpu)),
                                ("threadCpuMs", .int(threadCPU)), ("threadSysMs", .int(threadSys)), ("writtenKB", .int(written)),
                                ("event", .string(event))] + context + fields)
            .serialized() + "\n"
        try? handle.write(contentsOf: Data(line.utf8))
    }

    /// One `getrusage` of the whole process: its user + system CPU in milliseconds and its
    /// file-system output (`ru_oublock`, 512-byte blocks) in kilobytes.
    static func processUsage() -> (cpuMs: Int, writtenKB: Int) {
        var usage = rusage()
        guard getrusage(RUSAGE_SELF.rawValue, &usage) == 0 else { return (0, 0) }
        return (milliseconds(usage.ru_utime) + milliseconds(usage.ru_stime), usage.ru_oublock / 2)
    }

    static func milliseconds(_ t: timeval) -> Int { t.tv_sec * 1000 + Int(t.tv_usec) / 1000 }

    /// System CPU of the calling thread, in milliseconds (0 where it cannot be read).
    static func threadSystemMilliseconds() -> Int {
        #if os(Linux)
        // RUSAGE_THREAD (Linux 2.6.26+): Glibc exports it only under _GNU_SOURCE.
        let rusageThread: Int32 = 1
        var usage = rusage()
        guard getrusage(rusageThread, &usage) == 0 else { return 0 }
        return milliseconds(usage.ru_stime)
        #else
        return 0
        #endif
    }

    /// User + system CPU of the calling thread, in milliseconds.
    static func threadCPUMilliseconds() -> Int {
        var t = timespec()
        guard clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t) == 0 else { return 0 }
        return t.tv_sec * 1000 + t.tv_nsec / 1_000_000
    }
}
