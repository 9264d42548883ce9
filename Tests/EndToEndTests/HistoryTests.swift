import APXFixtures
import Foundation
import SQLiteDB
import Testing
import TestSupport
import XMLStream

/// `apx project history` and `apx file show`: one project through several nights — a
/// request with a mismatch decided by a person, a result and its correction, a receipt
/// rejecting a pushed record, an end request — told event by event, checked against the
/// outbox files and the database.
@Suite(.serialized) struct HistoryTests {
    let ws = TempWorkspace("apx-history")
    var night: Night { Night(ws: ws) }
    static let p = Cast.p1, lead = Cast.lead1

    func history() -> [[String: Any]] {
        let r = APXProcess.run(["project", "history", Self.p, "--root", ws.root, "--json"])
        #expect(r.status == 0, "\(r.stderr)")
        return ((r.json as? [String: Any])?["events"] as? [[String: Any]]) ?? []
    }

    func ghxk(_ issuer: String) -> [UInt8] {
        PDFWriter.document(info: [("XMDM", Self.p), ("SXBM", "GHXK"), ("WJBH", "建字第7号"), ("FZJG", issuer),
                                  ("FZRQ", "2026-11-02"), ("JSDWDM", Self.lead.uscc), ("Title", "建设工程规划许可证")])
    }

    /// The push records about the project in every published gov file, in batch order:
    /// `file dfsjzj bbh sjyxbs`.
    func pushedInOutbox() throws -> [String] {
        var out: [String] = []
        for file in night.pushFiles() {
            let name = (file as NSString).lastPathComponent
            let reader = try XMLStreamReader(path: ws.path(file))
            try reader.forEachRecord(root: { _, _ in }) { _, node in
                let key = node.attributes["dfsjzj"] ?? ""
                if key.contains(Self.p) || key.hasPrefix("PF:GHXK:") || key.hasPrefix("BL:GHXK:") {
                    out.append("\(name) \(key) \(node.attributes["bbh"] ?? "") \(node.attributes["sjyxbs"] ?? "")")
                }
            }
        }
        return out
    }

