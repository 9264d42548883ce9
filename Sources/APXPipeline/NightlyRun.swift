import APXCore
import APXDecode
import APXDomain
import APXDrop
import APXMatch
import APXOutbox
import APXStore
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The nightly job (spec 05 `apx run`): recover, claim ready files, ingest each in its
/// own transaction, move it after the commit, evaluate pending work once everything is
/// loaded, push through the outbox, report. The caller holds the workspace lock.
public final class NightlyRun {
    public let workspace: Workspace
    public let settings: Settings
    public let store: Store
    let log: RunLog
    var summary = RunSummary()
    var fileDetails: [JSON] = []
    /// Claimed entries whose move failed ("source/name" → why): not claimed again until moved.
    var unmovable: [String: String] = [:]
    /// Progress on a terminal (nil: silent).
    public var progress: ProgressMeter?
    private var started = Date()

    /// Sources this build ingests; files in other drop folders wait untouched.
    static let ingestors: [Source: SourceIngestor] = [
        .tzxm: TZXMIngestor(), .rkqq: RKQQIngestor(), .sgt: SGTIngestor(), .dtjg: DTJGIngestor(), .manual: ManualIngestor(),
        .jsqq: JSQQIngestor(), .govReceipt: GovReceiptIngestor(), .archiveReceipt: ArchiveReceiptIngestor(),
    ]
    let reference: Reference
    /// `APX_PAGE_ROWS`: rows per evaluation page, results and requests alike, instead of
    /// `ResultMatching.pageRows` and `Warehousing.pageRows` — for the end-to-end tests, which
    /// need many pages (and so results pages read ahead) from a small night. Unset in
    /// production; outputs do not depend on it but for the per-transaction "push groups A-B
    /// queued" audit rows.
    static let pageRows: Int? = ProcessInfo.processInfo.environment["APX_PAGE_ROWS"].flatMap(Int.init).map { max(1, $0) }
    /// Where archived documents are read for packages, if not this workspace (`apx check --root`).
    var documentRoot: String?

    public init(workspace: Workspace, settings: Settings, reference: Reference, store: Store, log: RunLog) {
        self.workspace = workspace
        self.settings = settings
        self.reference = reference
        self.store = store
        self.log = log
        summary.run = store.runID
        summary.asOf = store.asOf.iso
    }

    public func execute(reprocessing selection: ReprocessSelection? = nil, warnings: [String] = []) throws -> RunSummary {
        summary.warnings += warnings
        return try cycle(reprocessing: selection, dailyDuties: true)
    }

    /// One pass of the exactly-once path: `apx run` is one cycle with the day's duties;
    /// `apx watch` runs a cycle whenever something is ready, with the duties once a date.
    public func cycle(reprocessing selection: ReprocessSelection? = nil, dailyDuties: Bool) throws -> RunSummary {
        started = Date()
        summary.startedAt = Timestamp.format(started)
        progress?.begin()
        defer { progress?.finish() }
        try store.recordRunStart(command: "run")
        log.event("run.start", [("asOf", .string(store.asOf.iso)), ("reprocess", .bool(selection != nil)),
                                ("dailyDuties", .bool(dailyDuties))])
        progress?.set(phase: "recovering")
        try recover()
        if let selection { try reprocess(selection) }
        try claimAndIngest()
        progress?.set(phase: "evaluating")
        // The evaluation's page commits are not synced one by one: nothing outside the
        // database happens until the push, and the WAL is synced before it (docs/decisions.md).
        try store.deferringSync { try evaluate(dailyDuties: dailyDuties) }
        progress?.set(phase: "pushing")
        try push()
        summary.exitCode = summary.quarantined > 0 ? 65 : 0
        progress?.set(phase: "reporting")
        try finish()
        return summary
    }

    // MARK: Steps

    /// Finishes what a killed run left: unmoved inputs, unpublished push files, temp files.
    func recover() throws {
        let finalizer = Finalizer(store: store, workspace: workspace)
        summary.recoveredMoves = try finishAllAccounted(finalizer)
        summary.recoveredMoves += try finishRequeues()
        let publisher = OutboxPublisher(store: store, outboxRoot: workspace.outbox)
        publisher.removeStaleTemporaries()
        let published = try publisher.publishPlanned()
        summary.recoveredPublications = published.count
        if summary.recoveredMoves + published.count > 0 {
            log.event("run.recovered", [("moves", .int(summary.recoveredMoves)), ("publications", .int(published.count))])
        }
    }

