import Foundation

extension Normalize {
    /// A free-text value as it is stored and pushed: the source text (spec 03: "stored
    /// values keep the source text"), trimmed, without control characters other than line
    /// breaks. Full-width punctuation such as `（）` stays; `comparable` is what compares.
    public static func sourceText(_ text: String) -> String {
        // No control character and no white space at either end: nothing to drop or trim.
        if isCleanText(text) { return text }
        let kept = text.unicodeScalars.filter { s in
            s == "\n" || !(s.value < 0x20 || s.value == 0x7F || (s.value >= 0x80 && s.value < 0xA0))
        }
        return String(String.UnicodeScalarView(kept)).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
