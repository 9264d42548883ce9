import APXCore
import APXDomain
import APXDrop
import APXStore
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The state of a workspace as `apx status` shows it; `attention` lists what needs a person
/// (non-empty → exit 1), `warnings` what will soon.
public struct WorkspaceStatus {
    public var json: JSON
    public var text: String
    public var attention: [String]
    public var warnings: [String]

    /// Age buckets of pending work, in days since it arrived (as in the HTML report).
    static let buckets: [(label: String, range: ClosedRange<Int>)] = [("0-7", 0...7), ("8-30", 8...30), ("31-90", 31...90), ("90+", 91...Int.max)]

    /// `asOf` nil: the last nightly run's as-of day (the day its pushes and deadlines were
    /// counted for), else today in the configured zone.
    public static func gather(workspace: Workspace, settings: Settings, reference: Reference, asOf explicit: Day?,
                              now: Date = Date()) throws -> WorkspaceStatus {
        var attention: [String] = []
        var warnings: [String] = []
        // The database (absent before the first run: nothing is created here).
        var db = StoreStatus()
        var store: Store?
        let hasDatabase = FileManager.default.fileExists(atPath: workspace.databasePath)
        // Read only (never waits for a run's write lock: the last committed state), through the
        // identity check: a missing, empty, foreign or older database needs a person, and so does
        // a schema behind or ahead of this binary, or a database this user cannot read.
        do {
            if hasDatabase {
                let opened = try Store.openForReading(workspace.identity(), asOf: explicit ?? Timestamp.day(of: now), actor: "status",
                                                      busyTimeoutMilliseconds: settings.busyTimeoutMilliseconds)
                db = try opened.status(receiptOverdueDays: settings.receiptOverdueDays, asOf: explicit)
                store = opened
            } else {
                try workspace.identity().checkBeforeOpening()
            }
        } catch let refusal as WorkspaceIdentity.Refusal {
            attention.append(refusal.description)
        } catch let behind as SchemaBehind {
            attention.append(behind.description)
        } catch {
            guard let failure = StoreFailure.classify(error) else { throw error }
            attention.append(WorkspaceStatus.unreadable(failure, path: workspace.databasePath))
        }
        // The lock, as the kernel sees it — after the database was read. A run writes its row
        // once it holds the lock and its finish before letting go, so an unfinished last run with
        // the lock free either was killed or finished in between: read again (and look at the
        // lock again, for a run begun meanwhile) before calling it interrupted.
        var lock = LockHolder.inspect(root: workspace.root)
        for _ in 0..<3 {
            guard let store, let seen = db.lastRun, seen.finishedAt == nil, !lock.held,
                  let again = try? store.status(receiptOverdueDays: settings.receiptOverdueDays, asOf: explicit) else { break }
            db = again
            guard let latest = again.lastRun, latest.id != seen.id || latest.finishedAt != nil else { break }
            lock = LockHolder.inspect(root: workspace.root)
        }
        let asOf = explicit ?? db.asOf ?? Timestamp.day(of: now)
        var fields: [(String, JSON)] = [("workspace", .string(workspace.root)), ("asOf", .string(asOf.iso)), ("now", .string(Timestamp.format(now)))]
        var lines = ["apx status — \(workspace.root) (as of \(asOf.iso))"]
        func line(_ label: String, _ text: String) { lines.append(label.padding(toLength: 11, withPad: " ", startingAt: 0) + text) }

        fields.append(("lock", .object([("held", .bool(lock.held)), ("pid", lock.pid.map(JSON.int) ?? .null),
                                        ("since", lock.since.map(JSON.string) ?? .null)])))
        line("lock", lock.held ? "held by PID \(lock.pid.map(String.init) ?? "?")" + (lock.since.map { " since \($0)" } ?? "") : "free")

        fields.append(("database", .bool(hasDatabase)))

        if let run = db.lastRun {
            let started = Timestamp.parse(run.startedAt)
            let finished = run.finishedAt.flatMap(Timestamp.parse)
            let state: LastRunState = run.finishedAt != nil ? .finished : lock.held ? .running : .interrupted
            let duration = (started != nil && finished != nil) ? finished!.timeIntervalSince(started!) : nil
            let durationJSON: JSON = duration.map { JSON.double($0) } ?? .null
            let finishedJSON: JSON = run.finishedAt.map { JSON.string($0) } ?? .null
            let exitJSON: JSON = run.exitCode.map { JSON.int($0) } ?? .null
            // `run` as in `apx run --json`, `id` as the brief's word.
            var runFields: [(String, JSON)] = [("id", .string(run.id)), ("run", .string(run.id)), ("asOf", .string(run.asOf)),
                                               ("state", .string(state.rawValue))]
            runFields += [("startedAt", .string(run.startedAt)), ("finishedAt", finishedJSON)]
            runFields += [("durationSeconds", durationJSON), ("exitCode", exitJSON)]
            fields.append(("lastRun", .object(runFields)))
            line("last run", "\(run.id) as-of \(run.asOf): \(state)" + (run.exitCode.map { ", exit \($0)" } ?? "")
                 + ", started \(run.startedAt)" + (run.finishedAt.map { ", finished \($0)" } ?? "")
                 + (duration.map { " (\(Int($0.rounded())) s)" } ?? ""))
            if run.exitCode == 1 { attention.append("the last run \(run.id) failed (exit 1): read logs/\(run.id).jsonl, fix the cause, run again") }
            if state == .interrupted { attention.append("the last run \(run.id) did not finish (killed?): the next run finishes its work; check why it stopped") }
            if let started, now.timeIntervalSince(started) > Double(settings.runAlertHours) * 3600 {
                attention.append("no nightly run for more than \(settings.runAlertHours) hours (last started \(run.startedAt)): check cron / the timer")
            }
        } else {
            fields.append(("lastRun", .null))
            line("last run", "none yet")
        }

        // Files waiting in the inbox for their marker.
        let inbox = Inbox(root: workspace.inbox)
        var waiting: [(source: Source, name: String, mtime: Date)] = []
        for source in Source.all {
            for entry in inbox.scan(source, now: now).notReady {
                let path = inbox.folder(source) + "/" + entry.name      // escaped: RawPath reaches the bytes
                let mtime = RawPath.lstat(path).map { Date(timeIntervalSince1970: Double($0.st_mtim.tv_sec)) } ?? now
                waiting.append((source, entry.name, mtime))
            }
        }
        waiting.sort { $0.mtime < $1.mtime }
        fields.append(("inbox", .object([
            ("waiting", .int(waiting.count)),
            ("oldestSeconds", waiting.first.map { .int(Int(now.timeIntervalSince($0.mtime))) } ?? .null),
            ("files", .array(waiting.prefix(100).map { w in
                .object([("source", .string(w.source.rawValue)), ("name", .string(w.name)), ("since", .string(Timestamp.format(w.mtime))),
                         ("ageSeconds", .int(Int(now.timeIntervalSince(w.mtime))))])
            })),
        ])))

        line("inbox", waiting.isEmpty ? "nothing waiting for a marker"
             : "\(waiting.count) file(s) waiting for their marker, the oldest \(waiting[0].source)/\(waiting[0].name) since \(Timestamp.format(waiting[0].mtime))")

        // Quarantine backlog (files still in quarantine/).
        let quarantineDays = db.quarantine.oldest.flatMap(Timestamp.parse).map { Int(now.timeIntervalSince($0) / 86400) }
        fields.append(("quarantine", .object([("count", .int(db.quarantine.count)), ("oldest", db.quarantine.oldest.map(JSON.string) ?? .null),
                                              ("oldestDays", quarantineDays.map(JSON.int) ?? .null),
                                              ("alertDays", .int(settings.quarantineAlertDays))])))
        line("quarantine", db.quarantine.count == 0 ? "empty"
             : "\(db.quarantine.count) file(s), the oldest since \(db.quarantine.oldest ?? "?") (\(quarantineDays ?? 0) day(s))")
        if let days = quarantineDays, days >= settings.quarantineAlertDays, db.quarantine.count > 0 {
            attention.append("\(db.quarantine.count) file(s) in quarantine, the oldest for \(days) day(s): apx quarantine list")
        }

        // Open review items.
        fields.append(("reviews", .object([("open", .int(db.reviews.count)), ("oldest", db.reviews.oldest.map(JSON.string) ?? .null),
                                           ("byKind", .object(db.reviewsByKind.map { ($0.kind.rawValue, .int($0.count)) }))])))
        line("reviews", "\(db.reviews.count) open" + (db.reviewsByKind.isEmpty ? "" : " (" + db.reviewsByKind.map { "\($0.kind) \($0.count)" }.joined(separator: ", ") + ")"))

        // Pending work by age.
        func aged(_ days: [String]) -> JSON {
            let ages = days.compactMap(Day.init(iso:)).map { max(0, $0.days(until: asOf)) }
            return .object([("count", .int(days.count)), ("oldest", days.min().map(JSON.string) ?? .null),
                            ("byAge", .object(buckets.map { b in (b.label, .int(ages.filter { b.range.contains($0) }.count)) }))])
        }
        fields.append(("pending", .object([("requests", aged(db.pendingRequestDays)), ("results", aged(db.pendingResultDays))])))
        line("pending", "\(db.pendingRequestDays.count) request(s)" + (db.pendingRequestDays.min().map { " (oldest \($0))" } ?? "")
             + ", \(db.pendingResultDays.count) result(s)" + (db.pendingResultDays.min().map { " (oldest \($0))" } ?? ""))

        // Push records the bureau has not acknowledged.
        fields.append(("unacknowledged", .object([("count", .int(db.unacknowledged)), ("olderThanDays", .int(settings.receiptOverdueDays))])))
        line("receipts", "\(db.unacknowledged) pushed record(s) without a receipt after \(settings.receiptOverdueDays) day(s)")
        if db.unacknowledged > 0 {
            attention.append("\(db.unacknowledged) pushed record(s) without a receipt after \(settings.receiptOverdueDays) day(s): ask the bureau")
        }

        // Working-day calendars.
        let years = reference.calendar.years.sorted()
        let currentMissing = !years.contains(asOf.year)
        let nextMissing = !years.contains(asOf.year + 1)
        fields.append(("calendar", .object([("years", .array(years.map(JSON.int))), ("currentYear", .int(asOf.year)),
                                            ("currentYearMissing", .bool(currentMissing)), ("nextYearMissing", .bool(nextMissing))])))
        line("calendar", (years.isEmpty ? "none" : years.map(String.init).joined(separator: ", "))
             + (currentMissing ? "; \(asOf.year) MISSING" : "") + (nextMissing ? "; \(asOf.year + 1) not yet" : ""))
        if currentMissing { attention.append("no holiday calendar for \(asOf.year): deadlines count Monday–Friday; add calendar/\(asOf.year).txt") }
        if nextMissing && asOf.month >= 11 { warnings.append("no holiday calendar for \(asOf.year + 1) yet (published each November)") }

        let watch = WatchStatus.read(root: workspace.root)
        fields.append(("watch", watch))
        line("watch", watch.serialized())
        fields.insert(("healthy", .bool(attention.isEmpty)), at: 0)
        fields.append(("attention", .array(attention.map(JSON.string))))
        fields.append(("warnings", .array(warnings.map(JSON.string))))
        let json = JSON.object(fields)
        lines.append(attention.isEmpty ? "status: healthy" : "status: NEEDS A PERSON")
        lines += attention.map { "  ! \($0)" }
        lines += warnings.map { "  warning: \($0)" }
        return WorkspaceStatus(json: json, text: lines.map(TerminalText.safe).joined(separator: "\n"), attention: attention, warnings: warnings)
    }
}
