import APXCore
import APXDrop
import APXStore
import Foundation
import SQLiteDB

/// Writes `reports/<run>.json` (the summary plus per-file and per-reason detail) and a
/// self-contained `reports/<run>.html` for supervisors.
struct Report {
    let store: Store
    let workspace: Workspace
    let settings: Settings

    func write(summary: RunSummary, files: [JSON]) throws {
        let reviews = try store.reviews(all: false)
        // The oldest 200 pending requests; the total is reported beside them.
        let pending = try store.oldestPendingRequests(limit: 200)
        let pendingResults = try store.oldestPendingResults(limit: 200)
        let pendingTotal = try store.countRequests(state: "PENDING")
        var pairs: [(String, JSON)]
        if case .object(let p) = summary.json { pairs = p } else { pairs = [] }
        pairs.append(("reasons", .object(summary.reasons.keys.sorted().map { ($0, JSON.int(summary.reasons[$0]!)) })))
        pairs.append(("fileDetails", .array(files)))
        pairs.append(("notReadyFiles", .array(summary.notReadyFiles.map(JSON.string))))
        pairs.append(("pushedFiles", .array(summary.pushedFiles.map(JSON.string))))
        pairs.append(("openReviews", .int(reviews.count)))
        pairs.append(("pendingRequestsTotal", .int(pendingTotal)))
        pairs.append(("pendingRequests", .array(pending.map { row in
            let age = Day(iso: row.text("received_on")).map { $0.days(until: store.asOf) } ?? 0
            return JSON.object([("qqbh", .string(row.text("qqbh"))), ("xmdm", .string(row.text("xmdm"))),
                                ("ageDays", .int(age)), ("reasons", .string(row.text("reasons")))])
        })))
        let unacknowledged = try store.unacknowledged(olderThan: settings.receiptOverdueDays)
        pairs.append(("unacknowledged", .object([
            ("count", .int(unacknowledged.count)),
            ("records", .array(unacknowledged.sample.map {
                .object([("file", .string($0.0)), ("dfsjzj", .string($0.1)), ("bbh", .int($0.2)), ("pushedOn", .string($0.3))])
            })),
        ])))
        let efficiency = try store.efficiency()
        func rates(_ rows: [(String, Int, Int)], _ key: String) -> JSON {
            .array(rows.map { row in
                .object([(key, .string(row.0)), ("finished", .int(row.1)), ("onTime", .int(row.2)),
                         ("rate", .double(row.1 == 0 ? 0 : Double(row.2) / Double(row.1)))])
            })
        }
        let open = try store.openTimedItems()
        let overdue = open.filter { (Day(iso: $0.deadline) ?? store.asOf) < store.asOf }.count
        pairs.append(("efficiency", .object([("byCity", rates(efficiency.byCity, "city")), ("byItem", rates(efficiency.byItem, "sxbm")),
                                             ("open", .int(open.count)), ("overdue", .int(overdue))])))
        try DurableFile.makeDirectories(workspace.reports)
        try DurableFile.publish(JSON.object(pairs).serialized(pretty: true) + "\n", directory: workspace.reports,
                                name: summary.run + ".json")
        try DurableFile.publish(html(summary: summary, files: files, reviews: reviews, pending: pending, pendingResults: pendingResults,
                                     efficiency: efficiency, open: open.count, overdue: overdue, unacknowledged: unacknowledged.count),
                                directory: workspace.reports, name: summary.run + ".html")
    }

    private func esc(_ s: String) -> String { XMLText.escape(s) }

    private func bar(_ label: String, _ value: Int, _ max: Int, _ colour: String) -> String {
        let width = max == 0 ? 0 : Int((Double(value) / Double(max) * 300).rounded())
        return "<tr><td>\(esc(label))</td><td><div class=bar style=\"width:\(width)px;background:\(colour)\"></div></td><td class=n>\(value)</td></tr>"
    }

