import APXCore
import APXDomain
import Foundation

/// The run report page (spec 05 Reports), rendered from gathered `ReportData` only.
/// Every section is always present; an empty one says 无 (none).
struct ReportHTML {
    let data: ReportData
    let asOf: Day

    private func esc(_ s: String) -> String { HTML.escape(s) }
    private func percent(_ r: Double) -> String { String(format: "%.0f%%", r * 100) }

    func render() -> String {
        let s = data.summary
        var body = "<h1>apx 运行报告 Run report \(esc(s.run))</h1>\n"
        body += header()
        body += section("sources", "按来源统计 Files per source and outcome", sources())
        body += section("files", "文件明细 Files this run", files())
        body += section("quarantine", "隔离 Quarantine", quarantine())
        body += section("matching", "入库与成果 Projects and results this run", matching())
        body += section("reviews", "待审核 Open review queue (\(data.reviewsTotal))", reviews())
        body += section("pending", "待定 Pending work by age", pending())
        body += section("deadlines", "期限 Deadline status", deadlines())
        body += section("ontime", "办结及时率 On-time rate per city and item", onTime())
        body += section("pushed", "推送 Pushed", pushed())
        body += section("waiting", "未就绪 Waiting in the inbox", waiting())
        body += section("warnings", "警告 Warnings", warnings())
        return HTML.page(title: "apx 运行报告 \(s.run)", body: body)
    }

    private func section(_ id: String, _ title: String, _ content: String) -> String {
        "<h2 id=\"\(id)\">\(esc(title))</h2>\n\(content)\n"
    }

    private func kpi(_ label: String, _ value: String, _ cls: String = "") -> String {
        "<span class=\"kpi\">\(esc(label))<b class=\"\(cls)\">\(esc(value))</b></span>"
    }

    private func header() -> String {
        let s = data.summary
        var out = "<p>"
        out += kpi("业务日期 as-of", s.asOf)
        out += kpi("退出码 exit code", String(s.exitCode), s.exitCode == 0 ? "ok" : "bad")
        out += kpi("开始 started", s.startedAt)
        out += kpi("结束 finished", s.finishedAt)
        out += kpi("耗时 duration", String(format: "%.1f s", s.durationSeconds))
        out += kpi("记录/秒 records/s", String(format: "%.0f", s.recordsPerSecond))
        out += "</p>"
        if s.recoveredMoves + s.recoveredPublications > 0 {
            out += "<p class=\"note\">finished what an interrupted run left: \(s.recoveredMoves) file move(s), \(s.recoveredPublications) publication(s)</p>"
        }
        return out
    }

    private func sources() -> String {
        let s = data.summary
        let bars = [HTML.Bar(label: "处理 processed", value: Double(s.processed), text: String(s.processed), colour: "#4a8"),
                    HTML.Bar(label: "重复 duplicate", value: Double(s.duplicate), text: String(s.duplicate), colour: "#89a"),
                    HTML.Bar(label: "已隔离重发 delivered again", value: Double(s.alreadyQuarantined), text: String(s.alreadyQuarantined),
                             colour: "#c98"),
                    HTML.Bar(label: "隔离 quarantined", value: Double(s.quarantined), text: String(s.quarantined), colour: "#d54"),
                    HTML.Bar(label: "未就绪 not ready", value: Double(s.notReady), text: String(s.notReady), colour: "#db4")]
        var out = HTML.barChart(bars, title: "files by outcome")
        out += "<p>records read \(s.recordsRead) · rejected \(s.recordsRejected)</p>"
        if data.perSource.isEmpty { return out + HTML.none }
        var rows = data.perSource.map { c in
            [c.source, String(c.processed), String(c.duplicate), String(c.alreadyQuarantined), String(c.quarantined), String(c.notReady),
             String(c.records), String(c.rejected)]
        }
        rows.append(["合计 total", String(s.processed), String(s.duplicate), String(s.alreadyQuarantined), String(s.quarantined),
                     String(s.notReady), String(s.recordsRead), String(s.recordsRejected)])
        return out + HTML.table(["source 来源", "processed 处理", "duplicate 重复", "already quarantined 已隔离重发",
                                 "quarantined 隔离", "not ready 未就绪", "records 记录", "rejected 退回"],
                                rows, numeric: Set(1...7))
    }

