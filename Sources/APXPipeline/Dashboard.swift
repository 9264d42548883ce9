import APXCore
import APXDomain
import APXStore
import Foundation

/// The supervision view (审批效能督查, 数据展示) over a period: per city (ranked) projects
/// warehoused and ended, results per stage, items finished on time and overdue; per item
/// the working days used against the promised limit; open items now overdue; a monthly trend.
public struct Dashboard: Sendable {
    public struct CityFigures: Sendable {
        public let code: String
        public let name: String
        public var projectsWarehoused = 0
        public var projectsEnded = 0
        /// Results warehoused, by stage (SPJDXH 1–4; 0 = an item outside the catalogue).
        public var resultsByStage: [Int: Int] = [:]
        public var itemsFinished = 0
        public var onTime = 0
        public var late = 0
        /// Items open now whose deadline, inside the period, has passed.
        public var openOverdue = 0
        public var onTimeRank: Int?
        public var overdueRank: Int?

        /// 办结及时率: finished on time / finished (nil when nothing finished).
        public var onTimeRate: Double? { Dashboard.rate(onTime, of: itemsFinished) }
        /// 超期率: (finished late + open overdue) / (finished + open overdue).
        public var overdueRate: Double? { Dashboard.rate(late + openOverdue, of: itemsFinished + openOverdue) }
    }

    public struct ItemFigures: Sendable {
        public let sxbm: String
        public let name: String
        public let stage: Int
        public var used: [Int] = []
        public var promised: [Int] = []
        public var onTime = 0
        public var finished: Int { used.count }
        public var usedMedian: Double? { Dashboard.median(used) }
        public var usedP90: Int? { Dashboard.percentile(used, 0.9) }
        public var usedMax: Int? { used.max() }
        public var promisedMedian: Double? { Dashboard.median(promised) }
        public var promisedMax: Int? { promised.max() }
    }

    public struct Overdue: Sendable {
        public let item: DashboardQueries.TimedItem
        public let cityName: String
        /// Calendar days and working days past the deadline, as of today.
        public let daysLate: Int
        public let workingDaysLate: Int
    }

    public struct Month: Sendable {
        public let month: String
        public var projectsWarehoused = 0
        public var projectsEnded = 0
        public var resultsWarehoused = 0
        public var itemsFinished = 0
        public var onTime = 0
        public var late = 0
        public var onTimeRate: Double? { Dashboard.rate(onTime, of: itemsFinished) }
    }

    public let from: Day
    public let to: Day
    public let asOf: Day
    /// The city asked for (`--city`), as its four-digit prefix.
    public let city: String?
    public var cities: [CityFigures] = []
    public var total: CityFigures
    public var items: [ItemFigures] = []
    public var overdue: [Overdue] = []
    public var months: [Month] = []

    /// `part / whole`, nil when `whole` is 0.
    static func rate(_ part: Int, of whole: Int) -> Double? { whole == 0 ? nil : Double(part) / Double(whole) }

    /// Median (mean of the two middle values for an even count).
    static func median(_ values: [Int]) -> Double? {
        guard !values.isEmpty else { return nil }
        let s = values.sorted(), n = s.count
        return n % 2 == 1 ? Double(s[n / 2]) : Double(s[n / 2 - 1] + s[n / 2]) / 2
    }

    /// Nearest-rank percentile: the value at rank ⌈p·n⌉.
    static func percentile(_ values: [Int], _ p: Double) -> Int? {
        guard !values.isEmpty else { return nil }
        let s = values.sorted()
        return s[max(0, Int((p * Double(s.count)).rounded(.up)) - 1)]
    }

    /// Competition ranking (1, 1, 3) by `rate`, best first; cities without a rate are unranked.
    static func ranks(_ figures: [CityFigures], _ rate: (CityFigures) -> Double?, higherIsBetter: Bool) -> [String: Int] {
        let rated = figures.compactMap { f in rate(f).map { (f.code, $0) } }
            .sorted { higherIsBetter ? $0.1 > $1.1 : $0.1 < $1.1 }
        var out: [String: Int] = [:]
        for (i, (code, value)) in rated.enumerated() {
            out[code] = i > 0 && rated[i - 1].1 == value ? out[rated[i - 1].0] : i + 1
        }
        return out
    }

