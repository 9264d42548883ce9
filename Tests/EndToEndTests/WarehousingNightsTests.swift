import Foundation
import Testing
import TestSupport

/// Several nights of the built binary over one workspace: every warehousing rule, every
/// file- and record-level reason tzxm/rkqq can produce, review decisions between nights,
/// versions, idempotent reruns.
@Suite(.serialized) struct WarehousingNightsTests {
    let ws = TempWorkspace("apx-e2e")
    var night: Night { Night(ws: ws) }

    func dropNightOne() {
        // tzxm CSV (GB18030): P1 (瑋 in the lead unit, quoted line break) + one bad record per record code.
        var rows = [Builders.tzxmRow(Cast.project1())]
        func bad(_ edit: (inout ProjectFixture) -> Void) {
            var p = ProjectFixture(xmdm: "2020-360111-48-01-000900", xmmc: "坏记录", units: [Cast.lead2])
            edit(&p)
            rows.append(Builders.tzxmRow(p))
        }
        bad { $0.xmdm = "2020-360111-48-01-BAD900" }                                       // XMDM_INVALID
        bad { $0.units = [(Cast.lead2.name, Fixture.badUSCC(Cast.lead2.uscc))] }           // USCC_INVALID
        bad { $0.xzqhdm = "990101" }                                                        // REGION_INVALID
        bad { $0.lxsj = "2026-02-30" }                                                      // DATE_INVALID
        bad { $0.ztze = "-12.00" }                                                          // AMOUNT_INVALID
        bad { $0.xmmc = "  " }                                                              // FIELD_MISSING
        bad { $0.jsgmjnr = String(repeating: "长", count: 2001) }                           // FIELD_TOO_LONG
        bad { $0.lxlx = "9" }                                                               // CODE_INVALID
        let csv = Builders.csv(header: Builders.tzxmHeader, rows: rows)
        ws.drop("tzxm", "TZXM_20261120_01.csv", GB18030.encode(csv))
        // The same bytes under another name: DUPLICATE, archived.
        ws.drop("tzxm", "TZXM_20261120_08.csv", GB18030.encode(csv))

        // tzxm XML: P2, P3, P4 (units listed out of order; xh decides).
        let p2 = ProjectFixture(xmdm: Cast.p2, xmmc: "赣江大桥", units: [Cast.lead2])
        let p3 = ProjectFixture(xmdm: Cast.p3, xmmc: "抚河公园（一期）", units: [Cast.lead2, Cast.unit2])
        var p4 = ProjectFixture(xmdm: Cast.p4, xmmc: "湖滨路改造工程", units: [Cast.lead1])
        p4.ztze = "1200.50"
        ws.drop("tzxm", "TZXM_20261120_02.xml", text: Builders.tzxmXML([p2, p3, p4]))

        // Bad tzxm files.
        ws.drop("tzxm", "TZXM_20261120_03.xml", text: "<?xml version=\"1.0\"?><!DOCTYPE TZXMSJ><TZXMSJ/>")
        ws.drop("tzxm", "TZXM_20261120_04.xml", text: "<?xml version=\"1.0\"?><TZXMSJ><XM></TZXMSJ>")
        ws.drop("tzxm", "TZXM_20261120_05.xml", text: "<?xml version=\"1.0\"?><XMLB><XM/></XMLB>")
        ws.drop("tzxm", "TZXM_20261120_06.csv", Array(Builders.tzxmHeader.joined(separator: ",").utf8) + [0x0D, 0x0A, 0x81, 0x20, 0x2C, 0x0D, 0x0A])
        ws.drop("tzxm", "TZXM_20261120_07.csv", text: "not ready yet", marker: false)

        // rkqq (UTF-8).
        var q1 = RequestFixture(qqbh: "RK202611200001", xmdm: "２０１９－360102-47-03-012345", xmmc: "青山湖区湖坊镇 安置房建设项目",
                                sqdwdm: Cast.lead1.uscc.lowercased(), sqdwmc: Cast.lead1.name)
        q1.ztze = "35000"
        let q2 = RequestFixture(qqbh: "RK202611200002", xmdm: Cast.p2, xmmc: "赣江大桥", sqdwdm: Cast.outsider.uscc, sqdwmc: Cast.outsider.name)
        let q3 = RequestFixture(qqbh: "RK202611200003", xmdm: Cast.p3, xmmc: "抚河公园【一期】", sqdwdm: Cast.unit2.uscc, sqdwmc: Cast.unit2.name)
        var q4 = RequestFixture(qqbh: "RK202611200004", xmdm: Cast.p4, xmmc: "湖滨路改造", sqdwdm: Cast.lead1.uscc, sqdwmc: Cast.lead1.name)
        q4.ztze = "1,200.00"
        let q5 = RequestFixture(qqbh: "RK202611200005", xmdm: Cast.p5, xmmc: "未入平台项目", sqdwdm: Cast.lead1.uscc, sqdwmc: Cast.lead1.name)
        let q6 = RequestFixture(qqbh: "RK202611200006", xmdm: Cast.p6, xmmc: "永不入平台", sqdwdm: Cast.lead1.uscc, sqdwmc: Cast.lead1.name)
        var q7 = RequestFixture(qqbh: "RK202611200007", xmdm: Cast.p6, xmmc: "x", sqdwdm: Cast.lead1.uscc, sqdwmc: "x")
        q7.splclx = "11"
        ws.drop("rkqq", "RKQQ_20261120_01.csv", text: Builders.rkqqCSV([q1, q2, q3, q4, q5, q6, q7]))

        // Bad rkqq files.
        ws.drop("rkqq", "RKQQ_20261120_02.csv", text: "QQBH,XMDM\r\nX,Y\r\n")
        ws.drop("rkqq", "RKQQ_20261120_03.csv", text: Builders.rkqqHeader.joined(separator: ",") + "\r\n\"RK1,unclosed\r\n")
        let junk = (1...12).map { RequestFixture(qqbh: "J\($0)", xmdm: "junk", xmmc: "x", sqdwdm: "bad", sqdwmc: "x") }
        ws.drop("rkqq", "RKQQ_20261120_04.csv", text: Builders.rkqqCSV(junk))
        ws.drop("rkqq", "requests.csv", text: "whatever")
        ws.drop("rkqq", "RKQQ_20261119_09.csv.ok", text: "")
    }

