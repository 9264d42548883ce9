import Foundation

/// Normalisation of spec 03, applied before validating and comparing.
/// Stored values keep the source text; these forms are for checks and comparison.
public enum Normalize {
    /// Unicode NFKC: full-width ASCII → ASCII, （） → (), U+3000 → space.
    public static func nfkc(_ text: String) -> String {
        // ASCII and CJK text is NFKC-stable: skip Foundation for the common case.
        if text.utf8.allSatisfy({ $0 < 0x80 }) || text.unicodeScalars.allSatisfy(isNFKCStable) { return text }
        return text.precomposedStringWithCompatibilityMapping
    }

    /// Scalars with no decomposition that no following scalar of the same set composes
    /// with: printable ASCII, CJK symbols 、。〈〉《》「」『』【】〔〕 (U+3001–U+301F),
    /// CJK unified ideographs (U+3400–U+4DBF, U+4E00–U+9FFF). A text of these alone is
    /// its own NFKC form (checked against Unicode data in NormalizeTests).
    @inline(__always)
    static func isNFKCStable(_ s: Unicode.Scalar) -> Bool {
        let v = s.value
        return (v >= 0x20 && v < 0x7F) || (v >= 0x4E00 && v <= 0x9FFF) || (v >= 0x3400 && v <= 0x4DBF) || (v >= 0x3001 && v <= 0x301F)
    }

    /// Codes (XMDM, GCDM, USCC, region, permit number): NFKC, no white space, upper case.
    public static func code(_ text: String) -> String {
        // Printable ASCII without spaces or lower case is its own code form.
        if isCodeForm(text) { return text }
        return String(nfkc(text).unicodeScalars.filter { !isSpaceOrControl($0) }.map(Character.init)).uppercased()
    }

    /// Printable ASCII without spaces or lower case, read from the bytes.
    static func isCodeForm(_ text: String) -> Bool {
        func plain(_ c: UInt8) -> Bool { c > 0x20 && c < 0x7F && !(c >= 0x61 && c <= 0x7A) }
        if let answer = text.utf8.withContiguousStorageIfAvailable({ b -> Bool in
            for c in b where !plain(c) { return false }
            return true
        }) { return answer }
        return text.utf8.allSatisfy(plain)
    }

    /// Names (project, unit): NFKC, without any white space or control characters.
    public static func name(_ text: String) -> String {
        let normal = nfkc(text)
        if !normal.unicodeScalars.contains(where: isSpaceOrControl) { return normal }
        return String(String.UnicodeScalarView(normal.unicodeScalars.filter { !isSpaceOrControl($0) }))
    }

    /// Comparison form of a name: `name` with the bracket pairs () [] 【】 〔〕 made one.
    public static func comparable(_ text: String) -> String {
        let named = name(text)
        if !named.unicodeScalars.contains(where: isFoldedBracket) { return named }
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

    /// The brackets `comparable` folds into ( ): [ ] 【 】 〔 〕.
    @inline(__always)
    static func isFoldedBracket(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x5B, 0x5D, 0x3010, 0x3011, 0x3014, 0x3015: return true
        default: return false
        }
    }

    /// Free text: NFKC, trimmed, control characters other than line breaks removed.
    public static func text(_ text: String) -> String {
        if isPlainText(text) { return text }
        let normal = nfkc(text)
        if isCleanText(normal) { return normal }
        let kept = normal.unicodeScalars.filter { s in
            s == "\n" || !(s.value < 0x20 || s.value == 0x7F || (s.value >= 0x80 && s.value < 0xA0))
        }
        return String(String.UnicodeScalarView(kept)).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Whether the first or last scalar is one Foundation's `.whitespacesAndNewlines` trims
    /// (`.whitespaces` is a part of it): without, trimming returns the text as it is.
    static func hasWhiteSpaceAtAnEnd(_ s: String) -> Bool {
        guard let first = s.unicodeScalars.first, let last = s.unicodeScalars.last else { return false }
        return isTrimmedByFoundation(first) || isTrimmedByFoundation(last)
    }

    /// Foundation's `.whitespacesAndNewlines`: Unicode White_Space and U+200B (checked for
    /// every scalar in TrimFastPathTests).
    @inline(__always)
    static func isTrimmedByFoundation(_ s: Unicode.Scalar) -> Bool {
        if isSurelyNotTrimmed(s) { return false }
        return s.properties.isWhitespace || s.value == 0x200B
    }

    /// No control character (C0, DEL, C1) and no white space at either end: `text(_:)`
    /// keeps it as it is.
    static func isCleanText(_ s: String) -> Bool {
        if hasWhiteSpaceAtAnEnd(s) { return false }
        var afterC2 = false
        for b in s.utf8 {
            if b < 0x20 || b == 0x7F || (afterC2 && b >= 0x80 && b <= 0x9F) { return false }
            afterC2 = b == 0xC2
        }
        return true
    }

    /// Nothing but white space and control characters — what `name(_:)` would reduce to
    /// empty, decided without NFKC (every compatibility space is itself white space).
    public static func isBlank(_ text: String) -> Bool {
        text.unicodeScalars.allSatisfy(isSpaceOrControl)
    }

    public static func isSpaceOrControl(_ s: Unicode.Scalar) -> Bool {
        if s.value < 0x80 { return s.value <= 0x20 || s.value == 0x7F }
        // CJK ideographs and symbols after U+3000: neither white space, control nor format.
        if (s.value >= 0x3001 && s.value <= 0x301F) || (s.value >= 0x3400 && s.value <= 0x9FFF) { return false }
        return s.properties.isWhitespace || s.properties.generalCategory == .control
            || s.properties.generalCategory == .format
    }

    public static func hasControlCharacters(_ text: String) -> Bool {
        text.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F || ($0.value >= 0x80 && $0.value < 0xA0) }
    }
}

/// Character-bigram Dice coefficient of two comparison forms, 0…1 — shown to reviewers,
/// never used to accept anything automatically.
public func similarity(_ a: String, _ b: String) -> Double {
    let x = Array(Normalize.comparable(a)), y = Array(Normalize.comparable(b))
    if x == y { return 1 }
    if x.count < 2 || y.count < 2 { return 0 }
    var bigrams: [String: Int] = [:]
    for i in 0..<(x.count - 1) { bigrams[String(x[i...i + 1]), default: 0] += 1 }
    var common = 0
    for i in 0..<(y.count - 1) {
        let key = String(y[i...i + 1])
        if let n = bigrams[key], n > 0 { common += 1; bigrams[key] = n - 1 }
    }
    return 2 * Double(common) / Double(x.count - 1 + y.count - 1)
}