    func claimAndIngest() throws {
        let inbox = Inbox(root: workspace.inbox)
        let finalizer = Finalizer(store: store, workspace: workspace)
        for source in Source.all {
            let scan = inbox.scan(source)
            if scan.folderIsNotADirectory {
                summary.warnings.append("inbox/\(source.folder) is not a directory (a link?): not read")
                log.event("inbox.refused", [("source", .string(source.folder))])
            }
            for orphan in scan.orphanMarkers {
                summary.orphanMarkers.append("\(source.folder)/\(orphan.name)")
                log.event("marker.orphan", [("source", .string(source.folder)), ("ageSeconds", .int(Int(orphan.ageSeconds)))])
                if orphan.ageSeconds > Double(settings.orphanMarkerDays) * 86_400 {
                    RawPath.unlink(orphan.path)
                    log.event("marker.removed", [("source", .string(source.folder))])
                }
            }
            if let why = scan.folderUnreadable {
                summary.warnings.append("inbox/\(source.folder) cannot be listed: \(why)")
                log.event("inbox.unreadable", [("source", .string(source.folder))])
            }
            summary.inbox.skipped += scan.skipped
            guard let ingestor = NightlyRun.ingestors[source] else { continue }
            summary.notReady += scan.notReady.count
            progress?.expect(paths: scan.ready.map(\.path))
            progress?.set(phase: "reading \(source.folder)")
            summary.notReadyFiles += scan.notReady.map { "\(source.folder)/\($0.name)" }
            summary.inbox.notReady += scan.notReady.map { .init(source: source, name: $0.name, why: "no marker yet") }
            // The folder was listed once; attachments a claimed file takes along leave the set.
            var attachments = Set(scan.attachments.keys)
            for file in scan.ready {
                if unmovable[source.folder + "/" + file.name] != nil { continue }   // listed by finishAccounted
                guard let row = try claim(file, ingestor: ingestor, finalizer: finalizer, attachments: attachments) else {
                    progress?.fileDone(size: 0)
                    continue
                }
                attachments.subtract(try store.companions(fileID: row.id).map { FileName(escaped: $0.name) })
                progress?.fileDone(size: row.size)
            }
            accountAttachments(source, left: attachments, ages: scan.attachments)
        }
    }

    /// Claims one ready file: probe (look, hash) → `record` (classify, then one transaction)
    /// → `finishClaim` (the run's accounting, then the move).
    /// Nil when the entry is not claimed this run (listed in `summary.inbox` with why).
    func claim(_ file: InboxScan.Ready, ingestor: SourceIngestor, finalizer: Finalizer,
               attachments: Set<FileName>) throws -> InputFileRow? {
        guard let probed = try probe(file) else { return nil }
        let recorded: ClaimRecord
        do {
            recorded = try record(file, probed, ingestor: ingestor, finalizer: finalizer, attachments: attachments)
        } catch let skip as ClaimSkip {
            account(skip, source: file.source, name: file.name)
            return nil
        }
        return try finishClaim(recorded, file, probed, finalizer: finalizer)
    }

    func evaluate(dailyDuties: Bool) throws {
        try evaluateRequests()
        let matching = ResultMatching(store: store, settings: settings, reference: reference)
        let results = try matching.evaluateOpenResults(batchSize: NightlyRun.pageRows ?? ResultMatching.pageRows)
        summary.resultsWarehoused += results[.warehoused] ?? 0
        summary.resultsReview += results[.review] ?? 0
        summary.resultsPending += results[.pending] ?? 0
        let acceptances = try matching.pushAcceptances()
        let ending = Ending(store: store, settings: settings, workspaceRoot: documentRoot ?? workspace.root,
                            packageDigest: ArchivePlan.zipDigest)
        let packages = try ending.evaluateEndRequests()
        let (reminders, deadlines) = dailyDuties ? try runDailyDuties(ending) : (0, Deadlines.Status())
        log.event("evaluate.ending", [("packagesPlanned", .int(packages.count)), ("reminders", .int(reminders)),
                                      ("deadlineReminders", .int(deadlines.reminders)), ("dueToday", .int(deadlines.dueToday)),
                                      ("overdue", .int(deadlines.overdue))])
        log.event("evaluate.results", [("warehoused", .int(summary.resultsWarehoused)), ("review", .int(summary.resultsReview)),
                                       ("pending", .int(summary.resultsPending)), ("acceptancesPushed", .int(acceptances))])
        // Every run of a year without a calendar file says so, timed items or not (spec 03).
        let asOfYear = store.asOf.year
        let missing = reference.calendar.years.contains(asOfYear) ? reference.calendar.missingYears
            : Array(Set(reference.calendar.missingYears + [asOfYear])).sorted()
        for year in missing {
            summary.warnings.append("no working-day calendar for \(year): Monday–Friday counted as working days")
        }
    }