    /// Computes the view from the database.
    public static func compute(store: Store, reference: Reference, from: Day, to: Day, asOf: Day, city: String?) throws -> Dashboard {
        let q = DashboardQueries(store: store)
        let (f, t) = (from.iso, to.iso)
        var byCity: [String: CityFigures] = [:]
        for c in Cities.jiangxi { byCity[c.code] = CityFigures(code: c.code, name: c.name) }
        func touch(_ code: String) { if byCity[code] == nil { byCity[code] = CityFigures(code: code, name: Cities.name(code)) } }
        var months: [String: Month] = [:]
        var m = Day(year: from.year, month: from.month, day: 1)!
        while m <= to {
            let key = String(m.iso.prefix(7))
            months[key] = Month(month: key)
            m = m.month == 12 ? Day(year: m.year + 1, month: 1, day: 1)! : Day(year: m.year, month: m.month + 1, day: 1)!
        }
        let wanted: (String) -> Bool = { city == nil || $0 == city }
        for c in try q.projectsWarehoused(from: f, to: t) where wanted(c.city) {
            touch(c.city); byCity[c.city]!.projectsWarehoused += c.count; months[c.month]?.projectsWarehoused += c.count
        }
        for c in try q.projectsEnded(from: f, to: t) where wanted(c.city) {
            touch(c.city); byCity[c.city]!.projectsEnded += c.count; months[c.month]?.projectsEnded += c.count
        }
        for c in try q.resultsWarehoused(from: f, to: t) where wanted(c.city) {
            touch(c.city)
            byCity[c.city]!.resultsByStage[reference.catalogue[c.key]?.stage ?? 0, default: 0] += c.count
            months[c.month]?.resultsWarehoused += c.count
        }
        var items: [String: ItemFigures] = [:]
        var overdue: [Overdue] = []
        for item in try q.timedItems(from: f, to: t) where wanted(item.city) {
            touch(item.city)
            if item.open {
                guard let deadline = Day(iso: item.deadline), deadline < asOf else { continue }
                overdue.append(Overdue(item: item, cityName: Cities.name(item.city), daysLate: asOf.ordinal - deadline.ordinal,
                                       workingDaysLate: reference.calendar.workingDays(after: deadline, through: asOf)))
                if deadline >= from && deadline <= to { byCity[item.city]!.openOverdue += 1 }
                continue
            }
            guard let used = item.usedDays, let month = item.finishedOn.map({ String($0.prefix(7)) }) else { continue }
            let onTime = item.onTime ?? (used <= item.promisedDays)
            byCity[item.city]!.itemsFinished += 1
            if onTime { byCity[item.city]!.onTime += 1 } else { byCity[item.city]!.late += 1 }
            months[month]?.itemsFinished += 1
            if onTime { months[month]?.onTime += 1 } else { months[month]?.late += 1 }
            let catalogued = reference.catalogue[item.sxbm]
            var figures = items[item.sxbm] ?? ItemFigures(sxbm: item.sxbm, name: catalogued?.name ?? item.sxbm, stage: catalogued?.stage ?? 0)
            figures.used.append(used)
            figures.promised.append(item.promisedDays)
            if onTime { figures.onTime += 1 }
            items[item.sxbm] = figures
        }
        var cities = byCity.values.filter { city == nil || $0.code == city }.sorted { $0.code < $1.code }
        let onTimeRanks = ranks(cities, \.onTimeRate, higherIsBetter: true)
        let overdueRanks = ranks(cities, \.overdueRate, higherIsBetter: false)
        for i in cities.indices {
            cities[i].onTimeRank = onTimeRanks[cities[i].code]
            cities[i].overdueRank = overdueRanks[cities[i].code]
        }
        var total = CityFigures(code: city ?? "36", name: city.map(Cities.name) ?? "全省")
        for c in cities {
            total.projectsWarehoused += c.projectsWarehoused; total.projectsEnded += c.projectsEnded
            for (stage, n) in c.resultsByStage { total.resultsByStage[stage, default: 0] += n }
            total.itemsFinished += c.itemsFinished; total.onTime += c.onTime; total.late += c.late; total.openOverdue += c.openOverdue
        }
        var view = Dashboard(from: from, to: to, asOf: asOf, city: city, total: total)
        view.cities = cities
        view.items = items.values.sorted { ($0.stage, $0.sxbm) < ($1.stage, $1.sxbm) }
        view.overdue = overdue.sorted { ($0.daysLate, $0.item.key) > ($1.daysLate, $1.item.key) }
        view.months = months.values.sorted { $0.month < $1.month }
        return view
    }
}
