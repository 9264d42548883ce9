import APXDomain
import Testing
@testable import APXStore

/// The stream reader of stored results answers as the tree reader does: the same record,
/// or nil and the tree reader decides — for stored forms and for text altered every way
/// the tree reader distinguishes (duplicates, unknown keys, wrong types, escapes, spaces).
@Suite struct ResultStreamDecodeTests {
    static func texts() -> [String] {
        var records = ResultCodecTests.samples()
        var full = records[0]
        full.issuer = "机关"; full.jsdwdm = "91360100MA35AB01X0"; full.jsdwmc = "单位"; full.validUntil = "2027-01-01"
        full.application = "SL-1"; full.finishedAt = "2026-11-05T00:00:00+08:00"; full.promisedDays = -3
        records.append(full)
        var texts: [String] = []
        for r in records { texts += [ResultCodec.encode(r), ResultCodec.encodeCompact(r)] }
        let base = ResultCodec.encodeCompact(full)
        let body = String(base.dropFirst().dropLast())
        texts += [
            "{}", " { } ", "{", "", "[]", "{\"xmmc\":\"a\"} x", "{\"xmmc\":\"a\",}", "{\"xmmc\" \"a\"}",
            "{" + body + ",\"xmmc\":\"later\"}", "{\"xmmc\":\"first\"," + body + "}",
            "{" + body + ",\"unknown\":\"x\"}", "{" + body + ",\"xmmc\":1}", "{" + body + ",\"promisedDays\":null}",
            "{" + body + ",\"promisedDays\":\"5\"}", "{" + body + ",\"promisedDays\":true}", "{" + body + ",\"promisedDays\":1.5}",
            "{" + body + ",\"promisedDays\":nul}", "{" + body + ",\"attributes\":{\"A\":\"1\",\"A\":\"2\"}}",
            "{" + body + ",\"attributes\":{\"A\":1}}", "{" + body + ",\"fields\":[]}", "{" + body + ",\"fields\":{}}",
            "{" + body + ",\"fields\":{\"caf\u{E9}\":\"1\",\"cafe\u{301}\":\"2\"}}", "{" + body + ",\"\\u0078mmc\":\"esc\"}",
            "{" + body + ",\"xmmc\":\"a\\nb\\u4e2d\\ud83d\\ude00\"}", "{" + body + ",\"sxbm\":\"S\"}",
            "{ \"xmmc\" : \"a\" , \"title\" :\t\"b\"\n}", "{" + body + ",\"documents\":[]}", "{" + body + ",\"gcdm\\u0301\":\"x\"}",
            "{\"xmmc\":\"\u{212A}\"}", "{\"\u{212A}\":\"x\"}",
        ]
        return texts
    }

    @Test func answersAsTheTreeReaderDoes() {
        let identities: [ResultCodec.Identity?] = [nil, ResultCodec.Identity(sxbm: "ZBTZS", number: "ZB-1", xmdm: "X", gcdm: "X-01")]
        for text in Self.texts() {
            for identity in identities {
                let tree = ResultCodec.treeDecode(text, identity: identity)
                #expect(ResultCodec.fastDecode(text, identity: identity) == tree, "\(text)")
                if let stream = ResultCodec.streamDecode(text, identity: identity) { #expect(stream == tree, "\(text)") }
            }
        }
    }

    @Test func readsTheStoredFormsItself() {
        for r in ResultCodecTests.samples() where r.documents.isEmpty {
            let identity = ResultCodec.Identity(sxbm: r.sxbm, number: r.number, xmdm: r.xmdm, gcdm: r.gcdm)
            #expect(ResultCodec.streamDecode(ResultCodec.encodeCompact(r), identity: identity) == r)
        }
    }
}