    func html(summary s: RunSummary, files: [JSON], reviews: [ReviewItem], pending: [Row], pendingResults: [Row],
              efficiency: (byCity: [(String, Int, Int)], byItem: [(String, Int, Int)]), open: Int, overdue: Int,
              unacknowledged: Int) -> String {
        let outcomes = [("处理 processed", s.processed, "#4a8"), ("重复 duplicate", s.duplicate, "#89a"),
                        ("隔离 quarantined", s.quarantined, "#d54"), ("未就绪 not ready", s.notReady, "#db4")]
        let maxOutcome = outcomes.map(\.1).max() ?? 0
        var out = """
        <!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>apx run \(esc(s.run))</title>
        <style>body{font-family:sans-serif;margin:2em;color:#222}table{border-collapse:collapse;margin:.5em 0 1.5em}
        td,th{border:1px solid #ccc;padding:3px 8px;text-align:left;font-size:14px}th{background:#eee}
        .bar{height:14px}.n{text-align:right}h2{border-bottom:2px solid #48a;padding-bottom:2px}</style></head><body>
        <h1>apx 运行报告 run \(esc(s.run))</h1>
        <p>as-of <b>\(esc(s.asOf))</b> · exit code <b>\(s.exitCode)</b></p>
        <h2>文件 Files</h2><table>
        """
        for (label, value, colour) in outcomes { out += bar(label, value, maxOutcome, colour) }
        out += "</table><table><tr><th>source</th><th>file</th><th>outcome</th><th>code</th><th>records</th><th>rejected</th><th>message</th></tr>"
        for f in files {
            out += "<tr><td>\(esc(f["source"]?.stringValue ?? ""))</td><td>\(esc(f["name"]?.stringValue ?? ""))</td>"
            out += "<td>\(esc(f["outcome"]?.stringValue ?? ""))</td><td>\(esc(f["code"]?.stringValue ?? ""))</td>"
            out += "<td class=n>\(f["records"]?.serialized() ?? "")</td><td class=n>\(f["rejected"]?.serialized() ?? "")</td>"
            out += "<td>\(esc(f["message"]?.stringValue ?? ""))</td></tr>"
        }
        out += "</table>"
        let withRejects = files.filter { !($0["rejects"]?.arrayValue ?? []).isEmpty }
        if !withRejects.isEmpty {
            out += "<h2>记录退回 Record rejects</h2><table><tr><th>file</th><th>line</th><th>record</th><th>field</th><th>code</th><th>message</th></tr>"
            for f in withRejects {
                for r in f["rejects"]?.arrayValue ?? [] {
                    out += "<tr><td>\(esc(f["name"]?.stringValue ?? ""))</td><td class=n>\(r["line"]?.serialized() ?? "")</td>"
                    out += "<td class=n>\(r["record"]?.serialized() ?? "")</td><td>\(esc(r["field"]?.stringValue ?? ""))</td>"
                    out += "<td>\(esc(r["code"]?.stringValue ?? ""))</td><td>\(esc(r["message"]?.stringValue ?? ""))</td></tr>"
                }
            }
            out += "</table>"
        }
        out += "<h2>项目 Projects this run</h2><table>"
        let projectCounts = [("入库 warehoused", s.projectsWarehoused, "#4a8"), ("审核 review", s.projectsReview, "#48a"),
                             ("人工迁移 migration", s.projectsMigration, "#a6c"), ("待定 pending", s.projectsPending, "#db4")]
        let maxProject = projectCounts.map(\.1).max() ?? 0
        for (label, value, colour) in projectCounts { out += bar(label, value, maxProject, colour) }
        out += "</table><h2>成果 Results this run</h2><table>"
        let resultCounts = [("入库 warehoused", s.resultsWarehoused, "#4a8"), ("审核 review", s.resultsReview, "#48a"),
                            ("待定 pending", s.resultsPending, "#db4")]
        let maxResult = resultCounts.map(\.1).max() ?? 0
        for (label, value, colour) in resultCounts { out += bar(label, value, maxResult, colour) }
        out += "</table><h2>待审核 Open review queue (\(reviews.count))</h2><table><tr><th>id</th><th>kind</th><th>xmdm</th><th>reasons</th><th>since</th></tr>"
        for r in reviews {
            out += "<tr><td>\(r.id)</td><td>\(r.kind)</td><td>\(esc(r.xmdm))</td><td>\(esc(r.reasons.joined(separator: ", ")))</td><td>\(esc(r.createdOn))</td></tr>"
        }
        out += "</table><h2>待定 Pending work by age</h2><table><tr><th>request</th><th>xmdm</th><th>age (days)</th><th>reasons</th></tr>"
        for p in pending {
            let age = Day(iso: p.text("received_on")).map { $0.days(until: store.asOf) } ?? 0
            out += "<tr><td>\(esc(p.text("qqbh")))</td><td>\(esc(p.text("xmdm")))</td><td class=n>\(age)</td><td>\(esc(p.text("reasons")))</td></tr>"
        }
        out += "</table><table><tr><th>result</th><th>xmdm</th><th>age (days)</th><th>reasons</th></tr>"
        for p in pendingResults {
            let age = Day(iso: p.text("received_on")).map { $0.days(until: store.asOf) } ?? 0
            let missing = p.text("missing").isEmpty ? "" : " (" + p.text("missing") + ")"
            out += "<tr><td>\(esc(p.text("sxbm"))) \(esc(p.text("number")))</td><td>\(esc(p.text("xmdm")))</td><td class=n>\(age)</td><td>\(esc(p.text("reasons") + missing))</td></tr>"
        }
        out += "</table><h2>办结及时率 On-time rate</h2><p>open items: \(open) · overdue: \(overdue)</p><table><tr><th>city</th><th>finished</th><th>on time</th><th>rate</th></tr>"
        for (city, finished, onTime) in efficiency.byCity {
            let rate = finished == 0 ? 0 : Double(onTime) / Double(finished)
            out += "<tr><td>\(esc(city))</td><td class=n>\(finished)</td><td class=n>\(onTime)</td>"
            out += "<td><div class=bar style=\"display:inline-block;width:\(Int(rate * 200))px;background:#4a8\"></div> \(String(format: "%.0f%%", rate * 100))</td></tr>"
        }
        out += "</table><table><tr><th>item</th><th>finished</th><th>on time</th><th>rate</th></tr>"
        for (item, finished, onTime) in efficiency.byItem {
            let rate = finished == 0 ? 0 : Double(onTime) / Double(finished)
            out += "<tr><td>\(esc(item))</td><td class=n>\(finished)</td><td class=n>\(onTime)</td><td class=n>\(String(format: "%.0f%%", rate * 100))</td></tr>"
        }
        out += "</table><h2>推送 Pushed</h2><p>records without a receipt after the receipt period: \(unacknowledged)</p><table><tr><th>file</th></tr>"
        for f in s.pushedFiles { out += "<tr><td>\(esc(f))</td></tr>" }
        out += "</table><p>gov records: \(s.govRecords) · archive packages: \(s.archivePackages) · notices: \(s.notices)</p>"
        if !s.orphanMarkers.isEmpty {
            out += "<h2>孤立标记 Orphan markers</h2><ul>" + s.orphanMarkers.map { "<li>\(esc($0))</li>" }.joined() + "</ul>"
        }
        out += inboxSection(s.inbox)
        if !s.warnings.isEmpty {
            out += "<h2>警告 Warnings</h2><ul>" + s.warnings.map { "<li>\(esc($0))</li>" }.joined() + "</ul>"
        }
        out += "</body></html>\n"
        return out
    }
}
