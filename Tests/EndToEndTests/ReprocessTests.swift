import APXFixtures
import Foundation
import Testing
import TestSupport

@Suite(.serialized) struct ReprocessTests {
    @Test func reprocessAfterAFixPushesOnlyWhatChangedAndRepeatsNoNotice() throws {
        let ws = TempWorkspace("apx-reprocess")
        let l1 = Cast.lead1
        let p1 = ProjectFixture(xmdm: Cast.p1, xmmc: "安置房项目", units: [l1])
        ws.drop("tzxm", "TZXM_20261120_01.xml", text: Builders.tzxmXML([p1]))
        // A portal that switched to GB18030 without telling anyone: ENCODING under the UTF-8 default.
        ws.drop("rkqq", "RKQQ_20261120_01.csv", GB18030.encode(Builders.rkqqCSV([
            RequestFixture(qqbh: "R1", xmdm: Cast.p1, xmmc: "安置房项目", sqdwdm: l1.uscc, sqdwmc: l1.name),
        ])))
        // An item the shipped catalogue does not know yet: ITEM_UNKNOWN, file archived with its reject.
        ws.drop("manual", "jdxk.pdf", PDFWriter.document(info: [("XMDM", Cast.p1), ("SXBM", "JDXK"), ("WJBH", "节能审字1号"),
                                                               ("FZJG", "发改委"), ("FZRQ", "2026-10-01"), ("JSDWDM", l1.uscc),
                                                               ("Title", "节能审查意见")]))
        // A notice that must never repeat.
        ws.drop("jsqq", "JSQQ_20261120_01.csv", text: Builders.csv(header: ["QQBH", "XMDM", "SQDWDM", "SQSJ"],
                                                                   rows: [["JS1", Cast.p1, Cast.unit2.uscc, "2026-11-20"]]))
        let first = APXProcess.run(["run", "--root", ws.root, "--as-of", "2026-11-21", "--json"])
        #expect(first.status == 65)
        #expect(ws.read("quarantine/rkqq/RKQQ_20261120_01.csv.reason.json")?.contains("ENCODING") == true)
        #expect(ws.read("archive/2026-11-21/manual/jdxk.pdf.rejects.csv")?.contains("ITEM_UNKNOWN") == true)
        #expect(Night(ws: ws).project(Cast.p1)["state"] as? String == "PLATFORM_ONLY")

        // The fix: configuration for the encoding, and the new item in the catalogue.
        let catalogue = ws.path("catalogue.txt")
        try (Catalogue.text + "\nJDXK | 2 | manual | yes |  | 节能审查意见\n").write(toFile: catalogue, atomically: true, encoding: .utf8)
        let conf = ws.path("fixed.conf")
        try "encoding.rkqq = GB18030\ncatalogue.file = \(catalogue)\n".write(toFile: conf, atomically: true, encoding: .utf8)

        let requeued = APXProcess.run(["reprocess", "--quarantined", "--source", "rkqq", "--root", ws.root, "--as-of", "2026-11-22",
                                       "--pipeline", conf, "--json"])
        #expect(requeued.status == 0, "\(requeued.stderr)")
        #expect(!ws.exists("quarantine/rkqq/RKQQ_20261120_01.csv"))
        #expect(!ws.exists("quarantine/rkqq/RKQQ_20261120_01.csv.reason.json"))
        #expect(ws.exists("archive/2026-11-22/rkqq/RKQQ_20261120_01.csv"))
        #expect(Night(ws: ws).project(Cast.p1)["state"] as? String == "WAREHOUSED")

        let reread = APXProcess.run(["reprocess", "--file", "jdxk.pdf", "--root", ws.root, "--as-of", "2026-11-22",
                                     "--pipeline", conf, "--json"])
        #expect(reread.status == 0, "\(reread.stderr)")
        let jdxk = (Night(ws: ws).project(Cast.p1)["results"] as? [[String: Any]])?.first { $0["sxbm"] as? String == "JDXK" }
        #expect(jdxk?["state"] as? String == "WAREHOUSED")
        #expect(ws.read("archive/2026-11-21/manual/jdxk.pdf.rejects.csv") == "record,field,code,message,raw\r\n")

        let pushed = try Night(ws: ws).verifiedPushRecords()
        #expect(pushed.contains(["XMJBXX", "XM:\(Cast.p1)", "1", "1"]))
        #expect(pushed.contains(["PFWJ", "PF:JDXK:节能审字1号", "1", "1"]))
        let notices = ws.files(under: "outbox/notices").filter { $0.hasSuffix(".csv") }
        #expect(notices.count == 1)

        // Everything again, every way: nothing is pushed, no notice repeats, nothing changes.
        let digest = try Night(ws: ws).stateDigest()
        for args in [["--quarantined"], ["--file", "jdxk.pdf"], ["--file", "JSQQ_20261120_01.csv"], ["--project", Cast.p1],
                     ["--run", (first.json as? [String: Any])?["run"] as? String ?? ""]] {
            let r = APXProcess.run(["reprocess"] + args + ["--root", ws.root, "--as-of", "2026-11-23", "--pipeline", conf, "--json"])
            #expect(r.status == 0, "\(args): \(r.stderr)")
            let s = (r.json as? [String: Any]) ?? [:]
            #expect(intAt(s, "push", "gov", "files") == 0, "\(args)")
            #expect(intAt(s, "push", "notices") == 0, "\(args)")
        }
        #expect(try Night(ws: ws).stateDigest() == digest)
        #expect(ws.files(under: "outbox/notices").filter { $0.hasSuffix(".csv") }.count == 1)
    }

    @Test func reprocessNeedsExactlyOneScope() {
        let ws = TempWorkspace()
        #expect(APXProcess.run(["run", "--root", ws.root]).status == 0)
        #expect(APXProcess.run(["reprocess", "--root", ws.root]).status == 64)
        #expect(APXProcess.run(["reprocess", "--file", "x", "--project", "y", "--root", ws.root]).status == 64)
        #expect(APXProcess.run(["reprocess", "--run", "r", "--source", "rkqq", "--root", ws.root]).status == 64)
        #expect(APXProcess.run(["reprocess", "--quarantined", "--source", "nope", "--root", ws.root]).status == 64)
        #expect(APXProcess.run(["reprocess", "--quarantined", "--root", ws.root + "/missing"]).status == 66)
    }
}

enum Catalogue {
    static var text: String {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("pipelines/catalogue.txt").path
        return (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
    }
}
