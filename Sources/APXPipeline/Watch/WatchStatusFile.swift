import APXCore
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Writes `<root>/.apx-watch`: what a running watcher tells `apx status` (one JSON object,
/// replaced atomically). `running` is the watcher's own word; whether it is alive is the watch
/// lock (`WatchLock.isHeld`) or its pid: a killed watcher leaves `running: true` behind.
public struct WatchStatusFile: Sendable {
    public static func path(root: String) -> String { root + "/.apx-watch" }

    public var pid = Int(getpid())
    public var since = Timestamp.now()
    public var mode = ""
    public var running = true
    public var inCycle = false
    public var cycles = 0
    public var day = ""
    public var cyclesToday = 0
    public var filesToday = 0
    public var lastCycleAt: String?
    public var lastRun: String?
    public var dailyDutiesFor: String?
    public var stoppedAt: String?

    public init() {}

    public var json: JSON {
        .object([
            ("pid", .int(pid)), ("since", .string(since)), ("mode", .string(mode)), ("running", .bool(running)),
            ("inCycle", .bool(inCycle)), ("cycles", .int(cycles)), ("day", .string(day)),
            ("cyclesToday", .int(cyclesToday)), ("filesToday", .int(filesToday)),
            ("lastCycleAt", lastCycleAt.map(JSON.string) ?? .null), ("lastRun", lastRun.map(JSON.string) ?? .null),
            ("dailyDutiesFor", dailyDutiesFor.map(JSON.string) ?? .null), ("stoppedAt", stoppedAt.map(JSON.string) ?? .null),
            ("updatedAt", .string(Timestamp.now())),
        ])
    }

    /// Replaces the file (temp name, then rename); a failure only costs the status.
    func save(root: String) {
        let path = WatchStatusFile.path(root: root)
        let temp = root + "/.apx-watch.tmp"
        let bytes = Array((json.serialized() + "\n").utf8)
        let fd = open(temp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { return }
        let written = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        close(fd)
        if written == bytes.count { rename(temp, path) } else { unlink(temp) }
    }
}
