import APXCore

/// Counts of one run (spec 05's `--json` summary) plus the detail the report shows.
public struct RunSummary: Sendable {
    public var run = ""
    public var asOf = ""
    public var exitCode = 0
    public var claimed = 0, processed = 0, duplicate = 0, quarantined = 0, notReady = 0
    public var recordsRead = 0, recordsRejected = 0
    public var projectsWarehoused = 0, projectsReview = 0, projectsMigration = 0, projectsPending = 0, projectsEnded = 0
    public var resultsWarehoused = 0, resultsReview = 0, resultsPending = 0
    public var govFiles = 0, govRecords = 0, archivePackages = 0, notices = 0
    public var recoveredMoves = 0, recoveredPublications = 0
    public var orphanMarkers: [String] = []
    public var notReadyFiles: [String] = []
    public var inbox = InboxAccount()
    public var pushedFiles: [String] = []
    public var warnings: [String] = []
    public var reasons: [String: Int] = [:]
    /// Receipts that contradicted an earlier receipt for the same record (both shown).
    public var receiptConflicts: [JSON] = []
    /// Whether this run did the day's duties (deadline notices, reminders) for its as-of date.
    public var dailyDuties = false
    /// Repeated deliveries of bytes already in quarantine (not counted in `duplicate`, which is
    /// for bytes already processed).
    public var alreadyQuarantined = 0
    /// Quarantine entries this run settled (a file of the same source and name processed).
    public var quarantineSettled = 0
    /// The open quarantine backlog when the run finished.
    public var quarantineBacklog = 0
    /// The run's wall-clock times (spec 05 `startedAt`, `finishedAt`, `durationSeconds`).
    public var startedAt = "", finishedAt = ""
    public var durationSeconds = 0.0

    /// Records read per second of the run's duration (0 for an instant run).
    public var recordsPerSecond: Double {
        durationSeconds > 0 ? (Double(recordsRead) / durationSeconds * 10).rounded() / 10 : 0
    }

    public init() {}

    public var json: JSON {
        .object([
            ("run", .string(run)), ("asOf", .string(asOf)), ("exitCode", .int(exitCode)),
            ("startedAt", .string(startedAt)), ("finishedAt", .string(finishedAt)),
            ("durationSeconds", .double((durationSeconds * 1000).rounded() / 1000)),
            ("files", .object([("claimed", .int(claimed)), ("processed", .int(processed)), ("duplicate", .int(duplicate)),
                               ("quarantined", .int(quarantined)), ("notReady", .int(notReady)),
                               ("alreadyQuarantined", .int(alreadyQuarantined))])),
            ("records", .object([("read", .int(recordsRead)), ("rejected", .int(recordsRejected)),
                                 ("perSecond", .double(recordsPerSecond))])),
            ("quarantine", .object([("alreadyQuarantined", .int(alreadyQuarantined)), ("settled", .int(quarantineSettled)),
                                    ("backlog", .int(quarantineBacklog))])),
            ("projects", .object([("warehoused", .int(projectsWarehoused)), ("review", .int(projectsReview)),
                                  ("migration", .int(projectsMigration)), ("pending", .int(projectsPending)),
                                  ("ended", .int(projectsEnded))])),
            ("results", .object([("warehoused", .int(resultsWarehoused)), ("review", .int(resultsReview)),
                                 ("pending", .int(resultsPending))])),
            ("push", .object([("gov", .object([("files", .int(govFiles)), ("records", .int(govRecords))])),
                              ("archive", .object([("packages", .int(archivePackages))])),
                              ("notices", .int(notices))])),
            ("recovered", .object([("moves", .int(recoveredMoves)), ("publications", .int(recoveredPublications))])),
            ("orphanMarkers", .array(orphanMarkers.map(JSON.string))),
            ("inbox", inbox.json),
            ("warnings", .array(warnings.map(JSON.string))),
            ("receiptConflicts", .array(receiptConflicts)),
            ("dailyDuties", .bool(dailyDuties)),
        ])
    }
}
