import APXFixtures
import Foundation
import Testing
import TestSupport

/// `apx dashboard`: three cities over two months — permits on time and late, acceptances
/// overdue, results of two stages — every figure recomputed by SQL; the page is one
/// self-contained file.
@Suite(.serialized) struct DashboardTests {
    let ws = TempWorkspace("apx-dash")
    var night: Night { Night(ws: ws) }
    static let lead = Cast.lead1
    static let nanchang = "2020-360111-48-01-000101", ganzhou = "2020-360702-48-01-000102", jiujiang = "2020-360403-48-01-000103"

    func gb(_ s: String) -> [UInt8] { GB18030.encode(s) }

    func sgxk(_ xmdm: String, _ name: String, _ permit: String, slsj: String, fzrq: String, cnsx: String) -> [String: String] {
        ["XMDM": xmdm, "XMMC": name, "JSDWDM": Self.lead.uscc, "JSDWMC": Self.lead.name, "SGXKZBH": permit, "FZJG": "住建局",
         "FZRQ": fzrq, "SLSJ": slsj, "CNSX": cnsx]
    }

    func scenario() {
        var a = ProjectFixture(xmdm: Self.nanchang, xmmc: "南昌安置房", units: [Self.lead]); a.xzqhdm = "360111"
        var b = ProjectFixture(xmdm: Self.ganzhou, xmmc: "赣州大桥", units: [Self.lead]); b.xzqhdm = "360702"
        var c = ProjectFixture(xmdm: Self.jiujiang, xmmc: "九江码头", units: [Self.lead]); c.xzqhdm = "360403"
        ws.drop("tzxm", "TZXM_20260901_01.csv", gb(Builders.tzxmCSV([a, b, c])))
        var rb = RequestFixture(qqbh: "RB", xmdm: Self.ganzhou, xmmc: "赣州大桥", sqdwdm: Self.lead.uscc, sqdwmc: Self.lead.name)
        rb.xzqhdm = "360702"
        ws.drop("rkqq", "RKQQ_20260901_01.csv", text: Builders.rkqqCSV([
            RequestFixture(qqbh: "RA", xmdm: Self.nanchang, xmmc: "南昌安置房", sqdwdm: Self.lead.uscc, sqdwmc: Self.lead.name), rb]))
        // September: permits timed from acceptance (SLSJ) with a promised limit (CNSX).
        ws.drop("dtjg", "DTJG_SGXK_20260915_01.csv", gb(ResultBuilders.dtjg(kind: "SGXK", rows: [
            sgxk(Self.nanchang, "南昌安置房", "360111202609150101", slsj: "2026-09-07", fzrq: "2026-09-10", cnsx: "5"),   // 3 days, on time
            sgxk(Self.nanchang, "南昌安置房", "360111202609150201", slsj: "2026-09-01", fzrq: "2026-09-15", cnsx: "5"),   // 10, late
            sgxk(Self.ganzhou, "赣州大桥", "360702202609150101", slsj: "2026-09-08", fzrq: "2026-09-11", cnsx: "5"),      // 3, on time
        ])))
        ws.drop("manual", "ydgh.pdf", PDFWriter.document(info: [("XMDM", Self.ganzhou), ("SXBM", "YDGH"), ("WJBH", "地字1号"),
                                                              ("FZJG", "自然资源局"), ("FZRQ", "2026-09-01"), ("JSDWDM", Self.lead.uscc),
                                                              ("Title", "建设用地规划许可证")]))
        #expect(night.run("2026-09-16").status == 0)
        // October: more permits, an acceptance that becomes overdue, a planning permit.
        ws.drop("dtjg", "DTJG_SGXK_20261015_01.csv", gb(ResultBuilders.dtjg(kind: "SGXK", rows: [
            sgxk(Self.ganzhou, "赣州大桥", "360702202610150101", slsj: "2026-10-12", fzrq: "2026-10-14", cnsx: "3"),      // 2, on time
            sgxk(Self.jiujiang, "九江码头", "360403202610150101", slsj: "2026-10-08", fzrq: "2026-10-15", cnsx: "2"),     // 6 (Sat 10-10 works), late
            sgxk(Self.jiujiang, "九江码头", "360403202610150201", slsj: "2026-10-12", fzrq: "2026-10-14", cnsx: "2"),     // 2, on time
        ])))
        ws.drop("sgt", "SGT_SL_SCX1.xml", text: ResultBuilders.sgt(lx: "SL", slbh: "SCX1", xmdm: Self.ganzhou, xmmc: "赣州大桥", jsdw: Self.lead,
                                                                   slsj: "2026-10-09T09:00:00+08:00", cnsx: 3))
        ws.drop("manual", "ghxk.pdf", PDFWriter.document(info: [("XMDM", Self.nanchang), ("SXBM", "GHXK"), ("WJBH", "建字1号"),
                                                              ("FZJG", "规划局"), ("FZRQ", "2026-10-01"), ("JSDWDM", Self.lead.uscc),
                                                              ("Title", "建设工程规划许可证")]))
        #expect(night.run("2026-10-16").status == 0)
        #expect(night.run("2026-10-20").status == 0)
    }

