import APXCore
import APXDomain
import APXDrop
import APXStore
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// `apx watch` (spec 05): waits for drops and runs `NightlyRun` cycles — the exactly-once
/// path of `apx run` — holding the workspace lock only during a cycle; the day's duties once
/// per local date. The caller holds the watch lock for the watcher's life.
public final class Watcher {
    /// Settings and reference as the pipeline file says now (re-read on SIGHUP).
    public typealias Load = () throws -> (Settings, Reference)
    /// Opens the workspace's database for a cycle (run id, as-of day) the way every command
    /// does (the command decides: identity checks, busy timeout).
    public typealias Open = (_ runID: String, _ asOf: Day, _ settings: Settings) throws -> Store
    /// Housekeeping with the day's duties, under the cycle's lock (retention: `apx prune`'s work).
    public typealias Daily = (_ asOf: Day, _ settings: Settings, _ log: RunLog) throws -> Void

    let workspace: Workspace
    var settings: Settings
    var reference: Reference
    let load: Load
    let open: Open
    let daily: Daily
    let clock: WatchClock
    /// Progress lines (silent with --quiet) and problems (always).
    let say: (String) -> Void
    let warn: (String) -> Void
    let events: InboxEvents
    let signals = WatchSignals()
    var status = WatchStatusFile()
    var dayLog: (day: Day, log: RunLog)?

    /// The ready files the last cycle left in the inbox (unclaimable for now): they alone
    /// never start another cycle.
    var leftover: Set<String> = []
    var attempts = 0
    var failures = 0
    var retryAt = Date.distantPast

    public init(workspace: Workspace, settings: Settings, reference: Reference, clock: WatchClock,
                load: @escaping Load, open: @escaping Open, daily: @escaping Daily = { _, _, _ in }, say: @escaping (String) -> Void, warn: @escaping (String) -> Void) {
        self.workspace = workspace
        self.settings = settings
        self.reference = reference
        self.load = load
        self.open = open
        self.daily = daily
        self.clock = clock
        self.say = say
        self.warn = warn
        let wanted: InboxEvents.Mode? = switch settings.watch.mode {
        case .auto: nil
        case .inotify: .inotify
        case .poll: .poll
        }
        events = InboxEvents(inbox: workspace.inbox, folders: Source.all.map { workspace.inbox + "/" + $0.folder }, wanted: wanted)
    }

    /// Runs until SIGTERM or SIGINT (then finishes the running cycle and returns 0).
    public func run() throws -> Int32 {
        _ = try openStore(runID: "watch", asOf: clock.localDay(clock.now()))   // the database opens (or fails) at start
        status.mode = events.mode.rawValue
        roll(to: clock.localDay(clock.now()))
        status.save(root: workspace.root)
        log("watch.start", [("pid", .int(Int(getpid()))), ("mode", .string(events.mode.rawValue))])
        say("apx watch: watching \(workspace.inbox) (\(events.mode.rawValue)); SIGTERM stops")

        var startup = true
        var wanted = false             // a look is owed (kept while the lock is busy)
        var dirtySince: Date?
        var lastEvent = Date.distantPast
        var nextLook = Date()          // polling, and inotify's safety look
        var nextProbe = Date()         // queued work and the day's duties, from the database
        while true {
            let now = Date()
            var wake = min(nextLook, nextProbe)
            if let since = dirtySince { wake = min(wake, lastEvent.addingTimeInterval(quiet), since.addingTimeInterval(window)) }
            if retryAt > now { wake = max(wake, retryAt) }
            waitForInput(until: wake)

            let (stop, reload) = signals.drain()
            if stop { break }
            if reload { reloadSettings() }
            let t = Date()
            if events.drain() {
                if dirtySince == nil { dirtySince = t }
                lastEvent = t
            }
            guard t >= retryAt else { continue }
            var look = false
            if t >= nextLook {
                look = true
                nextLook = t.addingTimeInterval(events.mode == .poll || events.degraded ? settings.watch.pollSeconds : 30)
            }
            if let since = dirtySince, t.timeIntervalSince(lastEvent) >= quiet || t.timeIntervalSince(since) >= window {
                look = true
            }
            var probeSays = false
            if t >= nextProbe {
                nextProbe = t.addingTimeInterval(1)
                if roll(to: clock.localDay(clock.now())) { status.save(root: workspace.root) }
                probeSays = (try? dueWork(try openStore(runID: "watch", asOf: clock.localDay(clock.now())), startup: startup)) ?? false
            }
            if look || probeSays { wanted = true }
            guard startup || wanted else { continue }
            dirtySince = nil
            switch attempt(startup: startup) {
            case .done, .idle:
                startup = false
                wanted = false
            case .busy: retryAt = Date().addingTimeInterval(0.1)   // a person's command holds the lock
            case .failed: wanted = false
            }
        }
        status.running = false
        status.inCycle = false
        status.stoppedAt = Timestamp.now()
        status.save(root: workspace.root)
        log("watch.stop", [("cycles", .int(status.cycles))])
        say("apx watch: stopped after \(status.cycles) cycle(s)")
        return 0
    }

    var quiet: TimeInterval { Double(settings.watch.quietMilliseconds) / 1000 }
    var window: TimeInterval { Double(settings.watch.batchWindowMilliseconds) / 1000 }

    /// Sleeps in poll(2) until inotify or a signal has something, or `deadline`.
    func waitForInput(until deadline: Date) {
        let ms = max(0, min(1000, Int32((deadline.timeIntervalSinceNow * 1000).rounded(.up))))
        var fds = [pollfd(fd: signals.fd, events: Int16(POLLIN), revents: 0)]
        if events.fd >= 0 { fds.append(pollfd(fd: events.fd, events: Int16(POLLIN), revents: 0)) }
        _ = poll(&fds, nfds_t(fds.count), ms)
    }

    func reloadSettings() {
        do {
            (settings, reference) = try load()
            log("watch.reloaded")
            say("apx watch: pipeline file re-read")
        } catch {
            log("watch.reload_failed")
            warn("apx watch: pipeline file not re-read, the settings before stay: \(error)")
        }
    }

    func dayLogPath(_ day: Day) -> String { workspace.logs + "/watch-\(day.iso).jsonl" }

    /// The watcher's own events, in the day's log beside its cycles'.
    func log(_ event: String, _ fields: [(String, JSON)] = []) {
        let day = clock.localDay(clock.now())
        if dayLog?.day != day { dayLog = (day, RunLog(path: dayLogPath(day))) }
        dayLog?.log.event(event, fields)
    }
}
