import APXDomain
import Foundation
import Testing
@testable import APXStore

/// The stored form of a result: the hand-written codec writes exactly what JSONEncoder
/// (sorted keys) writes, and reads that back — and records written by JSONEncoder before.
@Suite struct ResultCodecTests {
    static func samples() -> [ResultRecord] {
        var plain = ResultRecord(sxbm: "ZBTZS", number: "ZB-1", xmdm: "2021-360111-48-01-000001", gcdm: "2021-360111-48-01-000001")
        plain.xmmc = "南昌市瑋城安置房建设项目"
        plain.attributes = ["ZBFS": "1"]
        plain.fields = ["ZBJE": "1234.50", "BDMC": "一标段", "ZBDWDM": ""]
        plain.issued = "2026-11-01"
        var odd = ResultRecord(sxbm: "SGTSC", number: "a/b\"c\\d", xmdm: "X", gcdm: "X-01")
        odd.title = "tab\there\nline\r\u{01}\u{1F}\u{7F} é 𠀀 (😀)"
        odd.promisedDays = 10
        odd.acceptedAt = "2026-10-10T09:30:00+08:00"
        odd.documents = [.init(name: "图纸 1.pdf", size: 123_456_789_012, sha256: String(repeating: "ab", count: 32), path: "archive/x/y.pdf"),
                         .init(name: "", size: 0, sha256: "", path: "")]
        var zero = odd
        zero.promisedDays = 0
        zero.attributes = [:]
        return [plain, odd, zero, ResultRecord(sxbm: "", number: "", xmdm: "", gcdm: "")]
    }

    @Test func writesWhatJSONEncoderWrites() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        for r in Self.samples() {
            #expect(ResultCodec.encode(r) == String(decoding: try encoder.encode(r), as: UTF8.self))
        }
    }

    @Test func readsBackWhatItWrites() {
        for r in Self.samples() {
            #expect(ResultCodec.fastDecode(ResultCodec.encode(r)) == r)
            #expect(ResultCodec.decode(ResultCodec.encode(r)) == r)
        }
    }

    @Test func readsJSONWrittenOtherwise() throws {
        let r = Self.samples()[1]
        // Pretty-printed, \u escapes for ordinary letters: still the same record.
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .withoutEscapingSlashes]
        let pretty = String(decoding: try encoder.encode(r), as: UTF8.self)
        #expect(ResultCodec.decode(pretty) == r)
        let escaped = ResultCodec.encode(r).replacingOccurrences(of: "\"sxbm\":\"SGTSC\"", with: "\"sxbm\":\"\\u0053GTSC\"")
        #expect(ResultCodec.fastDecode(escaped)?.sxbm == "SGTSC")
        // Not a record: the empty record, as before.
        #expect(ResultCodec.decode("{\"x\": 1.5}") == ResultRecord(sxbm: "", number: "", xmdm: "", gcdm: ""))
        #expect(ResultCodec.decode("not json") == ResultRecord(sxbm: "", number: "", xmdm: "", gcdm: ""))
    }

    @Test func theCompactFormLeavesOutTheIdentityAndEmptiesAndReadsBackTheSameRecord() {
        for r in Self.samples() {
            let identity = ResultCodec.Identity(sxbm: r.sxbm, number: r.number, xmdm: r.xmdm, gcdm: r.gcdm)
            let compact = ResultCodec.encodeCompact(r)
            #expect(ResultCodec.decode(compact, identity: identity) == r, "\(compact)")
            let top = (try? JSONSerialization.jsonObject(with: Data(compact.utf8))) as? [String: Any] ?? [:]
            #expect(Set(top.keys).isDisjoint(with: ["sxbm", "number", "xmdm", "gcdm"]), "\(compact)")
            #expect(!top.values.contains { ($0 as? String) == "" || ($0 as? [Any])?.isEmpty == true || ($0 as? [String: Any])?.isEmpty == true },
                    "\(compact)")
            #expect(compact.utf8.count < ResultCodec.encode(r).utf8.count)
            // The full form (records stored before the compact one) still reads the same.
            #expect(ResultCodec.decode(ResultCodec.encode(r), identity: identity) == r)
        }
        #expect(ResultCodec.encodeCompact(ResultRecord(sxbm: "A", number: "1", xmdm: "X", gcdm: "X")) == "{}")
    }
}