    @Test func figuresEqualIndependentSQLOverThreeCitiesAndTwoMonths() throws {
        scenario()
        let doc = try DashboardVerification.verify(ws.root, from: "2026-09-01", to: "2026-10-31", asOf: "2026-10-20")
        let coverage = DashboardVerification.coverage(doc)
        #expect(coverage.cities >= 3 && coverage.months == 2)
        // The expected story, by hand: 南昌 1 of 2 on time, 赣州 2 of 2 (+1 open overdue), 九江 1 of 2.
        let cities = (doc["cities"] as? [[String: Any]]) ?? []
        func city(_ name: String) -> [String: Any] { cities.first { $0["name"] as? String == name } ?? [:] }
        #expect(city("赣州市")["onTimeRank"] as? Int == 1)
        #expect(city("南昌市")["onTimeRank"] as? Int == 2 && city("九江市")["onTimeRank"] as? Int == 2, "a tie shares its rank")
        #expect(city("赣州市")["openOverdue"] as? Int == 1)
        #expect(city("赣州市")["overdueRank"] as? Int == 1)
        #expect(((doc["rankings"] as? [String: Any])?["onTime"] as? [[String: Any]])?.first?["name"] as? String == "赣州市")
        let sgxk = ((doc["items"] as? [[String: Any]]) ?? []).first { $0["sxbm"] as? String == "SGXK" }
        #expect(sgxk?["finished"] as? Int == 6)
        #expect(sgxk?["usedMax"] as? Int == 10)
        #expect(((doc["overdueOpen"] as? [[String: Any]]) ?? []).map { $0["key"] as? String } == ["BL:SGTSC:SCX1"])
        // One city, one month.
        try DashboardVerification.verify(ws.root, from: "2026-10-01", to: "2026-10-31", asOf: "2026-10-20", city: "360400")
        let byCode = try DashboardVerification.verify(ws.root, from: "2026-09-01", to: "2026-09-30", asOf: "2026-10-20", city: "360100")
        let byName = APXProcess.run(["dashboard", "--root", ws.root, "--from", "2026-09-01", "--to", "2026-09-30", "--as-of", "2026-10-20",
                                     "--city", "南昌市", "--json"]).json as? [String: Any]
        #expect((byName?["cities"] as? [[String: Any]])?.count == 1)
        #expect((byName?["total"] as? [String: Any])?["itemsFinished"] as? Int == (byCode["total"] as? [String: Any])?["itemsFinished"] as? Int)
    }

    @Test func thePageIsOneSelfContainedFile() throws {
        scenario()
        let r = APXProcess.run(["dashboard", "--root", ws.root, "--from", "2026-09-01", "--to", "2026-10-31", "--as-of", "2026-10-20"])
        #expect(r.status == 0, "\(r.stderr)")
        let path = ws.path("reports/dashboard-2026-09-01-2026-10-31.html")
        #expect(r.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == (path as NSString).standardizingPath)
        let html = try #require(ws.read("reports/dashboard-2026-09-01-2026-10-31.html"))
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(html.contains("\"Noto Sans CJK SC\",\"Source Han Sans SC\",\"WenQuanYi Micro Hei\",\"Microsoft YaHei\",sans-serif"))
        #expect(html.contains("<svg") && html.contains("办结及时率排名") && html.contains("超期率排名") && html.contains("赣州市"))
        #expect(!html.lowercased().contains("<script") && !html.contains("src=") && !html.contains("href=") && !html.contains("@import")
                && !html.contains("url("), "nothing fetched")
        // --out - prints the same page; --out FILE writes there.
        let printed = APXProcess.run(["dashboard", "--root", ws.root, "--from", "2026-09-01", "--to", "2026-10-31", "--as-of", "2026-10-20", "--out", "-"])
        #expect(printed.stdout == html + "\n")
        let other = ws.path("elsewhere/d.html")
        #expect(APXProcess.run(["dashboard", "--root", ws.root, "--from", "2026-09-01", "--to", "2026-10-31", "--as-of", "2026-10-20", "--out", other]).status == 0)
        #expect(FileManager.default.contents(atPath: other).map { String(decoding: $0, as: UTF8.self) } == html)
        // Usage and not found.
        #expect(APXProcess.run(["dashboard", "--root", ws.root, "--from", "2026-11-01", "--to", "2026-10-01"]).status == 64)
        #expect(APXProcess.run(["dashboard", "--root", ws.root, "--from", "2026-13-01"]).status == 64)
        #expect(APXProcess.run(["dashboard", "--root", ws.root, "--city", "北京"]).status == 64)
        let empty = TempWorkspace("apx-empty")
        #expect(APXProcess.run(["dashboard", "--root", empty.root]).status == 66)
    }
}
