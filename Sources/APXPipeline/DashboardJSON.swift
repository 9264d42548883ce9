import APXCore
import APXDomain

extension Dashboard {
    /// `apx dashboard --json`: every figure of the page.
    public var json: JSON {
        func opt(_ d: Double?) -> JSON { d.map(JSON.double) ?? .null }
        func opt(_ i: Int?) -> JSON { i.map(JSON.int) ?? .null }
        func figures(_ c: CityFigures) -> JSON {
            .object([("code", .string(c.code.count == 4 ? c.code + "00" : c.code)), ("name", .string(c.name)),
                     ("projectsWarehoused", .int(c.projectsWarehoused)), ("projectsEnded", .int(c.projectsEnded)),
                     ("resultsByStage", .object((1...4).map { (String($0), .int(c.resultsByStage[$0] ?? 0)) }
                        + ((c.resultsByStage[0] ?? 0) > 0 ? [("other", .int(c.resultsByStage[0]!))] : []))),
                     ("itemsFinished", .int(c.itemsFinished)), ("onTime", .int(c.onTime)), ("late", .int(c.late)),
                     ("openOverdue", .int(c.openOverdue)), ("onTimeRate", opt(c.onTimeRate)), ("overdueRate", opt(c.overdueRate)),
                     ("onTimeRank", opt(c.onTimeRank)), ("overdueRank", opt(c.overdueRank))])
        }
        func ranking(_ rank: (CityFigures) -> Int?, _ rate: (CityFigures) -> Double?) -> JSON {
            .array(cities.filter { rank($0) != nil }.sorted { (rank($0)!, $0.code) < (rank($1)!, $1.code) }.map {
                .object([("rank", .int(rank($0)!)), ("name", .string($0.name)), ("rate", opt(rate($0)))])
            })
        }
        return .object([
            ("from", .string(from.iso)), ("to", .string(to.iso)), ("asOf", .string(asOf.iso)),
            ("city", city.map { .string(Cities.name($0)) } ?? .null),
            ("total", figures(total)),
            ("cities", .array(cities.map(figures))),
            ("rankings", .object([("onTime", ranking(\.onTimeRank, \.onTimeRate)), ("overdue", ranking(\.overdueRank, \.overdueRate))])),
            ("items", .array(items.map { i in
                .object([("sxbm", .string(i.sxbm)), ("name", .string(i.name)), ("stage", .int(i.stage)), ("finished", .int(i.finished)),
                         ("onTime", .int(i.onTime)), ("usedMedian", opt(i.usedMedian)), ("usedP90", opt(i.usedP90)),
                         ("usedMax", opt(i.usedMax)), ("promisedMedian", opt(i.promisedMedian)), ("promisedMax", opt(i.promisedMax))])
            })),
            ("overdueOpen", .array(overdue.map { o in
                .object([("key", .string(o.item.key)), ("sxbm", .string(o.item.sxbm)), ("xmdm", .string(o.item.xmdm)),
                         ("gcdm", .string(o.item.gcdm)), ("city", .string(o.cityName)), ("handler", .string(o.item.handler)),
                         ("acceptedOn", .string(o.item.acceptedOn)), ("promisedDays", .int(o.item.promisedDays)),
                         ("deadline", .string(o.item.deadline)), ("daysLate", .int(o.daysLate)),
                         ("workingDaysLate", .int(o.workingDaysLate))])
            })),
            ("monthly", .array(months.map { m in
                .object([("month", .string(m.month)), ("projectsWarehoused", .int(m.projectsWarehoused)),
                         ("projectsEnded", .int(m.projectsEnded)), ("resultsWarehoused", .int(m.resultsWarehoused)),
                         ("itemsFinished", .int(m.itemsFinished)), ("onTime", .int(m.onTime)), ("late", .int(m.late)),
                         ("onTimeRate", opt(m.onTimeRate))])
            })),
        ])
    }
}
