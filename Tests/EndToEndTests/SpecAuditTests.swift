import Foundation
import Testing
import TestSupport

/// Contract points of the spec found wanting by the spec audit, each pinned end to end
/// through the built binary (one small workspace per test).
struct SpecAuditTests {
    static let name = "青山湖区湖坊镇安置房建设项目"

    /// A warehoused project P1 (lead Cast.lead1) in a fresh workspace.
    func warehoused(_ ws: TempWorkspace, xmmc: String = SpecAuditTests.name) -> Night {
        let night = Night(ws: ws)
        let p = ProjectFixture(xmdm: Cast.p1, xmmc: xmmc, units: [Cast.lead1, Cast.unit2])
        ws.drop("tzxm", "TZXM_20261120_01.csv", GB18030.encode(Builders.tzxmCSV([p])))
        ws.drop("rkqq", "RKQQ_20261120_01.csv", text: Builders.rkqqCSV([
            RequestFixture(qqbh: "RK1", xmdm: Cast.p1, xmmc: xmmc, sqdwdm: Cast.lead1.uscc, sqdwmc: Cast.lead1.name)]))
        #expect(night.run("2026-11-02").status == 0)
        return night
    }

    /// spec 02 dtjg: "GCDM (may be empty …)" — a column whose value may be empty may also be
    /// left out of the export; only a column a record needs makes the file `CSV_HEADER`.
    @Test func dtjgColumnsWhoseValuesMayBeEmptyMayBeAbsentFromTheHeader() throws {
        let ws = TempWorkspace("apx-audit")
        let night = warehoused(ws)
        // ZBTZS without GCDM and BDMC; SGXK with only the columns it needs.
        let zb = Builders.csv(header: ["ZBRQ", "XMDM", "XMMC", "JSDWDM", "JSDWMC", "ZBTZSBH", "ZBFS", "ZBDWMC", "ZBDWDM", "ZBJE"],
                              rows: [["2026年10月20日", Cast.p1, Self.name, Cast.lead1.uscc, Cast.lead1.name, "ZB-1", "1",
                                      "江西建工集团", Cast.unit2.uscc, "1,234.50"]])
        ws.drop("dtjg", "DTJG_ZBTZS_20261102_01.csv", GB18030.encode(zb))
        let xk = Builders.csv(header: ["XMDM", "XMMC", "JSDWDM", "JSDWMC", "SGXKZBH", "FZJG", "FZRQ"],
                              rows: [[Cast.p1, Self.name, Cast.lead1.uscc, Cast.lead1.name, "360111202611180101", "住建局", "2026/11/18"]])
        ws.drop("dtjg", "DTJG_SGXK_20261102_01.csv", GB18030.encode(xk))
        // A missing column a record needs is still CSV_HEADER.
        let bad = Builders.csv(header: ["XMDM", "XMMC", "JSDWDM", "JSDWMC", "JGYSBABH", "JGYSLX", "BAJG"],
                               rows: [[Cast.p1, Self.name, Cast.lead1.uscc, Cast.lead1.name, "JG-1", "1", "住建局"]])
        ws.drop("dtjg", "DTJG_JGYSBA_20261102_01.csv", GB18030.encode(bad))
        let run = night.run("2026-11-03")
        #expect(run.status == 65)
        #expect(intAt(run.summary, "files", "quarantined") == 1)
        #expect(ws.read("quarantine/dtjg/DTJG_JGYSBA_20261102_01.csv.reason.json")?.contains("\"CSV_HEADER\"") == true)
        #expect(ws.exists("archive/2026-11-03/dtjg/DTJG_ZBTZS_20261102_01.csv"))
        #expect(ws.exists("archive/2026-11-03/dtjg/DTJG_SGXK_20261102_01.csv"))
        let results = night.project(Cast.p1)["results"] as? [[String: Any]] ?? []
        #expect(results.first { $0["sxbm"] as? String == "ZBTZS" }?["state"] as? String == "WAREHOUSED")
        #expect(results.first { $0["sxbm"] as? String == "SGXK" }?["reasons"] as? [String] == ["PREREQ_MISSING"])
    }

