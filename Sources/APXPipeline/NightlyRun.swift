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
        try evaluate(dailyDuties: dailyDuties)
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
            summary.inbox.skipped += scan.skipped.map { .init(source: $0.source, name: $0.name, why: $0.why) }
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
                try finishAccounted(row, finalizer: finalizer, verifyHash: false)
                progress?.fileDone(size: row.size)
            }
            accountAttachments(source, left: attachments, ages: scan.attachments)
        }
    }

    /// Hashes, classifies and ingests one ready file in one transaction.
    /// Nil when the entry is not claimed this run (listed in `summary.inbox` with why).
    func claim(_ file: InboxScan.Ready, ingestor: SourceIngestor, finalizer: Finalizer,
               attachments: Set<FileName>) throws -> InputFileRow? {
        let source = file.source
        let before: stat
        do {
            before = try ClaimProbe.look(file)
        } catch let skip as ClaimSkip {
            account(skip, source: source, name: file.name)
            return nil
        }
        let st = before
        let kind = EntryKind(mode: st.st_mode)
        let size = Int64(st.st_size)
        let limit = settings.maxBytes(forFileNamed: file.name)
        // A file over its limit is refused without being read; its "hash" names what it was.
        let sha: String
        if kind != .file {
            sha = SHA256.hex("not a regular file: " + file.name)
        } else if size > limit {
            sha = SHA256.hex("too large: \(file.name) \(size) \(st.st_mtim.tv_sec)")
        } else {
            do {
                sha = try SHA256.file(at: file.path).hex
            } catch let error as FileError {
                account(.reading(error), source: source, name: file.name)
                return nil
            }
        }

        let fileID: Int
        do {
          fileID = try store.transaction { try ClaimProbe.checked(file, since: before) {
            func quarantine(_ code: ReasonCode, _ message: String, line: Int? = nil) throws -> Int {
                var outcome = Store.FileOutcome(outcome: .quarantined, reason: code, message: message, line: line)
                outcome.recordsRead = 0
                let dest = try finalizer.destination(source: source, name: file.name, outcome: .quarantined, asOf: store.asOf)
                return try store.insertInputFile(source: source, name: file.name, sha256: sha, size: size, outcome: outcome, destination: dest)
            }
            if kind != .file {
                return try quarantine(.nameUnknown, "\(kind.phrase), not a regular file (never read or followed)")
            }
            guard let dropName = file.dropName else {
                if let id = try recordRepeat(of: file, sha: sha, size: size, finalizer: finalizer, companions: { _ in }) { return id }
                return try quarantine(.nameUnknown, "name does not fit the \(source) pattern")
            }
            /// Files that travel with this one get destinations beside it.
            func registerCompanions(_ id: Int) throws -> [String: String] {
                let names = ingestor.companions(path: file.path, options: IngestContext.readOptions(settings, file.source, file.name),
                                                inbox: attachments)
                var companions: [String: String] = [:]
                for name in names where name != file.name {
                    let companionDest = try finalizer.destination(source: source, name: name, outcome: .processed, asOf: store.asOf)
                    try store.addCompanion(fileID: id, name: name, destination: companionDest)
                    companions[name] = companionDest
                }
                return companions
            }
            if try store.wasProcessed(sha256: sha) {
                let dest = try finalizer.destination(source: source, name: file.name, outcome: .duplicate, asOf: store.asOf)
                let id = try store.insertInputFile(source: source, name: file.name, sha256: sha, size: size,
                                                   outcome: .init(outcome: .duplicate, reason: .duplicate,
                                                                  message: "same bytes already processed"),
                                                   destination: dest)
                _ = try registerCompanions(id)
                // The good bytes again under a name waiting in quarantine: its data is in, so
                // the entry is settled as by a corrected file.
                summary.quarantineSettled += try store.settleQuarantine(source: source, name: file.name, byFileID: id)
                return id
            }
            if let id = try recordRepeat(of: file, sha: sha, size: size, finalizer: finalizer,
                                         companions: { _ = try registerCompanions($0) }) { return id }
            if size > limit {
                return try quarantine(.tooLarge, "file is \(size) bytes, limit \(limit)")
            }
            let dest = try finalizer.destination(source: source, name: file.name, outcome: .processed, asOf: store.asOf)
            let id = try store.insertInputFile(source: source, name: file.name, sha256: sha, size: size,
                                               outcome: .init(outcome: .processed), destination: dest)
            let companions = try registerCompanions(id)
            let claimed = ClaimedFile(source: file.source, name: file.name, dropName: dropName, path: file.path, sha256: sha, size: size,
                                      destination: dest, companions: companions)
            let context = IngestContext(store: store, settings: settings, reference: reference, file: claimed,
                                        workspaceRoot: workspace.root)
            do {
                let result = try context.ingestChecked(ingestor, path: file.path, fileID: id)
                summary.quarantineSettled += try store.settleQuarantine(source: source, name: file.name, byFileID: id)
                summary.projectsReview += result.platformReviews
                summary.projectsEnded += result.projectsEnded
            } catch let error as DecodeError {
                let qdest = try finalizer.destination(source: source, name: file.name, outcome: .quarantined, asOf: store.asOf)
                try store.quarantineInputFile(id, reason: error.code, message: error.message, line: error.line, destination: qdest)
                // The XML and its attachments wait in quarantine together.
                var moved: [String: String] = [:]
                for name in companions.keys.sorted() {
                    moved[name] = try finalizer.destination(source: source, name: name, outcome: .quarantined, asOf: store.asOf)
                }
                try store.moveCompanionsToQuarantine(fileID: id, destinations: moved)
            }
            return id
          } }
        } catch let skip as ClaimSkip {
            account(skip, source: source, name: file.name)
            return nil
        }
        summary.claimed += 1
        CrashPoint.hit("file committed")
        guard let row = try store.inputFile(id: fileID) else { throw FileError("record", file.path) }
        switch row.outcome {
        case .processed: summary.processed += 1
        case .duplicate:
            if row.duplicateOf != nil { summary.alreadyQuarantined += 1 } else { summary.duplicate += 1 }
        case .quarantined: summary.quarantined += 1
        }
        summary.recordsRead += row.recordsRead
        summary.recordsRejected += row.recordsRejected
        if let reason = row.reason { summary.reasons[reason, default: 0] += 1 }
        log.event("file", [("source", .string(source.rawValue)), ("sha256", .string(String(sha.prefix(16)))),
                           ("outcome", .string(row.outcome.rawValue)), ("code", .string(row.reason ?? "")),
                           ("records", .int(row.recordsRead)), ("rejected", .int(row.recordsRejected))])
        // The run report lists each file's record rejects (the first 100; all are in NAME.rejects.csv).
        let rejects = row.recordsRejected > 0 ? try store.rejects(fileID: row.id) : []
        fileDetails.append(.object([("source", .string(source.rawValue)), ("name", .string(row.name)), ("outcome", .string(row.outcome.rawValue)),
                                    ("code", row.reason.map(JSON.string) ?? .null), ("message", row.message.map(JSON.string) ?? .null),
                                    ("line", row.line.map(JSON.int) ?? .null),
                                    ("records", .int(row.recordsRead)), ("rejected", .int(row.recordsRejected)),
                                    ("destination", .string(row.destination)),
                                    ("companions", try companionsJSON(row.id)),
                                    ("alreadyQuarantined", .bool(row.duplicateOf != nil)),
                                    ("rejects", .array(rejects.prefix(100).map { r in
                                        .object([("line", r.line.map(JSON.int) ?? .null), ("record", .int(r.record)),
                                                 ("field", .string(r.field)), ("code", .string(r.code.rawValue)),
                                                 ("message", .string(r.message))])
                                    }))]))
        return row
    }

    func evaluate(dailyDuties: Bool) throws {
        try evaluateRequests()
        let matching = ResultMatching(store: store, settings: settings, reference: reference)
        let results = try matching.evaluateOpenResults()
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
        let outcomes = try Warehousing(store: store, settings: settings).evaluateOpenRequests()
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
