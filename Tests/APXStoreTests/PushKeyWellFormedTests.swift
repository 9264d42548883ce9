import APXDomain
import Testing

/// `PushKey.isWellFormed(dfsjzj:)` answers as `PushKey(dfsjzj:) != nil` for every text: keys
/// as written, every cut of the prefix and parts, extra and missing colons, non-ASCII text.
@Suite struct PushKeyWellFormedTests {
    @Test func theCheckAgreesWithTheParseOnEveryShape() {
        let pieces = ["", "XM", "BL", "PF", "XX", "X", ":", "::", "a", "A1", "2026-330100-48-01-000001", "项目", "e\u{301}", "\u{301}", ":\u{301}", "\u{301}:"]
        var texts: Set<String> = ["XM:", "BL:", "PF:", "XM:G", "BL:S:K", "PF:S:N", "BL:S:", "BL::K", "PF:S", "XM:G:H", "BL:S:K:L", "xm:G", " XM:G"]
        for a in pieces { for b in pieces { for c in pieces {
            texts.insert(a + ":" + b); texts.insert(a + ":" + b + ":" + c); texts.insert(a + b + c)
        } } }
        for text in texts {
            #expect(PushKey.isWellFormed(dfsjzj: text) == (PushKey(dfsjzj: text) != nil), "\(Array(text.unicodeScalars))")
        }
        #expect(texts.filter { PushKey.isWellFormed(dfsjzj: $0) }.count > 20)
    }
}
