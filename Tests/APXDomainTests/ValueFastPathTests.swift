import APXCore
import Foundation
import Testing
@testable import APXDomain

/// The byte-level readings (`ValueBytes`, `Identifiers` over bytes, `Normalize.isPlainText`)
/// give what the general forms give, on generated values: valid ones, near misses and noise.
@Suite struct ValueFastPathTests {
    struct Generator {
        var seed: UInt64
        mutating func next(_ n: Int) -> Int {
            seed = seed &* 6364136223846793005 &+ 1442695040888963407
            return Int(seed >> 33) % n
        }
        mutating func pick<T>(_ xs: [T]) -> T { xs[next(xs.count)] }
        mutating func digits(_ n: Int) -> String { String((0..<n).map { _ in Character(String(next(10))) }) }
        mutating func two(upTo n: Int) -> String { let v = next(n); return v < 10 ? "0\(v)" : "\(v)" }
        /// Replaces, inserts or deletes one character from `alphabet`.
        mutating func mutate(_ s: String, _ alphabet: [Character]) -> String {
            var c = Array(s)
            switch next(4) {
            case 0 where !c.isEmpty: c[next(c.count)] = pick(alphabet)
            case 1: c.insert(pick(alphabet), at: next(c.count + 1))
            case 2 where !c.isEmpty: c.remove(at: next(c.count))
            default: break
            }
            return String(c)
        }
    }

    static let noise: [Character] = Array("0123456789-:+.,TZtz /年月日 　０９Ａ\u{3000}\t\n") + ["\r\n", "\u{200B}", "é", "e\u{301}"]

    func timestamps(_ g: inout Generator) -> [String] {
        var out: [String] = []
        for _ in 0..<40_000 {
            let year = g.pick(["2026", "2024", "1900", "2000", "0000", "9999", g.digits(4)])
            let date = "\(year)-\(g.two(upTo: 14))-\(g.two(upTo: 33))"
            var s = date
            if g.next(6) != 0 {
                s += g.pick(["T", " ", "t", "_", "T"]) + "\(g.two(upTo: 26)):\(g.two(upTo: 62))"
                if g.next(2) == 0 { s += ":\(g.two(upTo: 62))" }
                s += g.pick(["", "", "Z", "z", "+08:00", "-05:30", "+8:00", "+ab:cd", "+08:000", "+0800", " ", "+14:00"])
            }
            if g.next(5) == 0 { s = g.mutate(s, Self.noise) }
            if g.next(20) == 0 { s = g.pick([" ", "\u{3000}", "\t"]) + s }
            out.append(s)
        }
        return out + ["", "2026-11-05", "2026-02-29", "2024-02-29T23:59:59+08:00", "2026-11-05T24:00", "2026-11-05T10:60",
                      "2026-11-05T10:00:60", "2026-11-05T10:00:00Z", "2026-11-05 10:00", "２０２６-11-05", "2026/11/5",
                      "2026年11月5日", "20261105", "2026-11-05T10:00:00.5"]
    }

    @Test func timestampsReadAsTheGeneralFormReadsThem() {
        var g = Generator(seed: 7)
        var wrong: [String] = [], fast = 0
        for s in timestamps(&g) {
            if ValueBytes.timestamp(s) != nil { fast += 1 }
            if Values.timestamp(s) != Values.generalTimestamp(s) { wrong.append(s) }
        }
        #expect(wrong.isEmpty, "\(wrong.prefix(10))")
        #expect(fast > 5_000)
    }

