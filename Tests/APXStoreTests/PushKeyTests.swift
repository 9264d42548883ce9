import APXDomain
import Testing

/// `dfsjzj` is formatted and parsed by `PushKey` alone.
@Suite struct PushKeyTests {
    @Test func formatsEachKindOfKey() {
        #expect(PushKey.project(gcdm: "2021-360111-48-01-000001").dfsjzj == "XM:2021-360111-48-01-000001")
        #expect(PushKey.handling(sxbm: "JSYDGH", key: "SL-1").dfsjzj == "BL:JSYDGH:SL-1")
        #expect(PushKey.document(sxbm: "SGXK", number: "赣建 2026 第 1 号").dfsjzj == "PF:SGXK:赣建 2026 第 1 号")
        #expect("\(PushKey.handling(sxbm: "A", key: "b"))" == "BL:A:b")
    }

    @Test func kindFollowsFromTheKey() {
        #expect(PushKey.project(gcdm: "X").kind == .project)
        #expect(PushKey.handling(sxbm: "A", key: "b").kind == .handling)
        #expect(PushKey.document(sxbm: "A", number: "b").kind == .document)
        #expect(PushKind.project.rawValue == "XMJBXX" && PushKind.handling.rawValue == "SPSXBL" && PushKind.document.rawValue == "PFWJ")
        #expect("\(PushKind.document)" == "PFWJ" && "\(PushTarget.gov)" == "gov")
    }

    @Test func parseRoundTripsEveryKeyItFormats() {
        let keys: [PushKey] = [
            .project(gcdm: "2021-360111-48-01-000001"), .project(gcdm: "2021-360111-48-01-000001-01"),
            .handling(sxbm: "JSYDGH", key: "SL-1"), .handling(sxbm: "SGXK", key: "a:b:c"),
            .document(sxbm: "SGXK", number: "赣建:1"), .document(sxbm: "ZBTZS", number: "ZB 1"),
        ]
        for key in keys { #expect(PushKey(dfsjzj: key.dfsjzj) == key) }
    }

    @Test func rejectsMalformedKeys() {
        for text in ["", "XM", "XM:", "XM:a:b", "BL:", "BL:A", "BL:A:", "BL::x", "PF:A", "PF::1", "ZZ:a:b", "xm:1", ":1",
                     "DA:1", "XMJBXX"] {
            #expect(PushKey(dfsjzj: text) == nil, "\(text)")
        }
    }

    @Test func itemOfAResultKey() {
        #expect(PushKey.handling(sxbm: "A", key: "k").item! == ("A", "k"))
        #expect(PushKey.document(sxbm: "A", number: "n").item! == ("A", "n"))
        #expect(PushKey.project(gcdm: "X").item == nil)
    }
}
