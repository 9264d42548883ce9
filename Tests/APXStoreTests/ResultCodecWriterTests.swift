import APXDomain
import Foundation
import Testing
@testable import APXStore

/// `ResultCodecWriter` writes into memory sized once for the record: generated records — every
/// escape, long and empty values, non-ASCII map keys, many documents — come out as
/// JSONEncoder (sorted keys) writes them, and the compact form's bytes are `encodeCompact`'s.
@Suite struct ResultCodecWriterTests {
    static func generated(_ seed: Int) -> ResultRecord {
        let pieces = ["", "a", "\"", "\\", "/", "\u{08}", "\u{0C}", "\n", "\r", "\t", "\u{01}", "\u{1F}", "\u{7F}", "é", "中标", "𠀀", "😀",
                      String(repeating: "许", count: 3_000), String(repeating: "\u{01}", count: 500)]
        func text(_ k: Int) -> String { (0..<(k % 5)).map { pieces[(seed &* 31 &+ k &* 7 &+ $0 &* 13) % pieces.count] }.joined() }
        var r = ResultRecord(sxbm: text(1), number: text(2), xmdm: text(3), gcdm: text(4))
        r.xmmc = text(5); r.jsdwdm = text(6); r.jsdwmc = text(7); r.title = text(8); r.issuer = text(9); r.issued = text(10)
        r.validUntil = text(11); r.application = text(12); r.acceptedAt = text(13); r.finishedAt = text(14)
        r.promisedDays = seed % 3 == 0 ? nil : seed - 7
        for k in 0..<(seed % 6) { r.fields[k % 2 == 0 ? "F\(k)" : "字段\(text(k))\(k)"] = text(20 + k) }
        for k in 0..<(seed % 3) { r.attributes["A\(k)"] = text(30 + k) }
        r.documents = (0..<(seed % 4)).map { .init(name: text(40 + $0), size: Int64(seed) * 1_000_003 - 5, sha256: text(50 + $0), path: text(60 + $0)) }
        return r
    }

    @Test func generatedRecordsComeOutAsJSONEncoderWritesThem() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        for seed in 0..<200 {
            let r = Self.generated(seed)
            let expected = String(decoding: try encoder.encode(r), as: UTF8.self)
            #expect(ResultCodec.encode(r) == expected, "seed \(seed)")
            #expect(ResultCodec.encodedBytes(r, compact: false) == Array(expected.utf8), "seed \(seed)")
        }
    }

    @Test func theCompactBytesAreTheCompactTextAndReadBack() {
        for seed in 0..<200 {
            let r = Self.generated(seed)
            let compact = ResultCodec.encodedBytes(r, compact: true)
            #expect(compact == Array(ResultCodec.encodeCompact(r).utf8))
            #expect(ResultCodec.compactText(r).bytes == compact)
            let identity = ResultCodec.Identity(sxbm: r.sxbm, number: r.number, xmdm: r.xmdm, gcdm: r.gcdm)
            #expect(ResultCodec.decode(String(decoding: compact, as: UTF8.self), identity: identity) == r, "seed \(seed)")
        }
    }
}
