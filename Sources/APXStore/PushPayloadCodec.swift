/// How a push record's payload is stored: after a leading 0x02, the XML fragment with each
/// `<NAME>` / `</NAME>` of a known element replaced by two bytes (0x01, a code ≥ 0x20) and a
/// byte 0x01 of the payload itself written 0x01 0x01 — any text has one stored form and reads
/// back byte for byte. Text without the leading 0x02 is a payload stored before this form
/// (the migration converts them all) and reads as it is.
enum PushPayloadCodec {
    /// Append only: a code is the position here (open tag 0x20 + 2i, closing tag 0x21 + 2i).
    static let elements = ["XMDM", "GCDM", "XMMC", "XZQHDM", "JSDD", "LXLX", "SPLCLX", "ZTZE", "NKGSJ", "NJCSJ",
                           "DWLB", "DW", "DWMC", "TYSHXYDM", "SPSXBM", "SPJDXH", "BLZT", "BJSJ", "PFWH", "PFWJBT",
                           "PFRQ", "PFWJYXQX", "FJLB", "FJ", "FJMC", "SHA256", "SYGZR", "SLSJ", "SFCS", "CNSX", "BLJG"]
    static let escape: UInt8 = 0x01, marker: UInt8 = 0x02

    /// Tag bytes (`<NAME>`, `</NAME>`) by code.
    private static let tags: [[UInt8]] = elements.flatMap { [Array("<\($0)>".utf8), Array("</\($0)>".utf8)] }
    /// Element positions by name packed into 64 bits (every name is at most 8 bytes, none
    /// empty, so 0 marks a free slot): an open-addressed table of 128 slots (a multiplicative
    /// hash and a linear probe), cheaper per tag than hashing into a Dictionary.
    private static let slots: (keys: [UInt64], positions: [UInt8]) = {
        var keys = [UInt64](repeating: 0, count: 128), positions = [UInt8](repeating: 0, count: 128)
        for (i, name) in elements.enumerated() {
            var slot = PushPayloadCodec.slot(pack(name))
            while keys[slot] != 0 { slot = (slot + 1) & 127 }
            keys[slot] = pack(name)
            positions[slot] = UInt8(i)
        }
        return (keys, positions)
    }()

    @inline(__always)
    private static func slot(_ key: UInt64) -> Int { Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> 57) }

    /// The position in `elements` of the element named by packed `key`.
    @inline(__always)
    private static func position(_ key: UInt64) -> Int? {
        let table = slots
        var slot = self.slot(key)
        while true {
            let k = table.keys[slot]
            if k == key { return Int(table.positions[slot]) }
            if k == 0 { return nil }
            slot = (slot + 1) & 127
        }
    }

    private static func pack(_ name: String) -> UInt64 {
        precondition(name.utf8.count <= 8)
        return name.utf8.reduce(0) { $0 << 8 | UInt64($1) }
    }

    /// The code of the tag starting with the `<` at `i`, and the index after its `>`.
    @inline(__always)
    private static func tag(_ bytes: UnsafeBufferPointer<UInt8>, at i: Int) -> (code: UInt8, end: Int)? {
        var j = i + 1
        let closing = j < bytes.count && bytes[j] == UInt8(ascii: "/")
        if closing { j += 1 }
        var key: UInt64 = 0
        let start = j
        while j < bytes.count, j - start < 9 {
            let b = bytes[j]
            if b == UInt8(ascii: ">") {
                guard j > start, let position = position(key) else { return nil }
                return (UInt8(0x20 + 2 * position + (closing ? 1 : 0)), j + 1)
            }
            guard (b >= 0x41 && b <= 0x5A) || (b >= 0x30 && b <= 0x39) else { return nil }
            key = key << 8 | UInt64(b)
            j += 1
        }
        return nil
    }

    static func encode(_ payload: String) -> String {
        var payload = payload
        return payload.withUTF8 { bytes -> String in
            var out: [UInt8] = [marker]
            out.reserveCapacity(bytes.count + 1)
            var run = 0, i = 0
            while i < bytes.count {
                let b = bytes[i]
                if b == UInt8(ascii: "<"), let (code, end) = tag(bytes, at: i) {
                    out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[run..<i]))
                    out.append(escape); out.append(code)
                    i = end; run = end
                    continue
                }
                if b == escape {
                    out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[run...i]))
                    out.append(escape)
                    run = i + 1
                }
                i += 1
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[run..<bytes.count]))
            return String(decoding: out, as: UTF8.self)
        }
    }

    static func decode(_ stored: String) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(stored.utf8.count * 2)
        decode(stored, into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends the payload `stored` holds to `out` (the same bytes `decode` returns).
    static func decode(_ stored: String, into out: inout [UInt8]) {
        var stored = stored
        stored.withUTF8 { bytes in
            guard bytes.first == marker else { out.append(contentsOf: bytes); return }
            var run = 1, i = 1
            while i < bytes.count {
                if bytes[i] == escape, i + 1 < bytes.count {
                    out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[run..<i]))
                    let code = Int(bytes[i + 1]) - 0x20
                    if code >= 0, code < tags.count { out.append(contentsOf: tags[code]) } else { out.append(bytes[i + 1]) }
                    i += 2; run = i
                    continue
                }
                i += 1
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[run..<bytes.count]))
        }
    }

    /// The same encoding in SQL, for every payload stored before it (migration
    /// 013-push-payload-tags, run once before anything of this form is written): the marker
    /// and the doubled 0x01, then the tags eight at a time (SQLite's parser limits nesting).
    static var migration: String {
        var statements = ["UPDATE push_record SET payload = char(2) || replace(payload, char(1), char(1, 1));"]
        for start in stride(from: 0, to: tags.count, by: 8) {
            var expression = "payload"
            for code in start..<min(start + 8, tags.count) {
                expression = "replace(\(expression), '\(String(decoding: tags[code], as: UTF8.self))', char(1, \(0x20 + code)))"
            }
            statements.append("UPDATE push_record SET payload = \(expression);")
        }
        return statements.joined(separator: "\n")
    }
}
