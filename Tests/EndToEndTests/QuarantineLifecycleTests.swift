import Foundation
import Testing
import TestSupport

/// The quarantine backlog over several nights: repeated bad bytes are recognised, a
/// corrected file settles the entry (kept on disk), `apx quarantine list` shows it all.
@Suite(.serialized) struct QuarantineLifecycleTests {
    static let request = RequestFixture(qqbh: "R1", xmdm: Cast.p1, xmmc: "安置房项目", sqdwdm: Cast.lead1.uscc, sqdwmc: Cast.lead1.name)
    /// GB18030 bytes in a UTF-8 drop folder: quarantined ENCODING.
    static var badBytes: [UInt8] { GB18030.encode(Builders.rkqqCSV([request])) }
    static let name = "RKQQ_20261120_01.csv"

    func list(_ ws: TempWorkspace, all: Bool = false) -> [[String: Any]] {
        let r = APXProcess.run(["quarantine", "list", "--root", ws.root, "--json"] + (all ? ["--all"] : []))
        #expect(r.status == 0, "\(r.stderr)")
        return (r.json as? [[String: Any]]) ?? []
    }

    @Test func theSameBadBytesAgainAreRecognisedNotQuarantinedAsTilde2() throws {
        let ws = TempWorkspace("apx-qrepeat")
        ws.drop("rkqq", Self.name, Self.badBytes)
        let first = Night(ws: ws).run("2026-11-21")
        #expect(first.status == 65)
        let entries = list(ws)
        #expect(entries.count == 1)
        let entry = try #require(entries.first)
        #expect(entry["source"] as? String == "rkqq")
        #expect(entry["name"] as? String == Self.name)
        #expect(entry["code"] as? String == "ENCODING")
        #expect(entry["run"] as? String == first.summary["run"] as? String)
        #expect((entry["since"] as? String)?.hasPrefix("20") == true)
        #expect(entry["state"] as? String == "OPEN")

        ws.drop("rkqq", Self.name, Self.badBytes)
        let second = Night(ws: ws).run("2026-11-22")
        #expect(second.status == 0, "a repeat of quarantined bytes is not a new quarantine")
        let files = second.summary["files"] as? [String: Any]
        #expect(files?["quarantined"] as? Int == 0)
        #expect(files?["duplicate"] as? Int == 0, "duplicate is for bytes already processed")
        #expect(files?["alreadyQuarantined"] as? Int == 1)
        #expect((second.summary["quarantine"] as? [String: Any])?["backlog"] as? Int == 1)
        #expect(ws.files(under: "quarantine").filter { $0.contains("~2") }.isEmpty)
        #expect(ws.exists("archive/2026-11-22/rkqq/" + Self.name), "the repeat is kept, as a duplicate")
        #expect(!ws.exists("inbox/rkqq/" + Self.name))
        let after = list(ws)
        #expect(after.count == 1)
        #expect(after.first?["repeats"] as? Int == 1)
        // The report counts it too.
        let report = APXProcess.run(["report", "--root", ws.root, "--json"])
        let json = report.json as? [String: Any]
        #expect((json?["files"] as? [String: Any])?["alreadyQuarantined"] as? Int == 1)
    }

