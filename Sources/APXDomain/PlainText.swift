extension Normalize {
    /// Printable ASCII and NFKC-stable CJK (`isNFKCStable` for every scalar), no space at
    /// either end: such a text is its own `text`, `sourceText` and `nfkc` form. Read from
    /// the UTF-8 bytes (a String's UTF-8 is well-formed).
    public static func isPlainText(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { b in
            let n = b.count
            if n == 0 { return true }
            if b[0] == 0x20 || b[n - 1] == 0x20 { return false }
            var i = 0
            while i < n {
                let c = b[i]
                if c < 0x80 {
                    guard c >= 0x20 && c < 0x7F else { return false }
                    i += 1
                } else if c >= 0xE0 && c < 0xF0 && i + 2 < n {
                    let v = UInt32(c & 0x0F) << 12 | UInt32(b[i + 1] & 0x3F) << 6 | UInt32(b[i + 2] & 0x3F)
                    guard (v >= 0x4E00 && v <= 0x9FFF) || (v >= 0x3400 && v <= 0x4DBF) || (v >= 0x3001 && v <= 0x301F) else { return false }
                    i += 3
                } else {
                    return false
                }
            }
            return true
        }
    }

    /// Neither Unicode White_Space nor U+200B, decided without the property tables for
    /// printable ASCII other than space and for U+3001–U+9FFF (CJK symbols and ideographs).
    @inline(__always)
    static func isSurelyNotTrimmed(_ s: Unicode.Scalar) -> Bool {
        let v = s.value
        return (v > 0x20 && v < 0x7F) || (v >= 0x3001 && v <= 0x9FFF)
    }
}
