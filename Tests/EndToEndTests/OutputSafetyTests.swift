import Foundation
import Testing
import TestSupport

/// Issue 8: a unit name beginning with `=` reached the notices CSV as a live formula; an XML
/// file declaring GBK with bytes invalid in GBK was quarantined XML_MALFORMED, not ENCODING.
@Suite(.serialized) struct OutputSafetyTests {
    @Test func aUnitNameLikeAFormulaReachesTheNoticesCSVWithALeadingApostrophe() throws {
        let ws = TempWorkspace("apx-formula")
        let evil = (name: "=HYPERLINK(\"http://evil.example/\",\"点击\")", uscc: Cast.unit2.uscc)
        ws.drop("tzxm", "TZXM_20261120_01.xml", text: Builders.tzxmXML([ProjectFixture(xmdm: Cast.p1, xmmc: "安置房项目", units: [Cast.lead1, evil])]))
        ws.drop("rkqq", "RKQQ_20261120_01.csv", text: Builders.rkqqCSV([
            RequestFixture(qqbh: "R1", xmdm: Cast.p1, xmmc: "安置房项目", sqdwdm: Cast.lead1.uscc, sqdwmc: Cast.lead1.name),
        ]))
        // An end request by the second unit (not the lead): a JSBH notice to that unit, by name.
        ws.drop("jsqq", "JSQQ_20261120_01.csv", text: Builders.csv(header: ["QQBH", "XMDM", "SQDWDM", "SQSJ"],
                                                                   rows: [["JS1", Cast.p1, evil.uscc, "2026-11-20T09:00:00+08:00"]]))
        let r = Night(ws: ws).run("2026-11-21")
        #expect(r.status == 0)
        let csv = try #require(ws.files(under: "outbox/notices").first { $0.hasSuffix(".csv") })
        let text = String(decoding: (FileManager.default.contents(atPath: ws.path(csv)) ?? Data()).dropFirst(3), as: UTF8.self)
        #expect(text.contains(",\"'=HYPERLINK(\"\"http://evil.example/\"\",\"\"点击\"\")\","), "\(text)")
        #expect(!text.contains(",\"=HYPERLINK"))
        // The push data keeps the name as it is.
        #expect(Night(ws: ws).pushFiles().map { ws.read($0) ?? "" }.joined().contains("<DWMC>=HYPERLINK("))
    }

    @Test func xmlWithBytesInvalidInItsDeclaredGBKIsQuarantinedEncoding() throws {
        let ws = TempWorkspace("apx-gbk")
        var bytes = Array("<?xml version=\"1.0\" encoding=\"GBK\"?>\n<TZXMSJ><XM><XMDM>".utf8)
        bytes += [0x81, 0x20, 0xFF, 0xFE]
        bytes += Array("</XMDM></XM></TZXMSJ>".utf8)
        ws.drop("tzxm", "TZXM_20261120_01.xml", bytes)
        #expect(APXProcess.run(["run", "--root", ws.root, "--as-of", "2026-11-21"]).status == 65)
        let reason = ws.read("quarantine/tzxm/TZXM_20261120_01.xml.reason.json") ?? ""
        #expect(reason.contains("\"code\": \"ENCODING\""), "\(reason)")
    }
}
