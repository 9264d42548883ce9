/// Escaping for XML text and attribute values we write.
public enum XMLText {
    public static func escape(_ s: String) -> String {
        // Nothing to escape or drop (no markup, no control byte, no U+FFFE/U+FFFF): as is.
        var s = s
        if s.withUTF8(isPlain) { return s }
        var out = ""
        out.reserveCapacity(s.utf8.count)
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
            // Characters XML 1.0 cannot carry are dropped.
            case _ where scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF: continue
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// Whether UTF-8 text has nothing to escape or drop (no markup, no control byte, no
    /// U+FFFE/U+FFFF): then it is written as it is.
    public static func isPlain(_ utf8: UnsafeBufferPointer<UInt8>) -> Bool {
        var previous: (UInt8, UInt8) = (0, 0)
        for b in utf8 {
            if b < 0x20 || b == 0x26 || b == 0x3C || b == 0x3E || b == 0x22 || b == 0x27
                || (previous == (0xEF, 0xBF) && (b == 0xBE || b == 0xBF)) { return false }
            previous = (previous.1, b)
        }
        return true
    }

    /// `<NAME>escaped</NAME>`.
    public static func element(_ name: String, _ value: String) -> String {
        "<\(name)>\(escape(value))</\(name)>"
    }
}
