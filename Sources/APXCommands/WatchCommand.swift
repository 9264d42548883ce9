import APXCore
import APXDomain
import APXDrop
import APXPipeline
import APXStore
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// `apx watch`: the pipeline running continuously (spec 05). Exit 0 after SIGTERM/SIGINT,
/// 75 when a watcher already runs on the workspace, 66 when the root is not a workspace.
struct WatchCommand: Command {
    static let path = ["watch"]
    static let summary = "run continuously: a ready file is pushed within seconds of its marker (same exactly-once path as apx run); the day's duties once per local date; SIGTERM finishes the cycle and exits 0, SIGHUP re-reads the pipeline file"
    static let usage = "apx watch [--root DIR] [--pipeline FILE] [--quiet]"
    static let spec = ArgumentSpec(flags: ["quiet"], options: Common.rootOptions)

    let root: String
    let arguments: Arguments
    let settings: Settings
    let reference: Reference
    let quiet: Bool
    let clock: WatchClock

    init(_ arguments: Arguments, environment: [String: String]) throws {
        self.arguments = arguments
        root = Common.root(arguments, environment)
        settings = try Common.settings(arguments)
        reference = try Common.reference(settings)
        quiet = arguments.flag("quiet")
        clock = WatchClock(environment: environment)
    }

    func run(_ output: Output) throws -> Int32 {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: root + "/inbox", isDirectory: &isDirectory), isDirectory.boolValue else {
            throw NotFound(message: "\(root) is not a workspace (no inbox/)")
        }
        let workspace = Workspace(root: root)
        try workspace.prepare()
        let lock = try WatchLock(root: workspace.root)
        defer { withExtendedLifetime(lock) {} }
        let arguments = self.arguments
        let quiet = self.quiet
        let watcher = Watcher(workspace: workspace, settings: settings, reference: reference, clock: clock,
                              load: {
                                  let settings = try Common.settings(arguments)
                                  return (settings, try Common.reference(settings))
                              },
                              open: { runID, asOf, settings in
                                  // Through the identity check, as every command (a lost database is refused).
                                  try Store.open(workspace.identity(), runID: runID, asOf: asOf,
                                                 busyTimeoutMilliseconds: settings.busyTimeoutMilliseconds)
                              },
                              daily: { asOf, settings, log in
                                  // Retention with the day's duties, under the cycle's lock.
                                  let areas = try Prune(workspace: workspace, settings: settings, asOf: asOf).run()
                                  log.event("duties.retention", areas.map { ($0.name, JSON.int($0.removed.count)) })
                              },
                              say: { line in if !quiet { WatchCommand.line(line, to: 1) } },
                              warn: { line in WatchCommand.line(line, to: 2) })
        return try watcher.run()
    }

    /// A long-running process never blocks or dies on its output: a reader that stopped
    /// reading (a full pipe) loses lines, a closed one (SIGPIPE) is ignored. The day's log
    /// (logs/watch-yyyy-MM-dd.jsonl) is the record.
    static func line(_ text: String, to fd: Int32) {
        prepareStream(fd)
        let bytes = Array((text + "\n").utf8)
        _ = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
    }

    private static let prepared: Void = {
        signal(SIGPIPE, SIG_IGN)
        for fd in [Int32(1), 2] {
            var st = stat()
            if fstat(fd, &st) == 0 && (st.st_mode & S_IFMT) == S_IFIFO {
                _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
            }
        }
    }()

    private static func prepareStream(_ fd: Int32) { _ = prepared }
}