    @Test func datesReadAsDayOfTheirDigits() {
        var g = Generator(seed: 11)
        var wrong: [String] = []
        for _ in 0..<20_000 {
            var s = "\(g.digits(4))-\(g.two(upTo: 14))-\(g.two(upTo: 33))"
            if g.next(4) == 0 { s = g.mutate(s, Self.noise) }
            // The 10-byte form as it was read before: the digits' Day, else the split forms.
            if s.utf8.count == 10, s.utf8.allSatisfy({ $0 < 0x80 }), Array(s)[4] == "-", Array(s)[7] == "-",
               Array(s).enumerated().allSatisfy({ $0.offset == 4 || $0.offset == 7 || $0.element.isASCIIDigit }) {
                if Values.date(s) != Day(iso: s) { wrong.append(s) }
            }
        }
        #expect(wrong.isEmpty, "\(wrong.prefix(10))")
        #expect(Values.date("2026-02-30") == nil)
        #expect(Values.date("2026-2-3") == nil)
        #expect(Values.date("2026/2/3") == Day(year: 2026, month: 2, day: 3))
    }

    @Test func amountsReadAsTheGeneralFormReadsThem() {
        var g = Generator(seed: 13)
        var cases: [String] = ["", "+", ".", "0", "0.0", "1.", ".5", "+5", "++5", "+,5", ",+5", "5+", "1.2.3", "35,000.00",
                               "123456789012345", "1234567890123456", "123456789012345.999", "0.005", "0.004", "0.995",
                               "-5", "５", "1 000", "1e3"]
        for _ in 0..<40_000 {
            var s = g.digits(1 + g.next(16))
            if g.next(3) != 0 { s += "." + g.digits(g.next(5)) }
            if g.next(6) == 0 { s = "+" + s }
            if g.next(6) == 0 { s.insert(",", at: s.index(s.startIndex, offsetBy: g.next(s.count + 1))) }
            if g.next(4) == 0 { s = g.mutate(s, Self.noise) }
            cases.append(s)
        }
        var wrong: [String] = [], fast = 0
        for s in cases {
            if ValueBytes.amountCents(s) != nil { fast += 1 }
            if Values.amountCents(s) != Values.generalAmountCents(s) { wrong.append(s) }
        }
        #expect(wrong.isEmpty, "\(wrong.prefix(10))")
        #expect(fast > 10_000)
    }

    @Test func projectCodesAndRegionsCheckAsTheSplitFormsCheckThem() {
        var g = Generator(seed: 17)
        var codes: [String] = ["", "2019-360102-47-03-012345", "2019-990102-47-03-012345", "2019-360102-47-03-01234",
                               "2019-360102-47-03-0123456", "2019-360102-47-0301-2345", "２019-360102-47-03-012345"]
        var regions: [String] = ["", "360111", "361299", "361100", "361200", "110000", "990000", "36011", "3601111", "３60111"]
        for _ in 0..<40_000 {
            var code = "\(g.digits(4))-\(g.pick(["36", "11", "71", "99", "00", g.digits(2)]))\(g.digits(4))-\(g.digits(2))-\(g.digits(2))-\(g.digits(6))"
            if g.next(3) == 0 { code = g.mutate(code, Self.noise) }
            codes.append(code)
            var region = g.pick(["36", "11", "82", "99", g.digits(2)]) + g.pick(["00", "11", "12", g.digits(2)]) + g.digits(2)
            if g.next(3) == 0 { region = g.mutate(region, Self.noise) }
            regions.append(region)
        }
        var wrong: [String] = [], valid = 0
        for c in codes {
            if Identifiers.isValidXMDM(c) != Identifiers.isValidXMDMSlow(c) { wrong.append(c) }
            if Identifiers.isValidXMDM(c) { valid += 1 }
        }
        for r in regions where Identifiers.isValidRegion(r) != Identifiers.isValidRegionSlow(r) { wrong.append(r) }
        #expect(wrong.isEmpty, "\(wrong.prefix(10))")
        #expect(valid > 1_000)
    }

    /// `text` as it was before any shortcut: NFKC, controls dropped, Foundation's trim.
    static func referenceText(_ text: String) -> String {
        let normal = text.precomposedStringWithCompatibilityMapping
        return TrimFastPathTests.reference(normal)
    }

