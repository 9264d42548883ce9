import APXCore
import APXDomain
import SQLiteDB

/// What `apx status` reads from the database: the last nightly run and the work waiting.
public struct StoreStatus: Sendable {
    /// A count with the oldest day (`yyyy-MM-dd`) or timestamp among them.
    public struct Backlog: Sendable {
        public let count: Int
        public let oldest: String?
    }
    /// The last nightly run, finished or not.
    public var lastRun: RunRow?
    public var quarantine = Backlog(count: 0, oldest: nil)
    public var reviews = Backlog(count: 0, oldest: nil)
    public var reviewsByKind: [(kind: ReviewKind, count: Int)] = []
    /// Received days of pending warehousing/end requests and pending results.
    public var pendingRequestDays: [String] = []
    public var pendingResultDays: [String] = []
    public var unacknowledged = 0
    /// The day the figures are for (the store's as-of after `status`).
    public var asOf: Day?
    public init() {}
}

extension Store {
    /// Reads everything `apx status` shows; `receiptOverdueDays` as in spec 04. Without
    /// `asOf` the figures are for the last nightly run's as-of day (else the store's).
    public func status(receiptOverdueDays: Int, asOf explicit: Day?) throws -> StoreStatus {
        var s = StoreStatus()
        if let r = try db.row("SELECT * FROM run WHERE command = 'run' ORDER BY started_at DESC, rowid DESC LIMIT 1") {
            s.lastRun = try RunRow(r)
        }
        asOf = explicit ?? s.lastRun.flatMap { Day(iso: $0.asOf) } ?? asOf
        s.asOf = asOf
        // The open backlog: not settled by a corrected file, not put back by `apx reprocess`.
        let backlog = try quarantineBacklogSummary()
        s.quarantine = .init(count: backlog.count, oldest: backlog.oldestSince)
        if let r = try db.row("SELECT count(*) AS n, min(created_at) AS oldest FROM review_item WHERE state = 'OPEN'") {
            s.reviews = try .init(count: r.column("n").int ?? 0, oldest: r.column("oldest").string)
        }
        s.reviewsByKind = try db.rows("SELECT kind, count(*) AS n FROM review_item WHERE state = 'OPEN' GROUP BY kind ORDER BY kind")
            .map { (try $0.value("kind", as: ReviewKind.self), try $0.column("n").int ?? 0) }
        s.pendingRequestDays = try db.rows("""
            SELECT received_on FROM warehousing_request WHERE state = 'PENDING'
            UNION ALL SELECT received_on FROM end_request WHERE state = 'PENDING'
            """).map { try $0.column("received_on").text }
        s.pendingResultDays = try db.rows("SELECT received_on FROM result WHERE state = 'PENDING'").map { try $0.column("received_on").text }
        s.unacknowledged = try unacknowledged(olderThan: receiptOverdueDays, limit: 0).count
        return s
    }

    /// True when a run (any command) with this id was recorded.
    public func hasRun(_ id: String) throws -> Bool {
        try db.row("SELECT 1 FROM run WHERE id = ?", id) != nil
    }

    /// True when an input file of this name was ever claimed (any outcome).
    public func hasInputFile(named name: String) throws -> Bool {
        try db.row("SELECT 1 FROM input_file WHERE name = ? LIMIT 1", name) != nil
    }
}