    func reason(_ relative: String) -> String? {
        guard let text = ws.read(relative),
              let json = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] else { return nil }
        for key in ["code", "message", "run", "at"] { #expect(json[key] != nil, "\(key) in \(relative)") }
        return json["code"] as? String
    }

    @Test func nightsOfWarehousing() throws {
        // ---------- Night 1 ----------
        dropNightOne()
        let n1 = night.run("2026-11-21")
        #expect(n1.status == 65)
        #expect(!ws.exists("quarantine/tzxm/TZXM_20261120_01.csv"), "\(ws.read("quarantine/tzxm/TZXM_20261120_01.csv.reason.json") ?? "")")
        #expect(intAt(n1.summary, "files", "claimed") == 12)
        #expect(intAt(n1.summary, "files", "processed") == 3)
        #expect(intAt(n1.summary, "files", "duplicate") == 1)
        #expect(intAt(n1.summary, "files", "quarantined") == 8)
        #expect(intAt(n1.summary, "files", "notReady") == 1)
        #expect(intAt(n1.summary, "projects", "warehoused") == 1)
        #expect(intAt(n1.summary, "projects", "review") == 2)
        #expect(intAt(n1.summary, "projects", "migration") == 1)
        #expect(intAt(n1.summary, "projects", "pending") == 2)
        #expect(intAt(n1.summary, "push", "gov", "records") == 1)
        for key in ["run", "asOf", "exitCode", "files", "records", "projects", "results", "push"] {
            #expect(n1.summary[key] != nil, "summary key \(key)")
        }

        // File-level reasons, each in quarantine with its reason file.
        let expected = ["tzxm/TZXM_20261120_03.xml": "XML_DTD", "tzxm/TZXM_20261120_04.xml": "XML_MALFORMED",
                        "tzxm/TZXM_20261120_05.xml": "XML_ROOT", "tzxm/TZXM_20261120_06.csv": "ENCODING",
                        "rkqq/RKQQ_20261120_02.csv": "CSV_HEADER", "rkqq/RKQQ_20261120_03.csv": "CSV_MALFORMED",
                        "rkqq/RKQQ_20261120_04.csv": "TOO_MANY_REJECTS", "rkqq/requests.csv": "NAME_UNKNOWN",
                        "rkqq/RKQQ_20261120_01.csv": nil] as [String: String?]
        for (file, code) in expected {
            guard let code else { continue }
            #expect(ws.exists("quarantine/\(file)"), "\(file) quarantined")
            #expect(!ws.exists("inbox/\(file)"), "\(file) left the inbox")
            #expect(reason("quarantine/\(file).reason.json") == code, "\(file) → \(code)")
        }
        // A file with a single bad record is archived, the record listed beside it.
        #expect(ws.exists("archive/2026-11-21/rkqq/RKQQ_20261120_01.csv"))
        #expect(ws.read("archive/2026-11-21/rkqq/RKQQ_20261120_01.csv.rejects.csv")?.contains("SPLCLX,CODE_INVALID") == true)
        // The duplicate is archived, not quarantined.
        #expect(ws.exists("archive/2026-11-21/tzxm/TZXM_20261120_08.csv"))
        // Not ready: untouched in the inbox.
        #expect(ws.read("inbox/tzxm/TZXM_20261120_07.csv") == "not ready yet")
        // Orphan marker reported.
        #expect((n1.summary["orphanMarkers"] as? [String])?.contains("rkqq/RKQQ_20261119_09.csv.ok") == true)

        // Record-level reasons beside the archived extract.
        let rejects = try #require(ws.read("archive/2026-11-21/tzxm/TZXM_20261120_01.csv.rejects.csv"))
        #expect(rejects.hasPrefix("line,field,code,message,raw\r\n"))
        for code in ["XMDM_INVALID", "USCC_INVALID", "REGION_INVALID", "DATE_INVALID", "AMOUNT_INVALID",
                     "FIELD_MISSING", "FIELD_TOO_LONG", "CODE_INVALID"] {
            #expect(rejects.contains(",\(code),"), "reject \(code)")
        }

        // Rules 1–5.
        let p1 = night.project(Cast.p1)
        #expect(p1["state"] as? String == "WAREHOUSED")
        #expect(p1["splclx"] as? Int == 3)
        let units = (p1["units"] as? [[String: Any]]) ?? []
        #expect(units.first?["uscc"] as? String == Cast.lead1.uscc)
        #expect(units.first?["name"] as? String == Cast.lead1.name)   // 瑋 survived GB18030 splitting
        #expect(units.first?["lead"] as? Bool == true)
        #expect(units.count == 2)
        #expect(night.project(Cast.p2)["state"] as? String == "MIGRATION")
        #expect(night.project(Cast.p3)["state"] as? String == "REVIEW")
        #expect(night.project(Cast.p4)["state"] as? String == "REVIEW")
        #expect(night.project(Cast.p5)["state"] as? String == "PENDING")

        let migration = try #require(night.review(for: Cast.p2, reason: "UNIT_NOT_ON_PROJECT"))
        #expect(migration["kind"] as? String == "MIGRATION")
        let notLead = try #require(night.review(for: Cast.p3, reason: "NOT_LEAD_UNIT"))
        #expect(notLead["kind"] as? String == "REVIEW")
        let mismatch = try #require(night.review(for: Cast.p4, reason: "KEY_MISMATCH"))
        let fields = (mismatch["fields"] as? [[String: Any]]) ?? []
        #expect(fields.map { $0["field"] as? String } == ["XMMC", "ZTZE"])
        #expect(fields.last?["ours"] as? String == "1200.50")
        #expect(fields.last?["theirs"] as? String == "1200.00")
        #expect(fields.first?["theirs"] as? String == "湖滨路改造")
        #expect(night.reviews().count == 3)

        let pushed1 = try night.verifiedPushRecords()
        #expect(pushed1 == [["XMJBXX", "XM:\(Cast.p1)", "1", "1"]])
        #expect(night.pushFiles() == ["outbox/gov/SZWJ_20261121_000001.xml"])
        let file1 = try #require(ws.read("outbox/gov/SZWJ_20261121_000001.xml"))
        #expect(file1.contains("<DW xh=\"1\" dwlx=\"01\"><DWMC>\(Cast.lead1.name)</DWMC>"))
        #expect(file1.contains("<ZTZE>35000.00</ZTZE>"))

        // A rerun the same night changes nothing and pushes nothing.
        let before = try night.stateDigest()
        let again = night.run("2026-11-21")
        #expect(again.status == 0)
        #expect(intAt(again.summary, "files", "claimed") == 0)
        #expect(intAt(again.summary, "push", "gov", "files") == 0)
        #expect(try night.stateDigest() == before)

        // ---------- Decisions between nights ----------
        let accept = APXProcess.run(["review", "accept", String(mismatch["id"] as! Int), "--root", ws.root,
                                     "--by", "张三", "--note", "经核实为同一项目"])
        #expect(accept.status == 0, "\(accept.stderr)")
        let reject = APXProcess.run(["review", "reject", String(notLead["id"] as! Int), "--root", ws.root,
                                     "--by", "李四", "--note", "非牵头建设单位申请"])
        #expect(reject.status == 0, "\(reject.stderr)")
        let acceptMigration = APXProcess.run(["review", "accept", String(migration["id"] as! Int), "--root", ws.root,
                                              "--by", "王五", "--note", "人工迁移", "--set", "SPLCLX=1"])
        #expect(acceptMigration.status == 0, "\(acceptMigration.stderr)")
        // A decided item is final.
        #expect(APXProcess.run(["review", "reject", String(notLead["id"] as! Int), "--root", ws.root, "--by", "x", "--note", "y"]).status != 0)
        #expect(night.project(Cast.p4)["state"] as? String == "WAREHOUSED")
        #expect(night.project(Cast.p3)["state"] as? String == "PLATFORM_ONLY")
        #expect(night.project(Cast.p2)["splclx"] as? Int == 1)
        let decided = night.reviews(all: true).first { ($0["id"] as? Int) == (notLead["id"] as? Int) }
        #expect(decided?["state"] as? String == "REJECTED")
        #expect(decided?["decidedBy"] as? String == "李四")
        #expect(decided?["note"] as? String == "非牵头建设单位申请")
        #expect(decided?["decidedAt"] as? String != nil)

        // ---------- Night 2 ----------
        // P5 arrives on the platform; P1's key information changes (and its category flips to 01).
        var p1changed = Cast.project1()
        p1changed.xmmc = "青山湖区湖坊镇安置房建设项目（调整）"
        p1changed.ztze = "36000"
        p1changed.tzptlx = "01"
        let p5 = ProjectFixture(xmdm: Cast.p5, xmmc: "未入平台项目", units: [Cast.lead1])
        ws.drop("tzxm", "TZXM_20261121_01.xml", text: Builders.tzxmXML([p1changed, p5]))
        let q9 = RequestFixture(qqbh: "RK202611210009", xmdm: Cast.p1, xmmc: "青山湖区湖坊镇安置房建设项目",
                                sqdwdm: Cast.lead1.uscc, sqdwmc: Cast.lead1.name)
        ws.drop("rkqq", "RKQQ_20261121_01.csv", text: Builders.rkqqCSV([q9]))
        let n2 = night.run("2026-11-22")
        #expect(n2.status == 0)
        #expect(intAt(n2.summary, "projects", "warehoused") == 1)
        #expect(night.project(Cast.p5)["state"] as? String == "WAREHOUSED")
        let p1after = night.project(Cast.p1)
        #expect(p1after["state"] as? String == "WAREHOUSED")
        #expect(p1after["splclx"] as? Int == 3)  // irreversible: an extract never changes it
        let changed = try #require(night.review(for: Cast.p1, reason: "PLATFORM_CHANGED"))
        #expect(((changed["fields"] as? [[String: Any]]) ?? []).compactMap { $0["field"] as? String } == ["XMMC", "ZTZE"])
        let answered = night.reviews(all: true).first { (($0["reasons"] as? [String]) ?? []).contains("ALREADY_WAREHOUSED") }
        #expect(answered?["state"] as? String == "CLOSED")
        let pushed2 = try night.verifiedPushRecords()
        #expect(pushed2.count == 4)
        #expect(Set(pushed2.dropFirst().map { $0[1] }) == ["XM:\(Cast.p2)", "XM:\(Cast.p4)", "XM:\(Cast.p5)"])
        #expect(night.pushFiles().last == "outbox/gov/SZWJ_20261122_000002.xml")
        // P4 went in with the platform's values.
        #expect(ws.read("outbox/gov/SZWJ_20261122_000002.xml")?.contains("<ZTZE>1200.50</ZTZE>") == true)

        // The same inputs delivered again: DUPLICATE, nothing pushed, nothing changed.
        let digest2 = try night.stateDigest()
        ws.drop("tzxm", "TZXM_20261121_01.xml", text: Builders.tzxmXML([p1changed, p5]))
        ws.drop("rkqq", "RKQQ_20261121_01.csv", text: Builders.rkqqCSV([q9]))
        let n2again = night.run("2026-11-22")
        #expect(n2again.status == 0)
        #expect(intAt(n2again.summary, "files", "duplicate") == 2)
        #expect(intAt(n2again.summary, "push", "gov", "files") == 0)
        #expect(try night.stateDigest() == digest2)
        #expect(ws.exists("archive/2026-11-22/tzxm/TZXM_20261121_01~2.xml"))

        // ---------- Night 3: the platform change accepted → invalidation + version 2 ----------
        #expect(APXProcess.run(["review", "accept", String(changed["id"] as! Int), "--root", ws.root, "--by", "张三"]).status == 0)
        let n3 = night.run("2026-11-23")
        #expect(n3.status == 0)
        #expect(intAt(n3.summary, "push", "gov", "records") == 2)
        let pushed3 = try night.verifiedPushRecords()
        #expect(Array(pushed3.suffix(2)) == [["XMJBXX", "XM:\(Cast.p1)", "1", "0"], ["XMJBXX", "XM:\(Cast.p1)", "2", "1"]])
        let file3 = try #require(ws.read("outbox/gov/SZWJ_20261123_000003.xml"))
        #expect(file3.contains("sjwxyy="))
        #expect(file3.contains("<ZTZE>36000.00</ZTZE>"))

        // ---------- Night 4: 31 days after P6's request, still unknown → manual migration ----------
        let n4 = night.run("2026-12-22")
        #expect(n4.status == 0)
        #expect(intAt(n4.summary, "projects", "migration") == 1)
        #expect(night.project(Cast.p6)["state"] as? String == "MIGRATION")
        let lost = try #require(night.review(for: Cast.p6, reason: "PROJECT_NOT_FOUND"))
        #expect(lost["kind"] as? String == "MIGRATION")
        #expect((lost["reasons"] as? [String])?.contains("MIGRATION") == true)

        // Logs: one JSON-lines file per run, codes, keys and counts only — no names or addresses.
        let logs = ws.files(under: "logs").filter { $0.hasSuffix(".jsonl") }
        #expect(logs.count >= 6)
        for log in logs {
            let text = ws.read(log) ?? ""
            for line in text.split(separator: "\n") {
                #expect((try? JSONSerialization.jsonObject(with: Data(line.utf8))) != nil, "\(log): \(line)")
            }
            for secret in [Cast.lead1.name, Cast.unit2.name, "青山湖区", "湖滨路", "南昌市青山湖区", "RKQQ_", "TZXM_"] {
                #expect(!text.contains(secret), "\(log) mentions \(secret)")
            }
        }

        // Batch numbers gapless across nights; nothing temporary visible in the outbox.
        #expect(night.pushFiles().map { String(($0 as NSString).lastPathComponent.suffix(10).prefix(6)) } == ["000001", "000002", "000003"])
        #expect(ws.files(under: "outbox").allSatisfy { !($0 as NSString).lastPathComponent.hasPrefix(".") })
    }
}
