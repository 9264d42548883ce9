/// How a push record's payload is stored: the XML fragment with each `<NAME>` / `</NAME>` of
/// a known element replaced by two bytes (0x01, a code), behind a leading 0x02. XML 1.0 text
/// has no byte 0x01–0x08, so a payload holding one is stored as it is, and so is every
/// payload stored before this form (read back unchanged: they never start with 0x02).
enum PushPayloadCodec {
    /// Append only: a code is the position here (open tag 0x20 + 2i, closing tag 0x21 + 2i).
    static let elements = ["XMDM", "GCDM", "XMMC", "XZQHDM", "JSDD", "LXLX", "SPLCLX", "ZTZE", "NKGSJ", "NJCSJ",
                           "DWLB", "DW", "DWMC", "TYSHXYDM", "SPSXBM", "SPJDXH", "BLZT", "BJSJ", "PFWH", "PFWJBT",
                           "PFRQ", "PFWJYXQX", "FJLB", "FJ", "FJMC", "SHA256", "SYGZR", "SLSJ", "SFCS", "CNSX", "BLJG"]
    static let escape: UInt8 = 0x01, marker: UInt8 = 0x02

    /// Tag bytes (`<NAME>`, `</NAME>`) by code, and codes by tag bytes.
    private static let tags: [[UInt8]] = elements.flatMap { [Array("<\($0)>".utf8), Array("</\($0)>".utf8)] }
    private static let codes: [[UInt8]: UInt8] = Dictionary(uniqueKeysWithValues: tags.enumerated().map { ($1, UInt8(0x20 + $0)) })

    static func encode(_ payload: String) -> String {
        var payload = payload
        return payload.withUTF8 { bytes -> String? in
            var out: [UInt8] = [marker]
            out.reserveCapacity(bytes.count)
            var i = 0
            while i < bytes.count {
                let b = bytes[i]
                if b <= 0x08 { return nil }
                if b == UInt8(ascii: "<") {
                    var j = i + 1
                    while j < bytes.count, j - i < 12, bytes[j] != UInt8(ascii: ">"), bytes[j] != UInt8(ascii: "<") { j += 1 }
                    if j < bytes.count, bytes[j] == UInt8(ascii: ">"),
                       let code = codes[Array(UnsafeBufferPointer(rebasing: bytes[i...j]))] {
                        out.append(escape); out.append(code)
                        i = j + 1
                        continue
                    }
                }
                out.append(b)
                i += 1
            }
            return String(decoding: out, as: UTF8.self)
        } ?? payload
    }

    static func decode(_ stored: String) -> String {
        var stored = stored
        return stored.withUTF8 { bytes -> String in
            guard bytes.first == marker else { return String(decoding: bytes, as: UTF8.self) }
            var out: [UInt8] = []
            out.reserveCapacity(bytes.count * 2)
            var i = 1
            while i < bytes.count {
                let b = bytes[i]
                if b == escape, i + 1 < bytes.count, case let code = Int(bytes[i + 1]) - 0x20, tags.indices.contains(code) {
                    out.append(contentsOf: tags[code])
                    i += 2
                    continue
                }
                out.append(b)
                i += 1
            }
            return String(decoding: out, as: UTF8.self)
        }
    }

    /// The same encoding in SQL, for payloads stored before it (migration 013-push-payload-tags):
    /// the marker, then the tags eight at a time (SQLite's parser limits nesting).
    static var migration: String {
        var statements: [String] = []
        for start in stride(from: 0, to: tags.count, by: 8) {
            var expression = "payload"
            for code in start..<min(start + 8, tags.count) {
                expression = "replace(\(expression), '\(String(decoding: tags[code], as: UTF8.self))', char(1, \(0x20 + code)))"
            }
            statements.append(start == 0
                ? "UPDATE push_record SET payload = char(2) || \(expression) WHERE substr(payload, 1, 1) <> char(2)"
                    + " AND payload NOT GLOB ('*[' || char(1, 2, 3, 4, 5, 6, 7, 8) || ']*');"
                : "UPDATE push_record SET payload = \(expression) WHERE substr(payload, 1, 1) = char(2);")
        }
        return statements.joined(separator: "\n")
    }
}