    /// spec 03: "stored values keep the source text" — NFKC is for validating and comparing;
    /// a full-width `（一期）` is pushed as delivered, and still matches `(一期)`.
    @Test func pushedNamesKeepTheSourceTextWhileComparisonNormalises() throws {
        let ws = TempWorkspace("apx-audit")
        let night = Night(ws: ws)
        var p = ProjectFixture(xmdm: Cast.p1, xmmc: "抚河公园（一期）", units: [(name: "南昌城投（集团）有限公司", uscc: Cast.lead1.uscc)])
        p.jsdd = "南昌市青山湖区，京东大道以东"
        ws.drop("tzxm", "TZXM_20261120_01.csv", GB18030.encode(Builders.tzxmCSV([p])))
        ws.drop("rkqq", "RKQQ_20261120_01.csv", text: Builders.rkqqCSV([
            RequestFixture(qqbh: "RK1", xmdm: Cast.p1, xmmc: " 抚河公园(一期) ", sqdwdm: Cast.lead1.uscc, sqdwmc: "南昌城投(集团)有限公司")]))
        let run = night.run("2026-11-02")
        #expect(run.status == 0)
        #expect(intAt(run.summary, "projects", "warehoused") == 1)
        let push = night.pushFiles().compactMap { ws.read($0) }.joined()
        #expect(push.contains("<XMMC>抚河公园（一期）</XMMC>"))
        #expect(push.contains("<JSDD>南昌市青山湖区，京东大道以东</JSDD>"))
        #expect(push.contains("<DWMC>南昌城投（集团）有限公司</DWMC>"))
    }
    /// spec 03: a year without its calendar file counts Monday–Friday "and every run says
    /// so in its report" — also a run of that year with nothing timed.
    @Test func everyRunOfAYearWithoutACalendarSaysSoInItsReport() throws {
        let ws = TempWorkspace("apx-audit")
        let run = Night(ws: ws).run("2027-03-01")
        #expect(run.status == 0)
        #expect((run.summary["warnings"] as? [String])?.contains { $0.contains("2027") && $0.contains("Monday–Friday") } == true)
        let html = ws.files(under: "reports").filter { $0.hasSuffix(".html") }.compactMap { ws.read($0) }.joined()
        #expect(html.contains("no working-day calendar for 2027"))
        // 2026 has its calendar: no warning.
        let ws2026 = TempWorkspace("apx-audit")
        #expect((Night(ws: ws2026).run("2026-11-02").summary["warnings"] as? [String]) == [])
    }
    /// spec 03/04: the same (SXBM, number) with different key information is a new version,
    /// "pushed as a correction": in one file the old records again with sjyxbs=0, then bbh+1 —
    /// even when only fields the bureau does not receive changed (here the award amount).
    /// The same key information again (other bytes, other date form) pushes nothing.
    @Test func aNewResultVersionIsPushedAsACorrectionEvenIfThePushedFieldsAreEqual() throws {
        let ws = TempWorkspace("apx-audit")
        let night = warehoused(ws)
        func zbtzs(_ amount: String, _ date: String, name: String) -> [UInt8] {
            GB18030.encode(ResultBuilders.dtjg(kind: "ZBTZS", rows: [[
                "XMDM": Cast.p1, "XMMC": Self.name, "JSDWDM": Cast.lead1.uscc, "JSDWMC": Cast.lead1.name, "ZBTZSBH": "ZB-7",
                "BDMC": "一标段", "ZBFS": "1", "ZBDWMC": name, "ZBDWDM": Cast.unit2.uscc, "ZBJE": amount, "ZBRQ": date]]))
        }
        ws.drop("dtjg", "DTJG_ZBTZS_20261102_01.csv", zbtzs("1,234.50", "2026-10-20", name: "江西建工集团"))
        #expect(intAt(night.run("2026-11-03").summary, "push", "gov", "records") == 2)
        ws.drop("dtjg", "DTJG_ZBTZS_20261103_01.csv", zbtzs("1234.5", "2026/10/20", name: "江西建工集团 "))
        #expect(intAt(night.run("2026-11-04").summary, "push", "gov", "files") == 0)
        ws.drop("dtjg", "DTJG_ZBTZS_20261104_01.csv", zbtzs("1,300.00", "2026-10-20", name: "江西建工集团"))
        let run = night.run("2026-11-05")
        #expect(intAt(run.summary, "push", "gov", "files") == 1)
        let records = try night.verifiedPushRecords()
        let last = try #require(night.pushFiles().last.flatMap { ws.read($0) })
        #expect(last.contains("wjm=\"SZWJ_20261105_"))
        #expect(Array(records.suffix(4)) == [["SPSXBL", "BL:ZBTZS:ZB-7", "1", "0"], ["SPSXBL", "BL:ZBTZS:ZB-7", "2", "1"],
                                             ["PFWJ", "PF:ZBTZS:ZB-7", "1", "0"], ["PFWJ", "PF:ZBTZS:ZB-7", "2", "1"]])
        #expect(last.contains("sjwxyy=\"成果新版本\""))
        // A rerun pushes nothing again.
        #expect(intAt(night.run("2026-11-05").summary, "push", "gov", "files") == 0)
    }
    /// spec 05: `NAME.rejects.csv` has the columns "line or record number, field, code,
    /// message, raw value" — five, in that order: the line for CSV, the record for XML.
    @Test func rejectListsHaveTheFiveColumnsOfTheSpec() throws {
        let ws = TempWorkspace("apx-audit")
        var good = ProjectFixture(xmdm: Cast.p1, xmmc: "项目一", units: [Cast.lead1])
        var bad = ProjectFixture(xmdm: "2019-360102-47-03-01234X", xmmc: "项目二", units: [Cast.lead1])
        ws.drop("tzxm", "TZXM_20261120_01.csv", GB18030.encode(Builders.tzxmCSV([good, bad])))
        good.xmdm = Cast.p2
        bad.ztze = "-5"
        bad.xmdm = Cast.p3
        ws.drop("tzxm", "TZXM_20261120_02.xml", text: Builders.tzxmXML([good, bad]))
        #expect(Night(ws: ws).run("2026-11-21").status == 0)
        let csv = try #require(ws.read("archive/2026-11-21/tzxm/TZXM_20261120_01.csv.rejects.csv"))
        #expect(csv == "line,field,code,message,raw\r\n3,XMDM,XMDM_INVALID,not a valid project code,2019-360102-47-03-01234X\r\n")
        let xml = try #require(ws.read("archive/2026-11-21/tzxm/TZXM_20261120_02.xml.rejects.csv"))
        #expect(xml == "record,field,code,message,raw\r\n2,ZTZE,AMOUNT_INVALID,not a non-negative amount,-5\r\n")
    }
    /// spec 05: only a root that does not exist or has no `inbox/` is refused (66); a fresh
    /// workspace that never ran has no open work: `apx review list --json` prints `[]`.
    @Test func reviewListOnAWorkspaceThatNeverRanIsAnEmptyArray() throws {
        let ws = TempWorkspace("apx-audit")
        let r = APXProcess.run(["review", "list", "--root", ws.root, "--json"])
        #expect(r.status == 0)
        #expect(r.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "[]")
        #expect(APXProcess.run(["review", "list", "--root", ws.root, "--all"]).status == 0)
        #expect(!ws.exists("db/approval.sqlite"))
        #expect(APXProcess.run(["review", "list", "--root", ws.root + "/missing", "--json"]).status == 66)
    }
    /// spec 01/05: a main project's GCDM is its XMDM — in `apx review list --json` as in
    /// `apx project show --json`; a sub-project's item carries the sub-project's GCDM.
    @Test func reviewItemsOfTheMainProjectCarryItsXMDMAsGCDM() throws {
        let ws = TempWorkspace("apx-audit")
        let night = warehoused(ws)
        let sub = Cast.p1 + "-0002"
        ws.drop("dtjg", "DTJG_JGYSBA_20261102_01.csv", GB18030.encode(ResultBuilders.dtjg(kind: "JGYSBA", rows: [
            ["XMDM": Cast.p1, "XMMC": "别的名称", "JSDWDM": Cast.lead1.uscc, "JSDWMC": Cast.lead1.name, "JGYSBABH": "JG-1",
             "JGYSLX": "1", "BAJG": "住建局", "BARQ": "2026-11-01"],
            ["XMDM": Cast.p1, "GCDM": Cast.p1 + "-002", "XMMC": Self.name + "二标段", "JSDWDM": Cast.lead1.uscc,
             "JSDWMC": Cast.lead1.name, "JGYSBABH": "JG-2", "JGYSLX": "1", "BAJG": "住建局", "BARQ": "2026-11-01"]])))
        #expect(night.run("2026-11-03").status == 0)
        let items = night.reviews()
        let name = try #require(items.first { ($0["reasons"] as? [String]) == ["NAME_MISMATCH"] })
        #expect(name["gcdm"] as? String == Cast.p1)
        let split = try #require(items.first { ($0["reasons"] as? [String]) == ["SUBPROJECT_UNKNOWN"] })
        #expect(split["gcdm"] as? String == sub)
        let results = night.project(Cast.p1)["results"] as? [[String: Any]] ?? []
        #expect(results.first { $0["number"] as? String == "JG-1" }?["gcdm"] as? String == name["gcdm"] as? String)
        for item in items {
            #expect(Set(item.keys).isSuperset(of: ["id", "kind", "xmdm", "gcdm", "reasons", "fields", "createdAt", "state"]))
            #expect(item["kind"] as? String == "REVIEW")
        }
    }
}
