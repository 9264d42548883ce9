import Foundation
import Testing
import TestSupport

/// The codec's own bytes (0x01 escape, 0x02 marker, 0x03 repeat) in a partner's field, and
/// values equal to the XMDM where the repeat byte would apply: the push file stays
/// well-formed XML with its `.sha256` and `.ok`, carries the values as normalised on input
/// (control characters dropped) and the repeated values written out in full.
@Suite struct PushPayloadBytesAttackTests {
    @Test func codecBytesInAFieldAndValuesEqualToTheXMDMArePushedAsReceived() throws {
        let ws = TempWorkspace("apx-pbytes")
        let night = Night(ws: ws)
        let x1 = "2025-360111-48-01-000001", x2 = "2025-360111-48-01-000002"
        var p1 = ProjectFixture(xmdm: x1, xmmc: "控制字符项目", units: [Cast.lead1])
        p1.jsdd = "南昌\u{01}\u{03}\u{02}市"
        p1.jsgmjnr = x1                        // a value equal to the XMDM (not pushed after GCDM)
        var p2 = ProjectFixture(xmdm: x2, xmmc: x2, units: [Cast.lead1])   // XMMC equal to XMDM and GCDM
        p2.jsdd = "\u{03}"
        ws.drop("tzxm", "TZXM_20261101_01.csv", GB18030.encode(Builders.tzxmCSV([p1, p2])))
        ws.drop("rkqq", "RKQQ_20261101_01.csv", text: Builders.rkqqCSV([
            RequestFixture(qqbh: "Q1", xmdm: x1, xmmc: "控制字符项目", sqdwdm: Cast.lead1.uscc, sqdwmc: Cast.lead1.name),
            RequestFixture(qqbh: "Q2", xmdm: x2, xmmc: x2, sqdwdm: Cast.lead1.uscc, sqdwmc: Cast.lead1.name),
        ]))
        let r = night.run("2026-11-02")
        #expect([0, 65].contains(r.status))
        // Every push file parses, matches its .sha256, has its .ok (verifiedPushRecords).
        let records = try night.verifiedPushRecords()
        let text = night.pushFiles().compactMap { ws.read($0) }.joined()
        #expect(!text.utf8.contains { $0 < 0x20 && $0 != 0x0A && $0 != 0x0D && $0 != 0x09 }, "no raw control byte in a push file")
        if records.contains(where: { $0[1] == "XM:\(x2)" }) {
            #expect(text.contains("<XMDM>\(x2)</XMDM><GCDM>\(x2)</GCDM>"))
            #expect(text.contains("<XMMC>\(x2)</XMMC>"))
        } else {
            Issue.record("project 2 not pushed: \(records)")
        }
        if records.contains(where: { $0[1] == "XM:\(x1)" }) {
            #expect(text.contains("<XMDM>\(x1)</XMDM><GCDM>\(x1)</GCDM>"))
            #expect(text.contains("<JSDD>南昌市</JSDD>"))
        } else {
            Issue.record("project 1 not pushed: \(records)")
        }
    }
}