    @Test func oneProjectThroughSeveralNights() throws {
        // N1: the extract, and a request whose name differs: a person decides.
        ws.drop("tzxm", "TZXM_20261101_01.csv", GB18030.encode(Builders.tzxmCSV([
            ProjectFixture(xmdm: Self.p, xmmc: "湖坊镇安置房", units: [Self.lead])])))
        ws.drop("rkqq", "RKQQ_20261102_01.csv", text: Builders.rkqqCSV([
            RequestFixture(qqbh: "RQ1", xmdm: Self.p, xmmc: "湖坊镇安置房项目", sqdwdm: Self.lead.uscc, sqdwmc: Self.lead.name)]))
        #expect(night.run("2026-11-02").status == 0)
        let mismatch = try #require(night.review(for: Self.p, reason: "KEY_MISMATCH"))
        #expect(APXProcess.run(["review", "accept", "\(mismatch["id"]!)", "--root", ws.root, "--by", "李四", "--note", "名称以赋码为准"]).status == 0)

        // N2: a planning permit.
        ws.drop("manual", "规划许可证.pdf", ghxk("南昌市自然资源局"))
        #expect(night.run("2026-11-03").status == 0)
        let firstFile = try #require(night.pushFiles().first.map { ($0 as NSString).lastPathComponent })

        // N3: the permit corrected (a new version), and the bureau rejects the project record.
        ws.drop("manual", "规划许可证_更正.pdf", ghxk("南昌市自然资源和规划局"))
        ws.drop("gov-receipt", "HZ_\(firstFile)", text: """
            <?xml version="1.0" encoding="UTF-8"?>
            <HZ wjm="\(firstFile)" clsj="2026-11-04T08:00:00+08:00">
              <JL dfsjzj="XM:\(Self.p)" bbh="1" sjsczt="2" sbyy="项目名称与赋码信息不一致"/>
            </HZ>
            """)
        #expect(night.run("2026-11-04").status == 0)
        let rejected = try #require(night.review(for: Self.p, reason: "GOV_REJECTED"))
        #expect(APXProcess.run(["review", "accept", "\(rejected["id"]!)", "--root", ws.root, "--by", "王五",
                                "--set", "XMMC=湖坊镇安置房建设项目"]).status == 0)

        // N4: the corrected record goes out again; an end request the project cannot meet yet.
        ws.drop("jsqq", "JSQQ_20261105_01.csv", text: Builders.csv(header: ["QQBH", "XMDM", "SQDWDM", "SQSJ"], rows: [
            ["JS1", Self.p, Self.lead.uscc, "2026-11-05T09:00:00+08:00"]]))
        #expect(night.run("2026-11-05").status == 0)

        let events = history()
        let db = try Database(path: ws.path("db/approval.sqlite"))

        // Inputs: every file that carried one of its records, in order, with its outcome.
        let inputs = events.filter { $0["type"] as? String == "input" }.map { "\($0["source"]!) \($0["name"]!) \($0["outcome"]!)" }
        #expect(inputs == ["tzxm TZXM_20261101_01.csv PROCESSED", "rkqq RKQQ_20261102_01.csv PROCESSED",
                           "manual 规划许可证.pdf PROCESSED", "manual 规划许可证_更正.pdf PROCESSED",
                           "gov-receipt HZ_\(firstFile) PROCESSED", "jsqq JSQQ_20261105_01.csv PROCESSED"])
        let runsOfInputs = events.filter { $0["type"] as? String == "input" }.map { $0["run"] as? String ?? "" }
        let runsInDB = try db.rows("""
            SELECT f.run_id FROM input_file f WHERE f.name IN ('TZXM_20261101_01.csv','RKQQ_20261102_01.csv','规划许可证.pdf',
              '规划许可证_更正.pdf','HZ_\(firstFile)','JSQQ_20261105_01.csv') ORDER BY f.id
            """).map { $0.text("run_id") }
        #expect(runsOfInputs == runsInDB)

        // Project state changes, as the database's audit trail has them.
        let states = events.filter { $0["type"] as? String == "project" && $0["action"] as? String == "state" }
            .map { "\($0["from"] as? String ?? "")→\($0["to"] as? String ?? "")" }
        let auditStates = try db.rows("SELECT from_state, to_state FROM audit WHERE entity = 'project' AND entity_id = ? AND action = 'state' ORDER BY id",
                                      Self.p).map { "\($0.string("from_state") ?? "")→\($0.string("to_state") ?? "")" }
        #expect(states == auditStates)
        #expect(states == ["PLATFORM_ONLY→REVIEW", "REVIEW→WAREHOUSED"])

        // Review items: opened with reasons, decided by whom, with note and changes.
        let reviews = events.filter { $0["type"] as? String == "review" }
            .map { "\($0["action"]!) \(($0["reasons"] as? [String] ?? []).joined(separator: ",")) \($0["decidedBy"] as? String ?? "")" }
        #expect(reviews == ["opened KEY_MISMATCH ", "decided KEY_MISMATCH 李四", "opened GOV_REJECTED ", "decided GOV_REJECTED 王五"])
        let decided = events.first { $0["type"] as? String == "review" && $0["action"] as? String == "decided" }
        #expect(decided?["note"] as? String == "名称以赋码为准")
        let govDecision = events.last { $0["type"] as? String == "review" && $0["action"] as? String == "decided" }
        #expect((govDecision?["changes"] as? String ?? "").contains("XMMC"))
        let openedGov = events.first { $0["type"] as? String == "review" && ($0["reasons"] as? [String]) == ["GOV_REJECTED"] }
        #expect(((openedGov?["fields"] as? [[String: Any]])?.first?["theirs"] as? String) == "项目名称与赋码信息不一致")

        // Results: v1 warehoused, superseded by v2.
        let results = events.filter { $0["type"] as? String == "result" }.map { "\($0["action"]!) \($0["from"] as? String ?? "")→\($0["to"] as? String ?? "")" }
        #expect(results == ["received →v1", "state NEW→WAREHOUSED", "received →v2", "state WAREHOUSED→SUPERSEDED", "state NEW→WAREHOUSED"])

        // Pushes: exactly the project's records of the published files, in order, with bbh and sjyxbs.
        let pushes = events.filter { $0["type"] as? String == "push" }
            .map { "\($0["file"]!) \($0["dfsjzj"]!) \($0["bbh"]!) \($0["sjyxbs"]!)" }
        #expect(pushes == (try pushedInOutbox()))
        #expect(pushes.contains("\(firstFile) XM:\(Self.p) 1 1"))
        #expect(pushes.contains { $0.hasSuffix("XM:\(Self.p) 1 0") } && pushes.contains { $0.hasSuffix("XM:\(Self.p) 2 1") })
        let invalidated = events.first { $0["type"] as? String == "push" && $0["sjyxbs"] as? Int == 0 }
        let sjwxyy = invalidated?["sjwxyy"] as? String ?? ""
        #expect(sjwxyy.isEmpty == false)

        // The receipt: which file, record, version, sjsczt and sbyy.
        let receipts = events.filter { $0["type"] as? String == "receipt" }
            .map { "\($0["file"]!) \($0["dfsjzj"]!) \($0["bbh"]!) \($0["sjsczt"]!) \($0["sbyy"]!)" }
        #expect(receipts == ["\(firstFile) XM:\(Self.p) 1 2 项目名称与赋码信息不一致"])

        // The end request and its notice, as published in outbox/notices.
        let ends = events.filter { $0["type"] as? String == "end_request" }.map { "\($0["action"]!) \($0["to"] as? String ?? "")" }
        #expect(ends.count == 2 && ends.first == "received NEW")
        let notices = events.filter { $0["type"] as? String == "notice" }.map { "\($0["file"] as? String ?? "") \($0["tzbh"]!) \($0["lx"]!)" }
        var published: [String] = []
        for file in ws.files(under: "outbox/notices") where file.hasSuffix(".csv") {
            let text = String(decoding: (FileManager.default.contents(atPath: ws.path(file)) ?? Data()).dropFirst(3), as: UTF8.self)
            for line in text.components(separatedBy: "\r\n").dropFirst() where line.contains(Self.p) {
                let f = line.split(separator: ",", omittingEmptySubsequences: false)
                published.append("\((file as NSString).lastPathComponent) \(f[0]) \(f[1])")
            }
        }
        #expect(notices == published)
        #expect(notices.contains { $0.hasSuffix(" JSBH") })

        // Time order: every event's `at` is not before the previous one's.
        let times = events.map { $0["at"] as? String ?? "" }
        #expect(times == times.sorted())
        // Nights in order: the request's events come before the permit's, the receipt's after.
        let order = events.map { "\($0["type"]!) \($0["action"]!) \($0["name"] as? String ?? "")" }
        func at(_ e: String) -> Int { order.firstIndex(of: e) ?? -1 }
        #expect(at("input claimed RKQQ_20261102_01.csv") < at("request received "))
        #expect(at("request received ") < at("review opened "))
        #expect(at("review decided ") < at("input claimed 规划许可证.pdf"))
        #expect(at("input claimed 规划许可证.pdf") < at("result received "))
        #expect(at("push published ") < at("input claimed 规划许可证_更正.pdf"))
        #expect(at("input claimed HZ_\(firstFile)") < at("receipt receipt "))
        #expect(at("input claimed JSQQ_20261105_01.csv") < at("end_request received "))
        #expect(order.last == "push published ", "the corrected project record goes out last")

        // `apx file show`: where the receipt is now, its run, and what became of its record.
        let shown = APXProcess.run(["file", "show", "HZ_\(firstFile)", "--root", ws.root, "--json"])
        #expect(shown.status == 0)
        let claim = (((shown.json as? [String: Any])?["claims"] as? [[String: Any]])?.first) ?? [:]
        #expect(claim["location"] as? String == "archive/2026-11-04/gov-receipt/HZ_\(firstFile)")
        #expect(ws.exists("archive/2026-11-04/gov-receipt/HZ_\(firstFile)"))
        #expect(claim["run"] as? String == runsInDB[4])
        let outcome = (claim["outcomes"] as? [[String: Any]])?.first
        #expect(outcome?["state"] as? String == "REJECTED")
        #expect(outcome?["xmdm"] as? String == Self.p)
        // Unknown names and projects: 66.
        #expect(APXProcess.run(["file", "show", "NOPE.csv", "--root", ws.root]).status == 66)
        #expect(APXProcess.run(["project", "history", "2020-360111-48-01-999999", "--root", ws.root]).status == 66)
        #expect(APXProcess.run(["project", "history", Self.p, "--root", ws.root]).stdout.contains("receipt"))
    }

    @Test func aQuarantinedFileShowsWhereItWaitsAndWhy() throws {
        ws.drop("tzxm", "TZXM_20261101_01.xml", text: "<TZXMSJ><XM>")
        #expect(night.run("2026-11-02").status == 65)
        let r = APXProcess.run(["file", "show", "TZXM_20261101_01.xml", "--root", ws.root, "--json"])
        let claim = (((r.json as? [String: Any])?["claims"] as? [[String: Any]])?.first) ?? [:]
        #expect(claim["outcome"] as? String == "QUARANTINED")
        #expect(claim["code"] as? String == "XML_MALFORMED")
        #expect(claim["location"] as? String == "quarantine/tzxm/TZXM_20261101_01.xml")
        #expect((r.json as? [String: Any])?["location"] as? String == "quarantine/tzxm/TZXM_20261101_01.xml", "the latest claim at the top")
        let text = APXProcess.run(["file", "show", "TZXM_20261101_01.xml", "--root", ws.root])
        #expect(text.stdout.contains("now at quarantine/tzxm/TZXM_20261101_01.xml"))
    }
}

