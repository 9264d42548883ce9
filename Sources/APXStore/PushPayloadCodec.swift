#if canImport(Glibc)
import Glibc
#endif

/// How a push record's payload is stored: after a leading 0x02, the XML fragment with each
/// `<NAME>` / `</NAME>` of a known element replaced by two bytes (0x01, a code ≥ 0x20) and a
/// byte 0x01 of the payload itself written 0x01 0x01 — any text has one stored form and reads
/// back byte for byte. Text without the leading 0x02 is a payload stored before this form
/// (the migration converts them all) and reads as it is.
/// Since 014: an element whose whole content is the content of the element closed last (GCDM
/// after XMDM, the main project's GCDM being its XMDM) is stored as the one byte 0x03; a byte
/// 0x03 of the payload itself is written 0x01 0x03 (migration 014-push-payload-repeat escapes
/// those stored before).
enum PushPayloadCodec {
    /// Append only: a code is the position here (open tag 0x20 + 2i, closing tag 0x21 + 2i).
    static let elements = ["XMDM", "GCDM", "XMMC", "XZQHDM", "JSDD", "LXLX", "SPLCLX", "ZTZE", "NKGSJ", "NJCSJ",
                           "DWLB", "DW", "DWMC", "TYSHXYDM", "SPSXBM", "SPJDXH", "BLZT", "BJSJ", "PFWH", "PFWJBT",
                           "PFRQ", "PFWJYXQX", "FJLB", "FJ", "FJMC", "SHA256", "SYGZR", "SLSJ", "SFCS", "CNSX", "BLJG"]
    static let escape: UInt8 = 0x01, marker: UInt8 = 0x02, repeated: UInt8 = 0x03
    /// A content shorter than this is written out (the byte would save nothing worth a lookup).
    static let shortestRepeat = 4

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
            // The content of the element closed last; where the open element's began (-1: none).
            var last = 0..<0, contentStart = -1
            while i < bytes.count {
                let b = bytes[i]
                if b == UInt8(ascii: "<"), let (code, end) = tag(bytes, at: i) {
                    out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[run..<i]))
                    out.append(escape); out.append(code)
                    if code & 1 == 1 {
                        if contentStart >= 0 { last = contentStart..<i }
                        contentStart = -1
                        i = end; run = end
                        continue
                    }
                    contentStart = end
                    i = end; run = end
                    // The whole content of the element closed last again, up to a closing tag.
                    let n = last.count
                    if n >= shortestRepeat, end + n < bytes.count, bytes[end + n] == UInt8(ascii: "<"),
                       memcmp(bytes.baseAddress! + end, bytes.baseAddress! + last.lowerBound, n) == 0,
                       let (next, _) = tag(bytes, at: end + n), next & 1 == 1 {
                        out.append(repeated)
                        i = end + n; run = i
                    }
                    continue
                }
                if b == escape || b == repeated {
                    out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[run..<i]))
                    out.append(escape); out.append(b)
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
        stored.withUTF8 { decode(bytes: $0, into: &out) }
    }

    /// Tag bytes of every code in one buffer: code c's are `tagBytes[tagStarts[c]..<tagStarts[c + 1]]`.
    private static let tagBytes: [UInt8] = tags.flatMap { $0 }
    private static let tagStarts: [Int] = tags.reduce(into: [0]) { $0.append($0.last! + $1.count) }

    /// Appends the payload whose stored bytes are `bytes` to `out`: decoded piece by piece
    /// into a scratch buffer of its own (no Array bookkeeping per piece), then appended once.
    static func decode(bytes: UnsafeBufferPointer<UInt8>, into out: inout [UInt8]) {
        guard bytes.first == marker, let input = bytes.baseAddress else { out.append(contentsOf: bytes); return }
        var scratch = DecodeScratch(capacity: bytes.count * 3 + 64)
        defer { scratch.free() }
        tagBytes.withUnsafeBufferPointer { tagBytes in
            tagStarts.withUnsafeBufferPointer { tagStarts in
                let codes = tagStarts.count - 1
                var run = 1, i = 1
                // The content of the element closed last (in the scratch); where the open element's began (-1: none).
                var last = 0..<0, contentStart = -1
                while i < bytes.count {
                    let b = bytes[i]
                    if b == escape, i + 1 < bytes.count {
                        scratch.append(input + run, i - run)
                        let code = Int(bytes[i + 1]) - 0x20
                        if code >= 0, code < codes {
                            let tag = tagBytes.baseAddress! + tagStarts[code], n = tagStarts[code + 1] - tagStarts[code]
                            if code & 1 == 1 {
                                if contentStart >= 0 { last = contentStart..<scratch.count }
                                contentStart = -1
                                scratch.append(tag, n)
                            } else {
                                scratch.append(tag, n)
                                contentStart = scratch.count
                            }
                        } else {
                            scratch.append(input + i + 1, 1)
                        }
                        i += 2; run = i
                        continue
                    }
                    if b == repeated {
                        scratch.append(input + run, i - run)
                        scratch.repeatOwn(last)
                        i += 1; run = i
                        continue
                    }
                    i += 1
                }
                scratch.append(input + run, bytes.count - run)
            }
        }
        out.append(contentsOf: UnsafeBufferPointer(start: scratch.base, count: scratch.count))
    }

    /// The decode's output buffer: raw memory that grows by doubling.
    private struct DecodeScratch {
        private(set) var base: UnsafeMutablePointer<UInt8>
        private(set) var count = 0
        private var capacity: Int

        init(capacity: Int) {
            self.capacity = capacity
            base = .allocate(capacity: capacity)
        }

        func free() { base.deallocate() }

        @inline(__always)
        mutating func append(_ bytes: UnsafePointer<UInt8>, _ n: Int) {
            guard n > 0 else { return }
            reserve(n)
            (base + count).initialize(from: bytes, count: n)
            count += n
        }

        /// Appends again the bytes at `range` of what was written (clamped to it).
        mutating func repeatOwn(_ range: Range<Int>) {
            let range = range.clamped(to: 0..<count)
            guard !range.isEmpty else { return }
            reserve(range.count)   // first: growing moves the bytes being copied
            (base + count).initialize(from: base + range.lowerBound, count: range.count)
            count += range.count
        }

        @inline(__always)
        private mutating func reserve(_ n: Int) {
            guard count + n > capacity else { return }
            let grown = max(count + n, capacity * 2)
            let moved = UnsafeMutablePointer<UInt8>.allocate(capacity: grown)
            moved.initialize(from: base, count: count)
            base.deallocate()
            base = moved
            capacity = grown
        }
    }

    /// Payloads stored before 014 may hold a byte 0x03 of their own: escaped, as the codec
    /// now writes it.
    static let repeatMigration = """
        UPDATE push_record SET payload = replace(payload, char(3), char(1, 3))
        WHERE substr(payload, 1, 1) = char(2) AND instr(payload, char(3)) > 0;
        """

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
