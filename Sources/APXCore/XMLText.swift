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

    /// Bytes the plain check stops at: controls, & < > " ' and EF (the lead of U+FFFE/U+FFFF).
    static let needsLook: [Bool] = (0..<256).map { b in
        b < 0x20 || b == 0x26 || b == 0x3C || b == 0x3E || b == 0x22 || b == 0x27 || b == 0xEF
    }

    /// Whether UTF-8 text has nothing to escape or drop (no markup, no control byte, no
    /// U+FFFE/U+FFFF): then it is written as it is.
    public static func isPlain(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
        let look = needsLook
        let n = b.count
        var i = 0
        while i < n {
            let c = b[i]
            if look[Int(c)] {
                if c != 0xEF { return false }
                // U+FFFE / U+FFFF: EF BF BE / EF BF BF.
                if i + 2 < n, b[i + 1] == 0xBF, b[i + 2] == 0xBE || b[i + 2] == 0xBF { return false }
            }
            i += 1
        }
        return true
    }

    /// `<NAME>escaped</NAME>`.
    public static func element(_ name: String, _ value: String) -> String {
        "<\(name)>\(escape(value))</\(name)>"
    }
}