extension HistoryTests {
    @Test func anAttachmentIsShownWithTheXMLItTravelledWith() throws {
        #expect(APXProcess.run(["run", "--seed", CheckTests.samples, "--as-of", "2026-11-21", "--root", ws.root]).status == 65)
        let r = APXProcess.run(["file", "show", "SC3601002026000123_hgs.pdf", "--root", ws.root, "--json"])
        #expect(r.status == 0)
        let claim = (((r.json as? [String: Any])?["claims"] as? [[String: Any]])?.first) ?? [:]
        #expect(claim["attachmentOf"] as? String == "SGT_BJ_SC3601002026000123.xml")
        #expect(claim["attachmentLocation"] as? String == "archive/2026-11-21/sgt/SC3601002026000123_hgs.pdf")
        #expect(ws.exists("archive/2026-11-21/sgt/SC3601002026000123_hgs.pdf"))
        let outcomes = (claim["outcomes"] as? [[String: Any]]) ?? []
        #expect(outcomes.map { $0["kind"] as? String } == ["acceptance", "result"])
        #expect(outcomes.last?["state"] as? String == "WAREHOUSED")
    }
}

extension HistoryTests {
    @Test func aFileReadAgainStaysWhereItFirstCame() throws {
        ws.drop("tzxm", "TZXM_20261101_01.csv", GB18030.encode(Builders.tzxmCSV([
            ProjectFixture(xmdm: Self.p, xmmc: "湖坊镇安置房", units: [Self.lead])])))
        ws.drop("rkqq", "RKQQ_20261102_01.csv", text: Builders.rkqqCSV([
            RequestFixture(qqbh: "RQ1", xmdm: Self.p, xmmc: "湖坊镇安置房", sqdwdm: Self.lead.uscc, sqdwmc: Self.lead.name)]))
        #expect(night.run("2026-11-02").status == 0)
        let before = history().filter { $0["type"] as? String == "input" }.map { "\($0["name"]!) \($0["run"]!)" }
        #expect(APXProcess.run(["reprocess", "--file", "RKQQ_20261102_01.csv", "--root", ws.root, "--as-of", "2026-11-03"]).status == 0)
        let events = history()
        let inputs = events.filter { $0["type"] as? String == "input" }.map { "\($0["name"]!) \($0["run"]!)" }
        #expect(inputs == before, "one claim, one event, at its first reading")
        let records = events.first { $0["name"] as? String == "RKQQ_20261102_01.csv" }?["records"] as? [[String: Any]]
        #expect(records?.first?["arrival"] as? String == "inserted")
        let order = events.map { "\($0["type"]!) \($0["action"]!)" }
        #expect(order.firstIndex(of: "input claimed")! < order.firstIndex(of: "request received")!)
    }
}