    @Test func plainTextIsItsOwnNormalFormForEveryScalarAtEitherEndAndInside() {
        var scalars = TrimFastPathTests.edgeScalars
        for v in stride(from: UInt32(0x3100), through: 0xFFFF, by: 7) { if let s = Unicode.Scalar(v) { scalars.append(s) } }
        var wrong: [String] = [], plain = 0
        for s in scalars {
            let c = String(Character(s))
            for text in [c + "项目", "项目" + c, "项" + c + "目", c, "A" + c + c + "B"] {
                let stable = text.unicodeScalars.allSatisfy(Normalize.isNFKCStable)
                    && text.unicodeScalars.first != " " && text.unicodeScalars.last != " "
                if Normalize.isPlainText(text) != stable { wrong.append("plain " + text) }
                if Normalize.isPlainText(text) {
                    plain += 1
                    if Self.referenceText(text) != text || TrimFastPathTests.reference(text) != text { wrong.append(text) }
                }
                if Normalize.text(text) != Self.referenceText(text) { wrong.append("text " + text) }
            }
        }
        #expect(wrong.isEmpty, "\(wrong.prefix(10).map { $0.unicodeScalars.map { String($0.value, radix: 16) } })")
        #expect(plain > 20_000)
        #expect(Normalize.isPlainText(""))
        #expect(!Normalize.isPlainText(" 项目") && !Normalize.isPlainText("项目 ") && Normalize.isPlainText("项 目"))
    }

    /// `XMLText.escape` as written before the byte-table check.
    static func referenceEscape(_ s: String) -> String {
        var plain = true
        var previous: (UInt8, UInt8) = (0, 0)
        for b in s.utf8 {
            if b < 0x20 || b == 0x26 || b == 0x3C || b == 0x3E || b == 0x22 || b == 0x27
                || (previous == (0xEF, 0xBF) && (b == 0xBE || b == 0xBF)) { plain = false; break }
            previous = (previous.1, b)
        }
        if plain { return s }
        var out = ""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            case "\n": out += "&#10;"
            case "\r": out += "&#13;"
            case "\t": out += "&#9;"
            case _ where scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF: continue
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// `comparable` as written before the bracket switch.
    static func referenceComparable(_ text: String) -> String {
        let named = Normalize.name(text)
        if !named.unicodeScalars.contains(where: { "[]【】〔〕".unicodeScalars.contains($0) }) { return named }
        var out = String.UnicodeScalarView()
        for scalar in named.unicodeScalars {
            switch scalar {
            case "(", "[", "【", "〔": out.append("(")
            case ")", "]", "】", "〕": out.append(")")
            default: out.append(scalar)
            }
        }
        return String(out)
    }

    @Test func xmlEscapingAndComparisonFormsAsBeforeForEveryScalarAtEitherEndAndInside() {
        var scalars = TrimFastPathTests.edgeScalars
        for v in stride(from: UInt32(0x3100), through: 0x10FFFF, by: 13) { if let s = Unicode.Scalar(v) { scalars.append(s) } }
        scalars += [0xFFFE, 0xFFFF, 0xEFBF, 0xFFBE, 0x3010, 0x3011, 0x3014, 0x3015, 0xFF3B].compactMap(Unicode.Scalar.init)
        var wrong: [String] = []
        for s in scalars {
            let c = String(Character(s))
            for text in [c + "项目", "项目" + c, "项" + c + "目", c, "A" + c + c + "B", c + "\u{FFFF}"] {
                if XMLText.escape(text) != Self.referenceEscape(text) { wrong.append("escape " + text) }
                if Normalize.comparable(text) != Self.referenceComparable(text) { wrong.append("comparable " + text) }
            }
        }
        #expect(wrong.isEmpty, "\(wrong.prefix(10).map { $0.unicodeScalars.map { String($0.value, radix: 16) } })")
    }
}
