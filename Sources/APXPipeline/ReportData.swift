import APXCore
import APXDomain
import APXStore

/// Everything a run report shows, gathered from the database in one pass before anything is
/// rendered (rendering never queries). Lists are capped; totals are kept beside them.
struct ReportData {
    static let fileCap = 100, rejectCap = 200, reviewCap = 100, pendingCap = 100, backlogCap = 100

    struct SourceCounts {
        let source: String
        var processed = 0, duplicate = 0, alreadyQuarantined = 0, quarantined = 0, notReady = 0, records = 0, rejected = 0
    }
    struct Pending {
        let what: String, xmdm: String, ageDays: Int, reasons: String
    }
    /// Open timed items of one item, one city, or all: due tomorrow (one working day left),
    /// today, overdue, and open in all.
    struct DeadlineRow {
        let label: String
        var dueTomorrow = 0, dueToday = 0, overdue = 0, open = 0
    }
    struct Rate {
        let code: String, name: String, finished: Int, onTime: Int
        var rate: Double { finished == 0 ? 0 : Double(onTime) / Double(finished) }
    }
    static let ageLabels = ["0–7 天", "8–30 天", "31–90 天", "> 90 天"]

    var summary: RunSummary
    var files: [JSON]
    var perSource: [SourceCounts] = []
    var backlogCount = 0
    var backlogOldest: String?
    var backlog: [QuarantineEntry] = []
    var reviewsTotal = 0
    var reviews: [ReviewItem] = []
    var pendingRequestsTotal = 0, pendingResultsTotal = 0
    var pendingRequests: [Pending] = [], pendingResults: [Pending] = []
    var requestAges = [0, 0, 0, 0], resultAges = [0, 0, 0, 0]
    var deadlines = DeadlineRow(label: "all")
    var deadlinesByItem: [DeadlineRow] = [], deadlinesByCity: [DeadlineRow] = []
    var ratesByCity: [Rate] = [], ratesByItem: [Rate] = []
    var unacknowledgedCount = 0
    var unacknowledged: [(file: String, dfsjzj: String, bbh: Int, pushedOn: String)] = []

    static func bucket(_ age: Int) -> Int { age <= 7 ? 0 : age <= 30 ? 1 : age <= 90 ? 2 : 3 }

    static func gather(store: Store, settings: Settings, reference: Reference, summary: RunSummary, files: [JSON]) throws -> ReportData {
        var data = ReportData(summary: summary, files: files)
        let asOf = store.asOf
        func itemName(_ code: String) -> String { reference.catalogue[code].map { "\(code) \($0.name)" } ?? code }

        var sources: [String: SourceCounts] = [:]
        for f in files {
            let source = f["source"]?.stringValue ?? ""
            var c = sources[source] ?? SourceCounts(source: source)
            switch f["outcome"]?.stringValue.flatMap(InputFileOutcome.init(rawValue:)) {
            case .processed: c.processed += 1
            case .duplicate:
                if f["alreadyQuarantined"] == .bool(true) { c.alreadyQuarantined += 1 } else { c.duplicate += 1 }
            default: c.quarantined += 1
            }
            if case .int(let n) = f["records"] { c.records += n }
            if case .int(let n) = f["rejected"] { c.rejected += n }
            sources[source] = c
        }
        for entry in summary.notReadyFiles {
            let source = String(entry.prefix { $0 != "/" })
            sources[source, default: SourceCounts(source: source)].notReady += 1
        }
        data.perSource = sources.values.sorted { $0.source < $1.source }

        let backlog = try store.quarantineBacklogSummary()
        data.backlogCount = backlog.count
        data.backlogOldest = backlog.oldestSince
        data.backlog = try store.quarantineBacklog(limit: backlogCap)

        (data.reviewsTotal, data.reviews) = try store.openReviews(limit: reviewCap)

        let byDay = try store.pendingByReceivedDay()
        func age(_ day: String) -> Int { Day(iso: day).map { $0.days(until: asOf) } ?? 0 }
        for (day, n) in byDay.requests { data.requestAges[bucket(age(day))] += n; data.pendingRequestsTotal += n }
        for (day, n) in byDay.results { data.resultAges[bucket(age(day))] += n; data.pendingResultsTotal += n }
        data.pendingRequests = try store.oldestPendingRequests(limit: pendingCap).map {
            Pending(what: $0.qqbh, xmdm: $0.xmdm, ageDays: age($0.receivedOn), reasons: $0.reasons)
        }
        data.pendingResults = try store.oldestPendingResults(limit: pendingCap).map {
            let missing = $0.missing.isEmpty ? "" : " (" + $0.missing + ")"
            return Pending(what: $0.sxbm + " " + $0.number, xmdm: $0.xmdm, ageDays: age($0.receivedOn),
                           reasons: $0.reasons + missing)
        }

        var items: [String: DeadlineRow] = [:], cities: [String: DeadlineRow] = [:]
        for row in try store.openTimedItemCounts() {
            let deadline = Day(iso: row.deadline) ?? asOf
            func add(_ r: inout DeadlineRow) {
                r.open += row.count
                if asOf > deadline { r.overdue += row.count }
                else if asOf == deadline { r.dueToday += row.count }
                else if reference.calendar.workingDays(after: asOf, through: deadline) == 1 { r.dueTomorrow += row.count }
            }
            add(&data.deadlines)
            add(&items[row.sxbm, default: DeadlineRow(label: itemName(row.sxbm))])
            add(&cities[row.city, default: DeadlineRow(label: Cities.name(row.city))])
        }
        data.deadlinesByItem = items.keys.sorted().map { items[$0]! }
        data.deadlinesByCity = cities.keys.sorted().map { cities[$0]! }

        let efficiency = try store.efficiency()
        data.ratesByCity = efficiency.byCity.map { Rate(code: $0.0, name: Cities.name($0.0), finished: $0.1, onTime: $0.2) }
        data.ratesByItem = efficiency.byItem.map { Rate(code: $0.0, name: itemName($0.0), finished: $0.1, onTime: $0.2) }

        let unack = try store.unacknowledged(olderThan: settings.receiptOverdueDays)
        data.unacknowledgedCount = unack.count
        data.unacknowledged = unack.sample.map { ($0.0, $0.1, $0.2, $0.3) }
        return data
    }
}