    private func files() -> String {
        guard !data.files.isEmpty else { return HTML.none }
        // Files needing attention first (quarantined, duplicate, with rejects), then the rest.
        func attention(_ f: JSON) -> Bool { f["outcome"]?.stringValue != InputFileOutcome.processed.rawValue || f["rejected"] != .int(0) }
        let shown = (data.files.filter(attention) + data.files.filter { !attention($0) }).prefix(ReportData.fileCap)
        var out = HTML.capped(shown: shown.count, total: data.files.count)
        if shown.count < data.files.count { out += "<p class=\"note\">files with a problem first; every file is in the JSON report</p>" }
        out += HTML.table(["source", "file", "outcome", "code", "records", "rejected", "message"], shown.map { f in
            [f["source"]?.stringValue ?? "", f["name"]?.stringValue ?? "", f["outcome"]?.stringValue ?? "", f["code"]?.stringValue ?? "",
             f["records"]?.serialized() ?? "", f["rejected"]?.serialized() ?? "", f["message"]?.stringValue ?? ""]
        }, numeric: [4, 5])
        var rejects: [[String]] = []
        var total = 0
        for f in data.files {
            let list = f["rejects"]?.arrayValue ?? []
            total += (f["rejected"].flatMap { if case .int(let n) = $0 { return n } else { return nil } }) ?? list.count
            for r in list where rejects.count < ReportData.rejectCap {
                rejects.append([f["name"]?.stringValue ?? "", r["line"]?.serialized() ?? "", r["record"]?.serialized() ?? "",
                                r["field"]?.stringValue ?? "", r["code"]?.stringValue ?? "", r["message"]?.stringValue ?? ""])
            }
        }
        out += "<h3>记录退回 Record rejects (\(total) record(s))</h3>"
        if rejects.isEmpty { return out + HTML.none }
        out += HTML.capped(shown: rejects.count, total: max(total, rejects.count))
        out += "<p class=\"note\">every reject is in NAME.rejects.csv beside the archived file</p>"
        return out + HTML.table(["file", "line", "record", "field", "code", "message"], rejects, numeric: [1, 2])
    }

    private func quarantine() -> String {
        let s = data.summary
        var out = "<p>"
        out += kpi("本次隔离 quarantined this run", String(s.quarantined), s.quarantined > 0 ? "bad" : "")
        out += kpi("已隔离重发 delivered again", String(s.alreadyQuarantined))
        out += kpi("本次解除 settled this run", String(s.quarantineSettled))
        out += kpi("待处理积压 open backlog", String(data.backlogCount), data.backlogCount > 0 ? "bad" : "ok")
        out += "</p>"
        let thisRun = data.files.filter { $0["outcome"]?.stringValue == InputFileOutcome.quarantined.rawValue }
        out += "<h3>本次隔离 Quarantined this run, with reasons</h3>"
        if thisRun.isEmpty {
            out += HTML.none
        } else {
            out += HTML.table(["source", "file", "code 原因", "message", "line", "kept at"], thisRun.prefix(ReportData.fileCap).map { f in
                [f["source"]?.stringValue ?? "", f["name"]?.stringValue ?? "", f["code"]?.stringValue ?? "", f["message"]?.stringValue ?? "",
                 f["line"].flatMap { $0 == .null ? nil : $0.serialized() } ?? "", f["destination"]?.stringValue ?? ""]
            })
        }
        out += "<h3>待处理积压 Open backlog (\(data.backlogCount)\(data.backlogOldest.map { ", oldest since " + $0 } ?? ""))</h3>"
        if data.backlog.isEmpty { return out + HTML.none }
        out += HTML.capped(shown: data.backlog.count, total: data.backlogCount)
        out += HTML.table(["source", "file", "code", "since", "run", "delivered again"], data.backlog.map { e in
            [e.source.folder, e.name, e.code, e.since, e.run, String(e.repeats)]
        }, numeric: [5])
        return out + "<p class=\"note\">fix and `apx reprocess --quarantined`, or have the partner send a corrected file of the same name; `apx quarantine list`</p>"
    }