    @Test func aCorrectedFileOfTheSameNameSettlesTheEntryWhichStaysOnDisk() throws {
        let ws = TempWorkspace("apx-qsettle")
        ws.drop("tzxm", "TZXM_20261120_01.xml", text: Builders.tzxmXML([ProjectFixture(xmdm: Cast.p1, xmmc: "安置房项目", units: [Cast.lead1])]))
        ws.drop("rkqq", Self.name, Self.badBytes)
        #expect(Night(ws: ws).run("2026-11-21").status == 65)
        #expect(list(ws).count == 1)

        // The partner sends the corrected file under the same name.
        ws.drop("rkqq", Self.name, text: Builders.rkqqCSV([Self.request]))
        let second = Night(ws: ws).run("2026-11-22")
        #expect(second.status == 0)
        #expect((second.summary["quarantine"] as? [String: Any])?["settled"] as? Int == 1)
        #expect((second.summary["quarantine"] as? [String: Any])?["backlog"] as? Int == 0)
        #expect(list(ws).isEmpty, "out of the backlog")
        let all = list(ws, all: true)
        #expect(all.count == 1)
        let settled = try #require(all.first)
        #expect(settled["state"] as? String == "SETTLED")
        #expect(settled["settled"] as? Bool == true)
        #expect(settled["settledRun"] as? String == second.summary["run"] as? String)
        #expect(settled["settledBy"] as? String == "archive/2026-11-22/rkqq/" + Self.name)
        #expect(ws.exists("quarantine/rkqq/" + Self.name), "never deleted")
        #expect(ws.exists("quarantine/rkqq/" + Self.name + ".reason.json"))
        #expect(Night(ws: ws).project(Cast.p1)["state"] as? String == "WAREHOUSED")

        // A settled entry is not put back by reprocess, and its bytes again are a new quarantine.
        let reprocess = APXProcess.run(["reprocess", "--quarantined", "--root", ws.root, "--as-of", "2026-11-23", "--json"])
        #expect(reprocess.status == 0, "\(reprocess.stderr)")
        #expect(ws.exists("quarantine/rkqq/" + Self.name))
        ws.drop("rkqq", Self.name, Self.badBytes)
        #expect(Night(ws: ws).run("2026-11-24").status == 65)
        #expect(list(ws).count == 1)
        #expect(list(ws, all: true).count == 2)
    }

    @Test func aQuarantinedFileReprocessedSuccessfullyIsSettled() throws {
        let ws = TempWorkspace("apx-qreprocess")
        ws.drop("rkqq", Self.name, Self.badBytes)
        #expect(Night(ws: ws).run("2026-11-21").status == 65)
        let conf = ws.path("gb.conf")
        try "encoding.rkqq = GB18030\n".write(toFile: conf, atomically: true, encoding: .utf8)
        let r = APXProcess.run(["reprocess", "--quarantined", "--root", ws.root, "--as-of", "2026-11-22", "--pipeline", conf, "--json"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(list(ws).isEmpty)
        let all = list(ws, all: true)
        #expect(all.first?["state"] as? String == "SETTLED")
        #expect(all.first?["settledBy"] as? String == "archive/2026-11-22/rkqq/" + Self.name)
    }

    @Test func theSameXMLAgainWithItsMissingAttachmentIsReadNotTakenForARepeat() throws {
        let ws = TempWorkspace("apx-qattach")
        let pdf = ResultBuilders.Attachment(name: "SC9_hgs.pdf", bytes: Array("%PDF-1.4 certificate".utf8))
        let xml = ResultBuilders.sgt(lx: "BJ", slbh: "SC9", xmdm: Cast.p1, xmmc: "安置房项目", jsdw: Cast.lead1,
                                     hgsbh: "赣施审字(2026)第0009号", attachments: [pdf])
        ws.drop("sgt", "SGT_BJ_SC9.xml", text: xml)
        #expect(Night(ws: ws).run("2026-11-21").status == 65)
        #expect(list(ws).first?["code"] as? String == "ATTACHMENT_MISSING")

        // The review system delivers the PDF, then the same XML bytes again.
        ws.drop("sgt", pdf.name, pdf.bytes, marker: false)
        ws.drop("sgt", "SGT_BJ_SC9.xml", text: xml)
        let second = Night(ws: ws).run("2026-11-22")
        #expect(second.status == 0)
        #expect((second.summary["files"] as? [String: Any])?["alreadyQuarantined"] as? Int == 0)
        #expect((second.summary["files"] as? [String: Any])?["processed"] as? Int == 1)
        #expect(list(ws).isEmpty, "the processed XML settles its quarantined copy")
        #expect(ws.exists("archive/2026-11-22/sgt/SC9_hgs.pdf"))
    }

    @Test func quarantineListOnAFreshWorkspaceIsEmptyAndTextSaysNone() {
        let ws = TempWorkspace("apx-qempty")
        #expect(list(ws).isEmpty)
        let text = APXProcess.run(["quarantine", "list", "--root", ws.root])
        #expect(text.status == 0)
        #expect(text.stdout.contains("none"))
    }
}
