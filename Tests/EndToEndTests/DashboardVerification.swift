import Foundation
import SQLiteDB
import Testing
import TestSupport

/// Recomputes every figure of `apx dashboard --json` with SQL of its own over the real
/// SQLite file and compares: per city, the rankings (SQL RANK()), per item (SQL median,
/// nearest-rank p90, max), the open overdue items and the monthly trend.
enum DashboardVerification {
    static let cities = ["3601": "南昌市", "3602": "景德镇市", "3603": "萍乡市", "3604": "九江市", "3605": "新余市", "3606": "鹰潭市",
                         "3607": "赣州市", "3608": "吉安市", "3609": "宜春市", "3610": "抚州市", "3611": "上饶市"]

    /// The project's city: approved region, else the platform's, first four digits.
    static let city = """
        (SELECT substr(COALESCE((SELECT xzqhdm FROM project_data d WHERE d.xmdm = X.xmdm AND d.kind = 'approved'),
                                (SELECT xzqhdm FROM project_data d WHERE d.xmdm = X.xmdm AND d.kind = 'platform'), ''), 1, 4))
        """
    static func cityOf(_ alias: String) -> String { city.replacingOccurrences(of: "X.", with: "\(alias).") }
    static let stage = "CASE sxbm WHEN 'YDGH' THEN 1 WHEN 'GHXK' THEN 2 WHEN 'XFYS' THEN 4 WHEN 'LHYS' THEN 4 WHEN 'JGYSBA' THEN 4 ELSE 3 END"

    static func close(_ a: Any?, _ b: Double?) -> Bool {
        guard let b else { return a == nil || a is NSNull }
        guard let a = a as? Double ?? (a as? Int).map(Double.init) else { return false }
        return abs(a - b) < 0.00006
    }