    private func matching() -> String {
        let s = data.summary
        let projects = [HTML.Bar(label: "入库 warehoused", value: Double(s.projectsWarehoused), text: String(s.projectsWarehoused), colour: "#4a8"),
                        HTML.Bar(label: "审核 review", value: Double(s.projectsReview), text: String(s.projectsReview)),
                        HTML.Bar(label: "人工迁移 migration", value: Double(s.projectsMigration), text: String(s.projectsMigration), colour: "#a6c"),
                        HTML.Bar(label: "待定 pending", value: Double(s.projectsPending), text: String(s.projectsPending), colour: "#db4"),
                        HTML.Bar(label: "结束 ended", value: Double(s.projectsEnded), text: String(s.projectsEnded), colour: "#777")]
        let results = [HTML.Bar(label: "入库 warehoused", value: Double(s.resultsWarehoused), text: String(s.resultsWarehoused), colour: "#4a8"),
                       HTML.Bar(label: "审核 review", value: Double(s.resultsReview), text: String(s.resultsReview)),
                       HTML.Bar(label: "待定 pending", value: Double(s.resultsPending), text: String(s.resultsPending), colour: "#db4")]
        return "<h3>项目 Projects</h3>" + HTML.barChart(projects, title: "projects this run")
            + "<h3>成果 Results</h3>" + HTML.barChart(results, title: "results this run")
    }

    private func reviews() -> String {
        guard !data.reviews.isEmpty else { return HTML.none }
        var out = HTML.capped(shown: data.reviews.count, total: data.reviewsTotal)
        out += HTML.tableRaw(["id", "kind", "project / sub-project", "reasons", "field differences 字段差异 (ours → theirs)", "since"],
                             data.reviews.map { r in
            let fields = r.fields.isEmpty ? "<span class=\"none\">无</span>" : r.fields.map { f in
                let sim = f.similarity.map { String(format: " (%.2f)", $0) } ?? ""
                return "<b>\(esc(f.field))</b>: «\(esc(f.ours))» → «\(esc(f.theirs))»\(sim)"
            }.joined(separator: "<br>")
            return [String(r.id), esc(r.kind.rawValue), esc(r.xmdm) + (r.gcdm.isEmpty || r.gcdm == r.xmdm ? "" : "<br>" + esc(r.gcdm)),
                    esc(r.reasons.joined(separator: ", ")), fields, esc(r.createdOn)]
        }, numeric: [0])
        return out + "<p class=\"note\">decide with `apx review accept ID --by WHO` or `apx review reject ID --by WHO --note TEXT`</p>"
    }

    private func pending() -> String {
        var out = "<h3>按等待时间 By age (totals)</h3>"
        var rows = ReportData.ageLabels.indices.map { i in [ReportData.ageLabels[i], String(data.requestAges[i]), String(data.resultAges[i])] }
        rows.append(["合计 total", String(data.pendingRequestsTotal), String(data.pendingResultsTotal)])
        out += HTML.table(["waiting 等待", "warehousing requests 入库申请", "results 成果"], rows, numeric: [1, 2])
        out += "<h3>最早的待定入库申请 Oldest pending requests</h3>"
        if data.pendingRequests.isEmpty { out += HTML.none } else {
            out += HTML.capped(shown: data.pendingRequests.count, total: data.pendingRequestsTotal)
            out += HTML.table(["request", "xmdm", "age (days)", "reasons"], data.pendingRequests.map { [$0.what, $0.xmdm, String($0.ageDays), $0.reasons] },
                              numeric: [2])
        }
        out += "<h3>最早的待定成果 Oldest pending results</h3>"
        if data.pendingResults.isEmpty { return out + HTML.none }
        out += HTML.capped(shown: data.pendingResults.count, total: data.pendingResultsTotal)
        return out + HTML.table(["result", "xmdm", "age (days)", "reasons (missing)"],
                                data.pendingResults.map { [$0.what, $0.xmdm, String($0.ageDays), $0.reasons] }, numeric: [2])
    }

