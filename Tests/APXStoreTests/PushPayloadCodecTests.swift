import APXDomain
import Testing
@testable import APXStore

/// A push payload is stored with its known element tags as two-byte codes and read back
/// byte for byte; anything else (other tags, a control byte, a payload stored before) as is.
@Suite struct PushPayloadCodecTests {
    static func payloads() -> [String] {
        let p = ProjectRecord(xmdm: "2021-360111-48-01-000001", xmmc: "南昌市瑋城安置房建设项目 <一期> & \"二期\"", lxlx: "3",
                              tzptlx: "99", gbhy: "4710", xzqhdm: "360111", jsdd: "京东大道", ztze: "35000.00", jsgmjnr: "",
                              nkgsj: "2026-03-01", njcsj: "", lxsj: "", units: [.init(name: "南昌瑋城建设投资有限公司", code: "91360100MA35AB01X0"),
                                                                              .init(name: "", code: "")])
        return [
            Payloads.project(p, gcdm: p.xmdm, splclx: 3),
            Payloads.handling(xmdm: p.xmdm, gcdm: p.xmdm + "-0001", sxbm: "SGXK", stage: 3, blzt: 11, acceptedAt: "2026-11-01T09:00:00+08:00",
                              finishedAt: "2026-11-05T00:00:00+08:00", promisedDays: 5, workingDaysUsed: 4, overdue: false, handler: "张三"),
            Payloads.document(xmdm: p.xmdm, gcdm: p.xmdm, sxbm: "ZBTZS", number: "ZB-0", title: "中标通知书", date: "2026-11-01",
                              validUntil: "", files: [(name: "a.pdf", sha256: String(repeating: "ab", count: 32))]),
        ]
    }

    @Test func knownTagsBecomeCodesAndTheBytesComeBack() {
        for payload in Self.payloads() {
            let stored = PushPayloadCodec.encode(payload)
            #expect(stored.utf8.first == PushPayloadCodec.marker)
            #expect(stored.utf8.count < payload.utf8.count * 3 / 4, "\(payload)")
            #expect(!stored.contains("<XMDM>") && !stored.contains("</GCDM>"))
            #expect(PushPayloadCodec.decode(stored) == payload)
        }
    }

    @Test func otherTextIsStoredAndReadAsItIs() {
        // Unknown tags, a tag that only looks like one, a '<' at the end: unchanged after the marker.
        for text in ["<A>1</A>", "<XMDM x=\"1\">v</XMDM>", "<XMDMX>", "<", "a<b", "", "<FJ></FJ><"] {
            #expect(PushPayloadCodec.decode(PushPayloadCodec.encode(text)) == text, "\(text)")
        }
        // Control bytes (never in XML text, but never trusted either), the marker and the
        // escape byte themselves: one stored form each, read back byte for byte.
        for text in ["<XMDM>\u{01}\u{20}</XMDM>", "\u{02}<XMDM>1</XMDM>", "\u{01}", "\u{01}\u{01}\u{02}", "a\u{01}<GCDM>\u{08}"] {
            let stored = PushPayloadCodec.encode(text)
            #expect(stored.utf8.first == PushPayloadCodec.marker)
            #expect(PushPayloadCodec.decode(stored) == text, "\(Array(text.utf8))")
        }
        // A payload stored before the codes (no marker) reads as it is.
        #expect(PushPayloadCodec.decode("<XMDM>1</XMDM>") == "<XMDM>1</XMDM>")
    }

    @Test func everyCodeIsOneKnownTagAndTheMigrationNamesEach() {
        #expect(Set(PushPayloadCodec.elements).count == PushPayloadCodec.elements.count)
        #expect(0x21 + 2 * (PushPayloadCodec.elements.count - 1) < 0x80, "codes stay ASCII")
        for name in PushPayloadCodec.elements {
            #expect(PushPayloadCodec.migration.contains("'<\(name)>'") && PushPayloadCodec.migration.contains("'</\(name)>'"))
        }
    }
}
