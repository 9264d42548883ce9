import APXCore
import APXDrop
import APXStore
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A watcher's cycle: whether there is work, running `NightlyRun.cycle` under the workspace
/// lock, and what a failure or a success leaves (back-off, counts, the status file).
extension Watcher {
    /// Work the database knows of without a drop: the day's duties, or records queued by a
    /// person's decision, or what a killed cycle left.
    func dueWork(_ store: Store, startup: Bool) throws -> Bool {
        try dutiesDue(store, startup: startup) || store.hasUnfinishedWork()
    }

    /// Once per local date: at start-up if not yet done, else from `watch.daily_at` on.
    func dutiesDue(_ store: Store, startup: Bool) throws -> Bool {
        let now = clock.now()
        let day = clock.localDay(now)
        guard startup || clock.minutesOfDay(now) >= settings.watch.dailyAtMinutes else { return false }
        return try !store.dailyDutiesDone(on: day)
    }

    /// The ready entries of the ingested sources, with their size and times, so a re-drop differs.
    func readySignature() -> Set<String> {
        let inbox = Inbox(root: workspace.inbox)
        var names: Set<String> = []
        for source in Source.all where NightlyRun.ingestors[source] != nil {
            for file in inbox.scan(source).ready {
                var data = stat(), marker = stat()
                _ = lstat(file.path, &data)
                _ = lstat(file.markerPath, &marker)
                names.insert("\(source.folder)/\(file.name)|\(data.st_size)|\(data.st_mtim.tv_sec).\(data.st_mtim.tv_nsec)|\(marker.st_mtim.tv_sec)")
            }
        }
        return names
    }

    enum Attempt { case done, idle, busy, failed }

    /// One cycle if there is work: ready files the last cycle did not leave, queued or
    /// unfinished work, or the day's duties. Idle looks leave no run row and no report.
    func attempt(startup: Bool) -> Attempt {
        let lock: WorkspaceLock
        do { lock = try WorkspaceLock(root: workspace.root) } catch { return .busy }
        defer { withExtendedLifetime(lock) {} }
        let day = clock.localDay(clock.now())
        let runID = Timestamp.runID() + "-\(attempts + 1)"
        let log = RunLog(path: dayLogPath(day), context: [("run", .string(runID))])
        let store: Store
        let daily: Bool
        let ready = readySignature()
        do {
            // Decided under the lock, on a fresh connection: what a person or an `apx run`
            // did meanwhile counts.
            store = try openStore(runID: runID, asOf: day)
            daily = try dutiesDue(store, startup: startup)
            let inboxWork = !ready.isEmpty && ready != leftover
            let unfinished = try store.hasUnfinishedWork()
            guard inboxWork || daily || unfinished else {
                leftover = leftover.intersection(ready)
                return .idle
            }
        } catch {
            return failed("\(error)", code: String(describing: type(of: error)), runID: runID, log: log)
        }
        attempts += 1
        status.inCycle = true
        status.save(root: workspace.root)
        defer {
            status.inCycle = false
            status.save(root: workspace.root)
        }
        do {
            let summary = try NightlyRun(workspace: workspace, settings: settings, reference: reference, store: store, log: log)
                .cycle(dailyDuties: daily)
            // Only what the cycle saw and could not take; later arrivals are the next cycle's.
            leftover = ready.intersection(readySignature())
            record(summary, day: day)
            if summary.dailyDuties { try self.daily(day, settings, log) }
            // Work a cycle could not finish (it would not be finished a second later either)
            // is retried with the back-off of a failure, not every second.
            if (try? store.hasUnfinishedWork()) == true {
                return failed("work left unfinished by the cycle", code: "unfinished", runID: runID, log: log)
            }
            failures = 0
            return .done
        } catch {
            return failed("\(error)", code: String(describing: type(of: error)), runID: runID, log: log)
        }
    }

    /// A failed cycle: logged, retried after 5 s, 10 s, … up to 5 min (the workspace stays consistent).
    /// `why` goes to stderr for the operator; the log gets only `code` (no names or paths).
    func failed(_ why: String, code: String, runID: String, log: RunLog) -> Attempt {
        failures += 1
        let delay = min(300, 5 * pow(2, Double(min(failures, 6) - 1)))
        retryAt = Date().addingTimeInterval(delay)
        log.event("run.failed", [("error", .string(code)), ("retryInSeconds", .int(Int(delay)))])
        warn("apx watch: cycle \(runID) failed (\(why)); next try in \(Int(delay)) s")
        return .failed
    }

    func openStore(runID: String, asOf: Day) throws -> Store { try open(runID, asOf, settings) }

    /// Starts the day's counts when the local date changes; true if it did.
    @discardableResult
    func roll(to day: Day) -> Bool {
        guard status.day != day.iso else { return false }
        status.day = day.iso
        status.cyclesToday = 0
        status.filesToday = 0
        return true
    }

    func record(_ summary: RunSummary, day: Day) {
        roll(to: day)
        status.cycles += 1
        status.cyclesToday += 1
        status.filesToday += summary.claimed
        status.lastCycleAt = Timestamp.now()
        status.lastRun = summary.run
        if summary.dailyDuties { status.dailyDutiesFor = day.iso }
        say("""
            cycle \(summary.run) as-of \(summary.asOf): \(summary.claimed) claimed, \(summary.quarantined) quarantined; \
            pushed \(summary.govFiles) gov file(s) with \(summary.govRecords) record(s), \(summary.archivePackages) archive package(s), \
            \(summary.notices) notice(s)\(summary.dailyDuties ? "; day's duties done" : "")
            """)
    }
}
