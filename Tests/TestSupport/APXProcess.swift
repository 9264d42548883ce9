import Foundation

/// Runs the built `apx` binary (next to the test bundle) and captures what it did.
public enum APXProcess {
    public struct Result: Sendable {
        public let status: Int32
        public let stdout: String
        public let stderr: String

        /// stdout parsed as JSON (Foundation), for assertions.
        public var json: Any? {
            try? JSONSerialization.jsonObject(with: Data(stdout.utf8), options: [.fragmentsAllowed])
        }
    }

    public static var binary: String {
        let exe = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        var dir = (exe as NSString).deletingLastPathComponent
        // The test bundle may sit inside `apxPackageTests.xctest/…`.
        for _ in 0..<4 {
            let candidate = dir + "/apx"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            dir = (dir as NSString).deletingLastPathComponent
        }
        return ".build/debug/apx"
    }

    @discardableResult
    public static func run(_ arguments: [String], environment: [String: String] = [:]) -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        env.removeValue(forKey: "APX_ROOT")
        for (k, v) in environment { env[k] = v }
        process.environment = env
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try! process.run()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                      stderr: String(decoding: errData, as: UTF8.self))
    }
}

#if canImport(Glibc)
import Glibc
#endif

extension APXProcess {
    public struct Measured: Sendable {
        public let status: Int32
        public let peakRSSMiB: Double
        public let seconds: Double
    }

    /// Runs `apx` (output discarded) and measures the child's peak resident memory and wall
    /// time through GNU time: its child is forked from a small process, whereas a
    /// posix_spawn from this (large) test process would report the parent's high-water mark
    /// (CLONE_VFORK: the kernel folds the old mm's peak into ru_maxrss at exec).
    public static func measured(_ arguments: [String]) -> Measured {
        let report = NSTemporaryDirectory() + "/apx-time-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: report) }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/time")
        p.arguments = ["-f", "%x %M %e", "-o", report, binary] + arguments
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        guard (try? p.run()) != nil else { return Measured(status: -1, peakRSSMiB: 0, seconds: 0) }
        p.waitUntilExit()
        let fields = ((try? String(contentsOfFile: report, encoding: .utf8)) ?? "").split(whereSeparator: { $0 == " " || $0 == "\n" })
        guard fields.count >= 3 else { return Measured(status: -1, peakRSSMiB: 0, seconds: 0) }
        return Measured(status: Int32(fields[fields.count - 3]) ?? -1, peakRSSMiB: (Double(fields[fields.count - 2]) ?? 0) / 1024,
                        seconds: Double(fields[fields.count - 1]) ?? 0)
    }
}
