import APXFixtures
import Foundation
import SQLiteDB
import Testing
import TestSupport

/// An SLBH is checked for length and control characters only, so a partner may send one
/// with a quote or a backslash. The result page reads its applications by a JSON array of
/// keys: unescaped, that page's statement failed ("malformed JSON") and so did every night
/// after, the result staying NEW. Now the night ends as with any other SLBH.
@Suite struct PageKeyEscapeTests {
    /// Project p1 with its warehousing request, and the planning permit (GHXK) a drawing
    /// review rests on.
    func dropWarehousedProjectWithItsPlanningPermit(_ ws: TempWorkspace) {
        let project = ProjectFixture(xmdm: Cast.p1, xmmc: "安置房项目", units: [Cast.lead1])
        ws.drop("tzxm", "TZXM_20261120_01.csv", GB18030.encode(Builders.tzxmCSV([project])))
        ws.drop("rkqq", "RKQQ_20261120_01.csv", text: Builders.rkqqCSV([
            RequestFixture(qqbh: "R1", xmdm: Cast.p1, xmmc: "安置房项目", sqdwdm: Cast.lead1.uscc, sqdwmc: Cast.lead1.name),
        ]))
        ws.drop("manual", "ghxk.pdf", PDFWriter.document(info: [("XMDM", Cast.p1), ("SXBM", "GHXK"), ("WJBH", "建字第7号"),
                                                                ("FZJG", "规划局"), ("FZRQ", "2026-09-01"),
                                                                ("JSDWDM", Cast.lead1.uscc), ("Title", "建设工程规划许可证")]))
    }

    @Test func anSLBHWithAQuoteAndABackslashIsMatchedAndTheNightEnds() throws {
        let ws = TempWorkspace("apx-slbh-quote")
        dropWarehousedProjectWithItsPlanningPermit(ws)
        let slbh = #"SC"7\8"#
        let pdf = ResultBuilders.Attachment(name: "SC7_hgs.pdf", bytes: Array("%PDF-1.4 审查合格书".utf8))
        ws.drop("sgt", "SGT_SL_SC7.xml", text: ResultBuilders.sgt(lx: "SL", slbh: slbh, xmdm: Cast.p1, xmmc: "安置房项目",
                                                                  jsdw: Cast.lead1))
        ws.drop("sgt", pdf.name, pdf.bytes, marker: false)
        ws.drop("sgt", "SGT_BJ_SC7.xml", text: ResultBuilders.sgt(lx: "BJ", slbh: slbh, xmdm: Cast.p1, xmmc: "安置房项目",
                                                                  jsdw: Cast.lead1, hgsbh: "审字7号", attachments: [pdf]))
        let r = APXProcess.run(["run", "--root", ws.root, "--as-of", "2026-11-21", "--json"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(!r.stderr.contains("malformed JSON"))
        let db = try Database(path: ws.path("db/approval.sqlite"))
        #expect(try db.scalar("SELECT count(*) FROM application WHERE slbh = ?", slbh).int == 1)
        #expect(try db.scalar("SELECT count(*) FROM result WHERE state IN ('NEW', 'PENDING')").int == 0)
        #expect(try db.scalar("SELECT count(*) FROM result WHERE state = 'WAREHOUSED'").int == 2)   // GHXK, SGTSC
        // The next night has nothing left to do.
        #expect(APXProcess.run(["run", "--root", ws.root, "--as-of", "2026-11-22"]).status == 0)
    }

    /// Every printable ASCII character inside an SLBH, one drawing review each, in one night:
    /// each is matched and warehoused; none stops the night.
    @Test func everyPrintableASCIICharacterInAnSLBHGoesThroughOneNight() throws {
        let ws = TempWorkspace("apx-slbh-ascii")
        dropWarehousedProjectWithItsPlanningPermit(ws)
        var slbhs: [String] = []
        for (n, byte) in (0x21...0x7E).enumerated() {
            let slbh = "SC" + String(UnicodeScalar(UInt8(byte))) + "\(n)"
            slbhs.append(slbh)
            let inXML = slbh.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            let pdf = ResultBuilders.Attachment(name: "SC\(n)_hgs.pdf", bytes: Array("%PDF-1.4 审查合格书 \(n)".utf8))
            ws.drop("sgt", pdf.name, pdf.bytes, marker: false)
            ws.drop("sgt", "SGT_BJ_SC\(n).xml", text: ResultBuilders.sgt(lx: "BJ", slbh: inXML, xmdm: Cast.p1, xmmc: "安置房项目",
                                                                          jsdw: Cast.lead1, hgsbh: "审字\(n)号", attachments: [pdf]))
        }
        let r = APXProcess.run(["run", "--root", ws.root, "--as-of", "2026-11-21", "--json"])
        #expect(r.status == 0, "\(r.stderr)")
        let db = try Database(path: ws.path("db/approval.sqlite"))
        let stored = try db.rows("SELECT slbh FROM application").map { try $0.column("slbh").text }
        // Normalised as codes are (a space is not printable ASCII here; case and width as Normalize.code makes them).
        #expect(stored.count == slbhs.count)
        #expect(try db.scalar("SELECT count(*) FROM result WHERE state = 'WAREHOUSED'").int == slbhs.count + 1)
        #expect(try db.scalar("SELECT count(*) FROM result WHERE state <> 'WAREHOUSED'").int == 0)
    }
}
