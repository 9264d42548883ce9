/// Writing RFC 4180 CSV: a field is quoted when it holds a comma, a quote or a line break
/// (checked per Unicode scalar: "\r\n" is one Swift Character).
public enum CSVText {
    public static func field(_ s: String) -> String {
        guard s.unicodeScalars.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return s }
        var out = "\""
        for c in s.unicodeScalars {
            if c == "\"" { out += "\"\"" } else { out.unicodeScalars.append(c) }
        }
        return out + "\""
    }

    /// One line with its CRLF.
    public static func line(_ fields: [String]) -> String {
        fields.map(field).joined(separator: ",") + "\r\n"
    }
}

extension CSVText {
    /// A cell a spreadsheet program would read as a formula (it starts with `=`, `+`, `-`, `@`,
    /// a tab or a carriage return) gets a leading apostrophe; any other value is unchanged.
    /// Used for the notices file only (spec 04): rejects files and package lists carry raw
    /// values for machines and stay byte-exact.
    public static func formulaSafe(_ s: String) -> String {
        guard let first = s.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first) else { return s }
        return "'" + s
    }
}