    /// The day's duties — archive reminders and credit records, deadline notices — and the
    /// record that they ran for the as-of date, in one transaction.
    func runDailyDuties(_ ending: Ending) throws -> (Int, Deadlines.Status) {
        try store.transaction {
            let reminders = try ending.remind()
            let deadlines = try Deadlines(store: store, calendar: reference.calendar).supervise()
            try store.recordDailyDuties()
            summary.dailyDuties = true
            let unacknowledged = try store.unacknowledged(olderThan: settings.receiptOverdueDays, limit: 0).count
            log.event("duties.unacknowledged", [("records", .int(unacknowledged)), ("days", .int(settings.receiptOverdueDays))])
            return (reminders, deadlines)
        }
    }

    func evaluateRequests() throws {
        let outcomes = try Warehousing(store: store, settings: settings)
            .evaluateOpenRequests(batchSize: NightlyRun.pageRows ?? Warehousing.pageRows)
        summary.projectsWarehoused += outcomes[.warehoused] ?? 0
        summary.projectsReview += outcomes[.review] ?? 0
        summary.projectsMigration += outcomes[.migration] ?? 0
        summary.projectsPending += outcomes[.pending] ?? 0
        log.event("evaluate.requests", [("evaluated", .int(outcomes.values.reduce(0, +))), ("warehoused", .int(summary.projectsWarehoused)),
                                        ("review", .int(summary.projectsReview)), ("migration", .int(summary.projectsMigration)),
                                        ("pending", .int(summary.projectsPending))])
    }

    func push() throws {
        let planner = OutboxPlanner(store: store, maxRecordsPerFile: settings.maxRecordsPerPushFile)
        try planner.planGov(asOf: store.asOf)
        CrashPoint.hit("gov planned")
        try planner.planNotices(asOf: store.asOf)
        CrashPoint.hit("notices planned")
        try store.recordIdentity()   // the numbers just taken, beside the database
        let published = try OutboxPublisher(store: store, outboxRoot: workspace.outbox, workspaceRoot: workspace.root).publishPlanned()
        try store.releaseFreePages()   // the published files' content
        for file in published {
            switch file.target {
            case .gov:
                summary.govFiles += 1
                summary.govRecords += file.records
            case .archive:
                summary.archivePackages += 1
            case .notices:
                summary.notices += file.records
            }
            summary.pushedFiles.append("\(file.target)/\(file.name)")
            log.event("push", [("target", .string(file.target.rawValue)), ("file", .string(file.name)), ("records", .int(file.records))])
        }
    }

    func finish() throws {
        try warnAboutReceiptConflicts()
        let finished = Date()
        summary.finishedAt = Timestamp.format(finished)
        summary.durationSeconds = finished.timeIntervalSince(started)
        summary.quarantineBacklog = try store.quarantineBacklogSummary().count
        let json = summary.json
        // The report first: a run recorded as ended has its report (a run killed in between
        // counts as interrupted, and the next run's report lists its files again).
        try Report(store: store, workspace: workspace, settings: settings, reference: reference).write(summary: summary, files: fileDetails)
        try store.recordRunEnd(exitCode: summary.exitCode, summary: json.serialized())
        log.event("run.end", [("exitCode", .int(summary.exitCode)), ("claimed", .int(summary.claimed)),
                              ("quarantined", .int(summary.quarantined))])
    }
}