    private func deadlineTable(_ title: String, _ rows: [ReportData.DeadlineRow]) -> String {
        "<h3>\(esc(title))</h3>" + (rows.isEmpty ? HTML.none : HTML.table(
            [title.hasPrefix("按事项") ? "item 事项" : "city 城市", "due tomorrow 明日到期", "due today 今日到期", "overdue 已超期", "open 在办"],
            rows.map { [$0.label, String($0.dueTomorrow), String($0.dueToday), String($0.overdue), String($0.open)] },
            numeric: [1, 2, 3, 4]))
    }

    private func deadlines() -> String {
        let d = data.deadlines
        var out = "<p>"
        out += kpi("明日到期 due tomorrow", String(d.dueTomorrow))
        out += kpi("今日到期 due today", String(d.dueToday), d.dueToday > 0 ? "bad" : "")
        out += kpi("已超期 overdue", String(d.overdue), d.overdue > 0 ? "bad" : "ok")
        out += kpi("在办 open", String(d.open))
        out += "</p><p class=\"note\">open items timed in working days as of \(esc(asOf.iso)); due tomorrow = one working day left</p>"
        out += deadlineTable("按事项 By item", data.deadlinesByItem)
        out += deadlineTable("按城市 By city", data.deadlinesByCity)
        return out
    }

    private func rateChart(_ title: String, _ rates: [ReportData.Rate]) -> String {
        var out = "<h3>\(esc(title))</h3>"
        if rates.isEmpty { return out + HTML.none }
        out += HTML.barChart(rates.map { r in
            HTML.Bar(label: r.name, value: r.rate, text: "\(percent(r.rate)) (\(r.onTime)/\(r.finished))",
                     colour: r.rate >= 0.9 ? "#4a8" : r.rate >= 0.6 ? "#db4" : "#d54")
        }, maxValue: 1, title: title, labelWidth: 220)
        out += HTML.table(["name", "finished 办结", "on time 按时", "rate 及时率"],
                          rates.map { [$0.name, String($0.finished), String($0.onTime), percent($0.rate)] }, numeric: [1, 2, 3])
        return out
    }

    private func onTime() -> String {
        rateChart("按城市 By city", data.ratesByCity) + rateChart("按事项 By item", data.ratesByItem)
    }

    private func pushed() -> String {
        let s = data.summary
        var out = "<p>"
        out += kpi("政务服务推送文件 gov files", String(s.govFiles))
        out += kpi("推送记录 gov records", String(s.govRecords))
        out += kpi("档案移交包 archive packages", String(s.archivePackages))
        out += kpi("通知 notices", String(s.notices))
        out += "</p>"
        out += "<h3>本次推送文件 Files published this run</h3>"
        out += s.pushedFiles.isEmpty ? HTML.none : HTML.table(["outbox file"], s.pushedFiles.prefix(ReportData.fileCap).map { [$0] })
        out += HTML.capped(shown: min(s.pushedFiles.count, ReportData.fileCap), total: s.pushedFiles.count)
        out += "<h3>未回执 Records without a receipt after the receipt period (\(data.unacknowledgedCount))</h3>"
        if data.unacknowledged.isEmpty { return out + HTML.none }
        out += HTML.capped(shown: data.unacknowledged.count, total: data.unacknowledgedCount)
        return out + HTML.table(["file", "dfsjzj", "bbh", "pushed on"], data.unacknowledged.map { [$0.file, $0.dfsjzj, String($0.bbh), $0.pushedOn] },
                                numeric: [2])
    }

    private func waiting() -> String {
        let s = data.summary
        var out = "<h3>未就绪文件 Data files without their marker (\(s.notReadyFiles.count))</h3>"
        out += s.notReadyFiles.isEmpty ? HTML.none : HTML.table(["file"], s.notReadyFiles.prefix(ReportData.fileCap).map { [$0] })
        out += "<h3>孤立标记 Markers without a data file (\(s.orphanMarkers.count))</h3>"
        out += s.orphanMarkers.isEmpty ? HTML.none : HTML.table(["marker"], s.orphanMarkers.prefix(ReportData.fileCap).map { [$0] })
        out += inboxSection(s.inbox)
        return out
    }

    private func warnings() -> String {
        let w = data.summary.warnings
        return w.isEmpty ? HTML.none : "<ul>" + w.prefix(ReportData.fileCap).map { "<li>\(esc($0))</li>" }.joined() + "</ul>"
    }
}
