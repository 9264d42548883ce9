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
    public var pushedFiles: [String] = []
    public var warnings: [String] = []
    public var reasons: [String: Int] = [:]
    /// Whether this run did the day's duties (deadline notices, reminders) for its as-of date.
    public var dailyDuties = false

    public init() {}

    public var json: JSON {
        .object([
            ("run", .string(run)), ("asOf", .string(asOf)), ("exitCode", .int(exitCode)),
            ("files", .object([("claimed", .int(claimed)), ("processed", .int(processed)), ("duplicate", .int(duplicate)),
                               ("quarantined", .int(quarantined)), ("notReady", .int(notReady))])),
            ("records", .object([("read", .int(recordsRead)), ("rejected", .int(recordsRejected))])),
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
            ("warnings", .array(warnings.map(JSON.string))),
            ("dailyDuties", .bool(dailyDuties)),
        ])
    }
}
