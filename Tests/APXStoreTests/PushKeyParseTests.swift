import APXDomain
import Testing

/// `PushKey(dfsjzj:)` cuts at `:` bytes; what it returns is what the split by characters
/// returns, for keys where a `:` is combined with a neighbour too.
@Suite struct PushKeyParseTests {
    static func byCharacters(_ dfsjzj: String) -> PushKey? {
        let parts = dfsjzj.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false).map(String.init)
        guard parts.count >= 2, !parts.dropFirst().contains(where: \.isEmpty) else { return nil }
        switch (parts[0] + ":", parts.count) {
        case ("XM:", 2): return .project(gcdm: parts[1])
        case ("BL:", 3): return .handling(sxbm: parts[1], key: parts[2])
        case ("PF:", 3): return .document(sxbm: parts[1], number: parts[2])
        default: return nil
        }
    }

    @Test func parseEqualsTheSplitByCharacters() {
        let pieces = ["", "a", "赣建", ":", "::", "\u{0301}", "e\u{0301}", "\u{0600}", "\r", "\n", "😀", " ", "1:2"]
        var texts: [String] = []
        for prefix in ["XM:", "BL:", "PF:", "ZZ:", "XM", "BL", "xm:", "\u{0600}XM:", "XM\u{0301}:"] {
            for a in pieces {
                for b in pieces { texts.append(prefix + a + b); texts.append(prefix + a + ":" + b) }
            }
        }
        texts += [":\u{0301}", "XM:\u{0301}", "BL:A:\u{0301}", "BL:A\u{0600}:b", "BL:\u{0301}:b", "PF:A:\u{0301}:c"]
        for text in texts {
            #expect(PushKey(dfsjzj: text) == Self.byCharacters(text), "\(Array(text.unicodeScalars))")
        }
    }
}