    /// Returns the dashboard JSON after checking it; `minCities`/`minMonths` with data guard the scenario.
    @discardableResult
    static func verify(_ root: String, from: String, to: String, asOf: String, city cityCode: String? = nil,
                       sourceLocation: SourceLocation = #_sourceLocation) throws -> [String: Any] {
        var args = ["dashboard", "--root", root, "--from", from, "--to", to, "--as-of", asOf, "--json"]
        if let cityCode { args += ["--city", cityCode] }
        let r = APXProcess.run(args)
        #expect(r.status == 0, "\(r.stderr)", sourceLocation: sourceLocation)
        let doc = try #require(r.json as? [String: Any], sourceLocation: sourceLocation)
        let db = try Database(path: root + "/db/approval.sqlite")
        let wanted = cityCode.map { String($0.prefix(4)) }
        func perCity(_ sql: String, _ args: SQLBindable...) throws -> [String: Int] {
            var out: [String: Int] = [:]
            for row in try db.rows(sql, arguments: args) { out[row.string("c") ?? "", default: 0] += row.int("n") ?? 0 }
            return out
        }
        let warehoused = try perCity("SELECT \(cityOf("p")) AS c, count(*) AS n FROM project p WHERE warehoused_on BETWEEN ? AND ? GROUP BY c", from, to)
        let ended = try perCity("SELECT \(cityOf("e")) AS c, count(*) AS n FROM project_end e WHERE ended_on BETWEEN ? AND ? GROUP BY c", from, to)
        let finished = try perCity("SELECT \(cityOf("t")) AS c, count(*) AS n FROM timed_item t WHERE state = 'FINISHED' AND finished_on BETWEEN ? AND ? GROUP BY c", from, to)
        let onTime = try perCity("SELECT \(cityOf("t")) AS c, count(*) AS n FROM timed_item t WHERE state = 'FINISHED' AND on_time = 1 AND finished_on BETWEEN ? AND ? GROUP BY c", from, to)
        let openOverdue = try perCity("SELECT \(cityOf("t")) AS c, count(*) AS n FROM timed_item t WHERE state = 'OPEN' AND deadline BETWEEN ? AND ? AND deadline < ? GROUP BY c", from, to, asOf)
        var stages: [String: [Int: Int]] = [:]
        for row in try db.rows("SELECT \(cityOf("x")) AS c, \(stage) AS s, count(*) AS n FROM result x WHERE state = 'WAREHOUSED' AND received_on BETWEEN ? AND ? GROUP BY c, s", from, to) {
            stages[row.text("c"), default: [:]][row.int("s") ?? 0] = row.int("n") ?? 0
        }
        // Rankings by SQL window functions over the same counts.
        try db.execute("DROP TABLE IF EXISTS temp.fig; CREATE TEMP TABLE fig (c TEXT, fin INT, ok INT, late INT, od INT)")
        let codes = Set(cities.keys).union(warehoused.keys).union(ended.keys).union(finished.keys).union(openOverdue.keys).union(stages.keys)
            .filter { wanted == nil || $0 == wanted }
        for c in codes {
            try db.run("INSERT INTO temp.fig VALUES (?, ?, ?, ?, ?)", c, finished[c] ?? 0, onTime[c] ?? 0, (finished[c] ?? 0) - (onTime[c] ?? 0), openOverdue[c] ?? 0)
        }
        var onTimeRank: [String: Int] = [:], overdueRank: [String: Int] = [:]
        for row in try db.rows("SELECT c, RANK() OVER (ORDER BY CAST(ok AS REAL) / fin DESC) AS r FROM temp.fig WHERE fin > 0") {
            onTimeRank[row.text("c")] = row.int("r")
        }
        for row in try db.rows("SELECT c, RANK() OVER (ORDER BY CAST(late + od AS REAL) / (fin + od) ASC) AS r FROM temp.fig WHERE fin + od > 0") {
            overdueRank[row.text("c")] = row.int("r")
        }
        let listed = (doc["cities"] as? [[String: Any]]) ?? []
        #expect(Set(listed.map { String(($0["code"] as? String ?? "").prefix(4)) }) == codes, sourceLocation: sourceLocation)
        for entry in listed {
            let c = String((entry["code"] as? String ?? "").prefix(4))
            let label = "\(c) \(entry["name"] ?? "")"
            if let name = cities[c] { #expect(entry["name"] as? String == name, sourceLocation: sourceLocation) }
            #expect(entry["projectsWarehoused"] as? Int == warehoused[c] ?? 0, "\(label) warehoused", sourceLocation: sourceLocation)
            #expect(entry["projectsEnded"] as? Int == ended[c] ?? 0, "\(label) ended", sourceLocation: sourceLocation)
            #expect(entry["itemsFinished"] as? Int == finished[c] ?? 0, "\(label) finished", sourceLocation: sourceLocation)
            #expect(entry["onTime"] as? Int == onTime[c] ?? 0, "\(label) on time", sourceLocation: sourceLocation)
            #expect(entry["openOverdue"] as? Int == openOverdue[c] ?? 0, "\(label) open overdue", sourceLocation: sourceLocation)
            let byStage = entry["resultsByStage"] as? [String: Int] ?? [:]
            for s in 1...4 { #expect(byStage[String(s)] == stages[c]?[s] ?? 0, "\(label) stage \(s)", sourceLocation: sourceLocation) }
            let fin = finished[c] ?? 0, ok = onTime[c] ?? 0, od = openOverdue[c] ?? 0
            #expect(close(entry["onTimeRate"], fin == 0 ? nil : Double(ok) / Double(fin)), "\(label) on-time rate", sourceLocation: sourceLocation)
            #expect(close(entry["overdueRate"], fin + od == 0 ? nil : Double(fin - ok + od) / Double(fin + od)), "\(label) overdue rate",
                    sourceLocation: sourceLocation)
            #expect(entry["onTimeRank"] as? Int == onTimeRank[c], "\(label) 办结及时率排名", sourceLocation: sourceLocation)
            #expect(entry["overdueRank"] as? Int == overdueRank[c], "\(label) 超期率排名", sourceLocation: sourceLocation)
        }
        // Per item: median, nearest-rank p90 and max of working days used, in SQL.
        let inCity = wanted.map { "AND \(cityOf("t")) = '\($0)'" } ?? ""
        let itemRows = try db.rows("SELECT sxbm, count(*) AS n, max(used_days) AS mx, max(promised_days) AS pmx, sum(on_time) AS ok FROM timed_item t WHERE state = 'FINISHED' AND finished_on BETWEEN ? AND ? \(inCity) GROUP BY sxbm", from, to)
        let items = (doc["items"] as? [[String: Any]]) ?? []
        #expect(Set(items.compactMap { $0["sxbm"] as? String }) == Set(itemRows.map { $0.text("sxbm") }), sourceLocation: sourceLocation)
        for row in itemRows {
            let sxbm = row.text("sxbm"), n = row.int("n") ?? 0
            let base = "FROM timed_item t WHERE state = 'FINISHED' AND finished_on BETWEEN ?1 AND ?2 AND sxbm = ?3 \(inCity)"
            let median = try db.scalar("SELECT avg(used_days) FROM (SELECT used_days \(base) ORDER BY used_days LIMIT 2 - ?4 % 2 OFFSET (?4 - 1) / 2)",
                                       from, to, sxbm, n).asDouble
            let p90 = try db.scalar("SELECT used_days \(base) ORDER BY used_days LIMIT 1 OFFSET (9 * ?4 + 9) / 10 - 1", from, to, sxbm, n).int
            let item = items.first { $0["sxbm"] as? String == sxbm } ?? [:]
            #expect(item["finished"] as? Int == n, "\(sxbm) finished", sourceLocation: sourceLocation)
            #expect(item["onTime"] as? Int == row.int("ok"), "\(sxbm) on time", sourceLocation: sourceLocation)
            #expect(close(item["usedMedian"], median), "\(sxbm) median", sourceLocation: sourceLocation)
            #expect(item["usedP90"] as? Int == p90, "\(sxbm) p90", sourceLocation: sourceLocation)
            #expect(item["usedMax"] as? Int == row.int("mx"), "\(sxbm) max", sourceLocation: sourceLocation)
            #expect(item["promisedMax"] as? Int == row.int("pmx"), "\(sxbm) promised", sourceLocation: sourceLocation)
        }
        // Open items now overdue, with how late (calendar days by julianday).
        let overdueRows = try db.rows("SELECT key, CAST(julianday(?1) - julianday(deadline) AS INT) AS late FROM timed_item t WHERE state = 'OPEN' AND deadline < ?1 \(inCity) ORDER BY key", asOf)
        let overdue = ((doc["overdueOpen"] as? [[String: Any]]) ?? []).map { "\($0["key"]!) \($0["daysLate"]!)" }.sorted()
        #expect(overdue == overdueRows.map { "\($0.text("key")) \($0.int("late") ?? -1)" }, sourceLocation: sourceLocation)
        // The monthly trend.
        let cityFilter = { (alias: String) in wanted.map { "AND \(cityOf(alias)) = '\($0)'" } ?? "" }
        func monthly(_ sql: String) throws -> [String: Int] {
            Dictionary(uniqueKeysWithValues: try db.rows(sql, from, to).map { ($0.text("m"), $0.int("n") ?? 0) })
        }
        let mw = try monthly("SELECT substr(warehoused_on, 1, 7) AS m, count(*) AS n FROM project p WHERE warehoused_on BETWEEN ? AND ? \(cityFilter("p")) GROUP BY m")
        let mr = try monthly("SELECT substr(received_on, 1, 7) AS m, count(*) AS n FROM result x WHERE state = 'WAREHOUSED' AND received_on BETWEEN ? AND ? \(cityFilter("x")) GROUP BY m")
        let mf = try monthly("SELECT substr(finished_on, 1, 7) AS m, count(*) AS n FROM timed_item t WHERE state = 'FINISHED' AND finished_on BETWEEN ? AND ? \(cityFilter("t")) GROUP BY m")
        let months = (doc["monthly"] as? [[String: Any]]) ?? []
        #expect(months.first?["month"] as? String == String(from.prefix(7)) && months.last?["month"] as? String == String(to.prefix(7)),
                sourceLocation: sourceLocation)
        for m in months {
            let key = m["month"] as? String ?? ""
            #expect(m["projectsWarehoused"] as? Int == mw[key] ?? 0, "\(key) warehoused", sourceLocation: sourceLocation)
            #expect(m["resultsWarehoused"] as? Int == mr[key] ?? 0, "\(key) results", sourceLocation: sourceLocation)
            #expect(m["itemsFinished"] as? Int == mf[key] ?? 0, "\(key) finished", sourceLocation: sourceLocation)
        }
        return doc
    }

    /// Cities with any figure, and months with any figure, in a dashboard document.
    static func coverage(_ doc: [String: Any]) -> (cities: Int, months: Int) {
        let cities = ((doc["cities"] as? [[String: Any]]) ?? []).filter {
            ($0["itemsFinished"] as? Int ?? 0) + ($0["projectsWarehoused"] as? Int ?? 0) + ($0["openOverdue"] as? Int ?? 0) > 0
        }.count
        let months = ((doc["monthly"] as? [[String: Any]]) ?? []).filter {
            ($0["itemsFinished"] as? Int ?? 0) + ($0["projectsWarehoused"] as? Int ?? 0) + ($0["resultsWarehoused"] as? Int ?? 0) > 0
        }.count
        return (cities, months)
    }
}

extension SQLValue {
    var asDouble: Double? {
        switch self {
        case .integer(let v): return Double(v)
        case .real(let v): return v
        default: return nil
        }
    }
}
