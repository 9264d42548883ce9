import Foundation
import Testing
@testable import APXDomain

/// The "nothing to drop or trim" shortcuts of `sourceText`, `Values.timestamp` and
/// `Values.amountCents` give what the Foundation calls they skip give, for every scalar at
/// either end and inside.
@Suite struct TrimFastPathTests {
    /// `sourceText` as written before its shortcut: filter, then Foundation's trim.
    static func reference(_ text: String) -> String {
        let kept = text.unicodeScalars.filter { s in
            s == "\n" || !(s.value < 0x20 || s.value == 0x7F || (s.value >= 0x80 && s.value < 0xA0))
        }
        return String(String.UnicodeScalarView(kept)).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    static var edgeScalars: [Unicode.Scalar] {
        var out: [Unicode.Scalar] = []
        for v in UInt32(0)...UInt32(0x3100) { if let s = Unicode.Scalar(v) { out.append(s) } }
        out += ["\u{FEFF}", "\u{FFFE}", "\u{FFFF}", "\u{1F600}", "\u{20000}"].compactMap { $0.unicodeScalars.first }
        return out
    }

    @Test func sourceTextEqualsTheFilterAndTrimForEveryScalarAtEitherEndAndInside() {
        var wrong: [String] = []
        for s in Self.edgeScalars {
            let c = String(Character(s))
            for text in [c + "项目", "项目" + c, "项" + c + "目", c, "A" + c + c + "B"] where Normalize.sourceText(text) != Self.reference(text) {
                wrong.append(text.unicodeScalars.map { String($0.value, radix: 16) }.joined(separator: " "))
            }
        }
        #expect(wrong.isEmpty, "\(wrong.prefix(10))")
    }

    @Test func theEndsCheckIsFoundationsTrimSetForEveryScalar() {
        var wrong: [UInt32] = []
        for v in UInt32(0)...UInt32(0x10FFFF) {
            guard let s = Unicode.Scalar(v) else { continue }
            if Normalize.isTrimmedByFoundation(s) != CharacterSet.whitespacesAndNewlines.contains(s) { wrong.append(v) }
            if CharacterSet.whitespaces.contains(s) && !Normalize.isTrimmedByFoundation(s) { wrong.append(v) }
        }
        #expect(wrong.isEmpty, "\(wrong.prefix(10))")
        // U+200B is no Unicode White_Space, yet Foundation trims it: so does free text.
        #expect(Normalize.text("\u{200B}项目\u{200B}") == "项目")
        #expect(Normalize.sourceText("\u{200B}项目") == "项目")
    }

    @Test func timestampsAndAmountsWithSpacesOrCommasReadAsBefore() {
        #expect(Values.timestamp("\u{3000}2026-11-05T10:00:00+08:00 ") == "2026-11-05T10:00:00+08:00")
        #expect(Values.timestamp("\t2026-11-05") == "2026-11-05T00:00:00+08:00")
        #expect(Values.timestamp("2026-11-05 10:00") == "2026-11-05T10:00:00+08:00")
        #expect(Values.amountCents("35,000.00") == 3_500_000)
        #expect(Values.amountCents("35000.5") == 3_500_050)
        #expect(Values.amountCents("３５,０００") == 3_500_000)
        #expect(Values.amountCents(",") == nil)
    }
}
