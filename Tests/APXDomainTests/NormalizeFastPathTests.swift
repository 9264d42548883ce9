import APXCore
import Foundation
import Testing
@testable import APXDomain

/// The NFKC shortcut (text of ASCII and CJK alone is returned as is) agrees with
/// Foundation's NFKC for every scalar it lets through, and leaves the rest to NFKC.
@Suite struct NormalizeFastPathTests {
    @Test func everyScalarTheShortcutAcceptsIsItsOwnNFKCForm() {
        var disagreeing: [UInt32] = []
        for v in UInt32(0x20)...UInt32(0x9FFF) {
            guard let s = Unicode.Scalar(v), Normalize.isNFKCStable(s) else { continue }
            let text = "项目" + String(Character(s)) + "A"
            if text.precomposedStringWithCompatibilityMapping != text { disagreeing.append(v) }
        }
        #expect(disagreeing.isEmpty)
    }

    @Test func compatibilityCharactersStillGoThroughNFKC() {
        #expect(Normalize.nfkc("南昌（一期）ＡＢ１") == "南昌(一期)AB1")
        #expect(Normalize.nfkc("南昌\u{3000}项目") == "南昌 项目")
        #expect(Normalize.name("南昌\u{3000}项目 一期") == "南昌项目一期")
        #expect(Normalize.comparable("南昌【一期】") == "南昌(一期)")
    }

    @Test func cjkIdeographsAreNeitherSpaceNorControl() {
        #expect(!"南昌、项目。".unicodeScalars.contains(where: Normalize.isSpaceOrControl))
        #expect(Normalize.isSpaceOrControl("\u{3000}"))
        #expect(Normalize.isSpaceOrControl("\u{200B}"))
    }
}

/// The byte-wise USCC check agrees with the Character-wise one.
@Suite struct USCCFastPathTests {
    @Test func byteCheckAgreesWithCharacterCheck() {
        var codes = ["91360100MA35AB0162", "91360100MA35AB016X", "", "９1360100MA35AB0162", "91360100ma35ab0162",
                     "91360100MA35AB01\r\n", "913601007055802710", "91360100MA35AB01I2"]
        let alphabet = Array("0123456789ABCDEFGHJKLMNPQRTUWXYIOZ-")
        var seed: UInt64 = 42
        for _ in 0..<20_000 {
            var s = "913601"
            for _ in 0..<12 {
                seed = seed &* 6364136223846793005 &+ 1442695040888963407
                s.append(alphabet[Int(seed >> 33) % alphabet.count])
            }
            codes.append(s)
        }
        // Valid ones by construction: the check characters computed.
        for body in ["MA35AB01", "70558027", "MA35AC05"] {
            let org = body + String(Identifiers.organisationCheckCharacter(body)!)
            let first17 = "91360100" + org
            codes.append(first17 + String(Identifiers.usccCheckCharacter(first17)!))
        }
        var valid = 0
        for code in codes {
            #expect(Identifiers.isValidUSCC(code) == Identifiers.isValidUSCCSlow(code), "\(code)")
            if Identifiers.isValidUSCC(code) { valid += 1 }
        }
        #expect(valid >= 3)
    }

    @Test func cleanTextIsKeptAndUncleanTextStillTrimmed() {
        #expect(Normalize.text("南昌市 项目") == "南昌市 项目")
        #expect(Normalize.text(" 南昌\u{3000}") == "南昌")
        #expect(Normalize.text("a\u{0085}b") == "ab")
        #expect(Normalize.text("a\tb\n") == "ab")
        #expect(Normalize.text("") == "")
    }
}

/// Shortcuts for text that needs no change return it unchanged; the rest still changes.
@Suite struct UnchangedTextShortcutTests {
    @Test func codesNamesAndComparisonForms() {
        #expect(Normalize.code("2021-360111-48-01-000001") == "2021-360111-48-01-000001")
        #expect(Normalize.code("91360100ma35ab01 62") == "91360100MA35AB0162")
        #expect(Normalize.code("ＺＢ－１") == "ZB-1")
        #expect(Normalize.name("南昌市项目(一期)") == "南昌市项目(一期)")
        #expect(Normalize.name("南昌市 项目\u{200B}") == "南昌市项目")
        #expect(Normalize.comparable("南昌市项目(一期)") == "南昌市项目(一期)")
        #expect(Normalize.comparable("南昌市项目〔一期]") == "南昌市项目(一期)")
    }

    @Test func xmlEscapingOnlyWhereNeeded() {
        #expect(XMLText.escape("南昌市项目0号") == "南昌市项目0号")
        #expect(XMLText.escape("a&b<c>\"d'") == "a&amp;b&lt;c&gt;&quot;d&apos;")
        #expect(XMLText.escape("a\u{FFFE}b\u{FFFF}c\u{01}\n") == "abc&#10;")
        #expect(XMLText.escape("\u{FFFD}\u{EFBF}") == "\u{FFFD}\u{EFBF}")
    }
}

/// Dates read and written from their bytes agree with the general forms.
@Suite struct DateFastPathTests {
    @Test func isoDatesRoundTrip() {
        for (y, m, d) in [(2026, 3, 1), (1, 1, 1), (9999, 12, 31), (2024, 2, 29), (2000, 10, 10)] {
            let day = Day(year: y, month: m, day: d)!
            let padded = String(repeating: "0", count: 4 - String(y).count) + String(y) + "-"
                + (m < 10 ? "0" : "") + String(m) + "-" + (d < 10 ? "0" : "") + String(d)
            #expect(day.iso == padded)
            #expect(Values.date(padded) == day)
        }
        #expect(Values.date("2026-02-30") == nil)
        #expect(Values.date("2026-1-01") == nil)
        #expect(Values.date("2026-0a-01") == nil)
        #expect(Values.date("2026+03-01") == nil)
        #expect(Values.date("0000-01-01") == nil)
    }
}
