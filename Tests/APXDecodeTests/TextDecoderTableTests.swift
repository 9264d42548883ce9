import APXCore
import Foundation
import Testing
import TestSupport
@testable import APXDecode

/// Reading GB18030 through the two-byte table gives the bytes, carries and errors of converting every
/// byte, for GB18030 (and UTF-8) input cut into chunks anywhere.
@Suite struct TextDecoderTableTests {
    enum Outcome: Equatable {
        case bytes([UInt8])
        case error(ReasonCode, String, chunk: Int)
    }

    static func decode(_ chunks: [[UInt8]], encoding: String, whole: Bool) -> Outcome {
        do {
            let decoder = try TextDecoder(encoding: encoding)
            var out: [UInt8] = []
            for (k, chunk) in chunks.enumerated() {
                do {
                    out += try chunk.withUnsafeBytes { raw in
                        whole ? try decoder.decodeWhole(raw, isLast: k == chunks.count - 1)
                              : try decoder.decode(raw, isLast: k == chunks.count - 1)
                    }
                } catch let e as DecodeError {
                    return .error(e.code, e.message, chunk: k)
                }
            }
            return .bytes(out)
        } catch {
            return .error(.encoding, "\(error)", chunk: -1)
        }
    }

    @Test func tableDecodesAsIconvForGeneratedInputCutAnywhere() {
        var seed: UInt64 = 23
        func next(_ n: Int) -> Int {
            seed = seed &* 6364136223846793005 &+ 1442695040888963407
            return Int(seed >> 33) % n
        }
        let texts = ["南昌瑋城建设|91360100MA35AB01X0", "A,B\r\n", "誠信公司", "€", "😀", "ǅ", "\u{3000}", "x", "（一期）｜；", "𠀀", "\u{E000}", "ⅰ"]
        var differing: [String] = [], errors = 0, fine = 0
        for round in 0..<4_000 {
            let encoding = round % 2 == 0 ? "GB18030" : "UTF-8"
            var bytes: [UInt8] = []
            for _ in 0..<(1 + next(12)) {
                let text = texts[next(texts.count)]
                bytes += encoding == "GB18030" ? GB18030.encode(text) : Array(text.utf8)
            }
            // Noise now and then: a stray byte anywhere (invalid leads, cut sequences, ASCII).
            if next(3) == 0 {
                let stray: [UInt8] = [0x80, 0x81, 0xFF, 0x30, 0x7C, 0xC3, 0xE4, 0xB8, 0x0A, 0xFE, 0x39]
                bytes.insert(stray[next(stray.count)], at: next(bytes.count + 1))
            }
            if next(5) == 0, !bytes.isEmpty { bytes.removeLast(1 + next(min(3, bytes.count))) }
            // Cut into 1–4 chunks at arbitrary points.
            var cuts = Set<Int>()
            for _ in 0..<next(4) { cuts.insert(next(bytes.count + 1)) }
            var chunks: [[UInt8]] = []
            var start = 0
            for cut in cuts.sorted() + [bytes.count] { chunks.append(Array(bytes[start..<cut])); start = cut }
            chunks.append([])
            let old = Self.decode(chunks, encoding: encoding, whole: true)
            let new = Self.decode(chunks, encoding: encoding, whole: false)
            if old != new { differing.append("\(encoding) \(chunks)") }
            if case .error = old { errors += 1 } else { fine += 1 }
        }
        #expect(differing.isEmpty, "\(differing.prefix(3))")
        #expect(errors > 300 && fine > 2_000)
    }

    @Test func everyTwoByteCodeReadsAsIconvReadsIt() throws {
        var differing: [[UInt8]] = [], tabled = 0
        for lead in UInt8(0x81)...0xFE {
            for trail in UInt8(0x40)...0xFE {
                let chunks = [[lead, trail, 0x0A], []]
                if GB18030Table.entry(lead: lead, trail: trail) != 0 { tabled += 1 }
                if Self.decode(chunks, encoding: "GB18030", whole: true) != Self.decode(chunks, encoding: "GB18030", whole: false) {
                    differing.append([lead, trail])
                }
            }
        }
        #expect(differing.isEmpty, "\(differing.prefix(5))")
        #expect(tabled > 20_000)
    }
}
