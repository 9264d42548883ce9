import Foundation
import Testing
import TestSupport

/// The run report (spec 05 Reports): JSON timing keys, `apx report` text, and the HTML page's
/// sections — per source, quarantine with reasons, review field differences, pending by age,
/// deadlines, on-time rate by city name, pushes, timing, CJK fonts, 无 where empty, nothing external.
@Suite(.serialized) struct ReportTests {
    static var samples: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("samples").path
    }

    func html(_ ws: TempWorkspace, run: String) throws -> String {
        try #require(ws.read("reports/\(run).html"))
    }

    /// The text between `<h2 id="ID"` and the next `<h2`.
    func section(_ page: String, _ id: String) -> String? {
        guard let start = page.range(of: "<h2 id=\"\(id)\"") else { return nil }
        let rest = page[start.upperBound...]
        let end = rest.range(of: "<h2 ")?.lowerBound ?? rest.endIndex
        return String(rest[..<end])
    }

    @Test func runJSONAndReportJSONCarryStartFinishDurationAndRate() throws {
        let ws = TempWorkspace("apx-report-json")
        ws.drop("rkqq", "RKQQ_20261120_01.csv", text: Builders.rkqqCSV([
            RequestFixture(qqbh: "R1", xmdm: Cast.p1, xmmc: "安置房项目", sqdwdm: Cast.lead1.uscc, sqdwmc: Cast.lead1.name),
        ]))
        let r = Night(ws: ws).run("2026-11-21")
        let s = r.summary
        let started = try #require(s["startedAt"] as? String)
        let finished = try #require(s["finishedAt"] as? String)
        #expect(started.count == 25 && started.hasSuffix("+08:00"))
        #expect(finished >= started)
        let duration = try #require(s["durationSeconds"] as? Double)
        #expect(duration > 0 && duration < 60)
        #expect((s["records"] as? [String: Any])?["perSecond"] is Double)
        let report = try #require(APXProcess.run(["report", "--root", ws.root, "--json"]).json as? [String: Any])
        #expect(report["startedAt"] as? String == started)
        #expect(report["finishedAt"] as? String == finished)
        #expect(report["durationSeconds"] as? Double == duration)
        #expect(report["run"] as? String == s["run"] as? String)
    }

    @Test func reportWithoutJSONPrintsAReadableSummary() throws {
        let ws = TempWorkspace("apx-report-text")
        let run = APXProcess.run(["run", "--seed", Self.samples, "--as-of", "2026-11-21", "--root", ws.root, "--json"])
        #expect(run.status == 65)
        let r = APXProcess.run(["report", "--root", ws.root])
        #expect(r.status == 0, "\(r.stderr)")
        let lines = r.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count > 10, "several lines, not one line of JSON")
        #expect(!r.stdout.hasPrefix("{"))
        #expect(lines.first?.contains("exit code 65") == true)
        #expect(r.stdout.contains("duration"))
        #expect(r.stdout.contains("quarantined 3"))
        #expect(r.stdout.contains("XML_DTD") && r.stdout.contains("PDF_ENCRYPTED") && r.stdout.contains("NAME_UNKNOWN"))
        #expect(r.stdout.contains("open backlog 3"))
        #expect(r.stdout.contains("report: ") && r.stdout.contains(".html"))
        // --json is the JSON report.
        let json = APXProcess.run(["report", "--root", ws.root, "--json"])
        #expect((json.json as? [String: Any])?["fileDetails"] != nil)
    }

    @Test func samplesReportHasEverySectionCityNamesAndNothingExternal() throws {
        let ws = TempWorkspace("apx-report-html")
        let run = APXProcess.run(["run", "--seed", Self.samples, "--as-of", "2026-11-21", "--root", ws.root, "--json"])
        let id = try #require((run.json as? [String: Any])?["run"] as? String)
        let page = try html(ws, run: id)

        for id in ["sources", "files", "quarantine", "matching", "reviews", "pending", "deadlines", "ontime", "pushed", "waiting", "warnings"] {
            #expect(section(page, id) != nil, "section \(id)")
        }
        // Per source and outcome.
        let sources = try #require(section(page, "sources"))
        for source in ["tzxm", "rkqq", "sgt", "dtjg", "manual"] { #expect(sources.contains("<td>\(source)</td>")) }
        // Quarantine with reasons, and the backlog.
        let quarantine = try #require(section(page, "quarantine"))
        for code in ["XML_DTD", "NAME_UNKNOWN", "PDF_ENCRYPTED"] { #expect(quarantine.contains(code)) }
        #expect(quarantine.contains("document contains a DOCTYPE"))
        #expect(quarantine.contains("Open backlog (3"))
        // The review queue with field differences (ours → theirs).
        let reviews = try #require(section(page, "reviews"))
        #expect(reviews.contains("<b>XMMC</b>") && reviews.contains("→"))
        // Pending by age with totals.
        let pending = try #require(section(page, "pending"))
        #expect(pending.contains("合计 total"))
        #expect(pending.contains("PROJECT_NOT_FOUND"))
        // On-time rate by city name, as an SVG chart; no bare city code.
        let onTime = try #require(section(page, "ontime"))
        #expect(onTime.contains("南昌市"))
        #expect(!onTime.contains(">3601<"))
        #expect(onTime.contains("<svg") && onTime.contains("施工图审查合格书"))
        // Nothing open: the deadline tables say 无.
        let deadlines = try #require(section(page, "deadlines"))
        #expect(deadlines.contains("无"))
        #expect(try #require(section(page, "warnings")).contains("无"))
        // Pushed, with the file.
        #expect(try #require(section(page, "pushed")).contains("SZWJ_20261121_000001.xml"))
        // Run start, end, duration.
        #expect(page.contains("开始 started") && page.contains("结束 finished") && page.contains("耗时 duration"))
        // Fonts that render Chinese.
        #expect(page.contains("\"Noto Sans CJK SC\"") && page.contains("\"WenQuanYi Micro Hei\"") && page.contains("\"Microsoft YaHei\""))
        // Self-contained: no scripts, no links, no fetched styles, fonts or images.
        let lower = page.lowercased()
        for forbidden in ["<script", "<link", "@import", "url(", "src=", "<iframe", "<img", "<object", "<embed", "http://", "https://"] {
            #expect(!lower.contains(forbidden), "no \(forbidden)")
        }
    }

    @Test func aFileNamedLikeMarkupIsEscapedInThePage() throws {
        let ws = TempWorkspace("apx-report-escape")
        let name = "<img src=x onerror=alert(1)>&\"'.csv"
        ws.drop("rkqq", name, text: "x")
        let r = Night(ws: ws).run("2026-11-21")
        #expect(r.status == 65)
        let page = try html(ws, run: try #require(r.summary["run"] as? String))
        #expect(!page.contains("<img"))
        #expect(page.contains("&lt;img src=x onerror=alert(1)&gt;&amp;&quot;&#39;.csv"))
        #expect(try #require(section(page, "quarantine")).contains("NAME_UNKNOWN"))
    }

    @Test func deadlinesByItemAndCityAndEmptyQueuesSayNone() throws {
        let ws = TempWorkspace("apx-report-deadlines")
        // Two drawing reviews accepted with 10 working days: one due on 2026-11-24, one long overdue.
        func sl(_ slbh: String, _ xmdm: String, _ accepted: String) -> String {
            """
            <?xml version="1.0" encoding="UTF-8"?>
            <SGTSC lx="SL" scsj="2026-11-20T18:00:00+08:00">
              <SLBH>\(slbh)</SLBH><XMDM>\(xmdm)</XMDM><XMMC>项目</XMMC>
              <JSDW><DWMC>\(Cast.lead1.name)</DWMC><TYSHXYDM>\(Cast.lead1.uscc)</TYSHXYDM></JSDW>
              <SJDW><DWMC>设计院</DWMC><TYSHXYDM></TYSHXYDM></SJDW><SCJG><DWMC>审查中心</DWMC><TYSHXYDM></TYSHXYDM></SCJG>
              <SLSJ>\(accepted)T09:30:00+08:00</SLSJ><CNSX>10</CNSX><RQSL>0</RQSL>
            </SGTSC>
            """
        }
        let ganzhou = "2021-360702-48-01-000007"
        ws.drop("tzxm", "TZXM_20261120_01.xml", text: Builders.tzxmXML([
            { var p = ProjectFixture(xmdm: ganzhou, xmmc: "项目", units: [Cast.lead1]); p.xzqhdm = "360702"; return p }(),
        ]))
        ws.drop("sgt", "SGT_SL_SC3607002026000001.xml", text: sl("SC3607002026000001", ganzhou, "2026-11-10"))
        ws.drop("sgt", "SGT_SL_SC3607002026000002.xml", text: sl("SC3607002026000002", ganzhou, "2026-10-12"))
        let r = Night(ws: ws).run("2026-11-24")
        let id = try #require(r.summary["run"] as? String)
        let page = try html(ws, run: id)
        let deadlines = try #require(section(page, "deadlines"))
        #expect(deadlines.contains("赣州市"))
        #expect(deadlines.contains("SGTSC 施工图审查合格书"))
        let report = try #require(APXProcess.run(["report", "--root", ws.root, "--json"]).json as? [String: Any])
        let d = try #require(report["deadlines"] as? [String: Any])
        #expect(d["dueToday"] as? Int == 1)
        #expect(d["overdue"] as? Int == 1)
        #expect(d["open"] as? Int == 2)
        #expect(((d["byCity"] as? [[String: Any]])?.first)?["city"] as? String == "赣州市")
        // Nothing in the review queue or quarantine: 无.
        #expect(try #require(section(page, "reviews")).contains("无"))
        #expect(try #require(section(page, "quarantine")).contains("无"))
    }
}
