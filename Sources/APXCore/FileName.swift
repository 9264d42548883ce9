/// A file name as the file system holds it: bytes, not text (spec 02 "Names are bytes").
///
/// Its `escaped` form is the one apx stores, prints and builds paths from: valid UTF-8 is
/// kept as it is (no normalisation), every byte that is not part of valid UTF-8 and every
/// control byte is written `\xHH`, and a literal backslash that would read as such an escape
/// is written `\x5C`. The escaped form decodes back to exactly the same bytes, so two names
/// are equal only when their bytes are (NFC and NFD spellings stay different).
public struct FileName: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let bytes: [UInt8]

    /// The longest name Linux file systems allow (NAME_MAX), in bytes.
    public static let maxBytes = 255

    public init<C: Collection>(bytes: C) where C.Element == UInt8 { self.bytes = Array(bytes) }

    /// The name spelled by an escaped string (the inverse of `escaped`).
    public init(escaped: String) { bytes = FileName.decode(escaped) }

    public var escaped: String { FileName.escape(bytes) }
    public var description: String { escaped }

    public static func < (a: FileName, b: FileName) -> Bool { a.bytes.lexicographicallyPrecedes(b.bytes) }

    public func hasSuffix(_ suffix: String) -> Bool {
        let s = Array(suffix.utf8)
        return bytes.count >= s.count && Array(bytes.suffix(s.count)) == s
    }

    public func hasPrefix(_ prefix: String) -> Bool {
        let p = Array(prefix.utf8)
        return bytes.count >= p.count && Array(bytes.prefix(p.count)) == p
    }

    public func dropLast(_ n: Int) -> FileName { FileName(bytes: bytes.dropLast(n)) }

    public func appending(_ suffix: String) -> FileName { FileName(bytes: bytes + Array(suffix.utf8)) }

    /// `self + suffix` when that fits `maxBytes`, else the longest prefix of `self` that
    /// leaves room for `~` + 16 hex digits of the name's SHA-256 + `suffix`. Distinct names
    /// give distinct results; the result is deterministic (recovery finds it again).
    public func fitting(suffix: String) -> FileName {
        let tail = Array(suffix.utf8)
        if bytes.count + tail.count <= FileName.maxBytes { return FileName(bytes: bytes + tail) }
        let mark = Array(("~" + String(SHA256.hex(bytes).prefix(16))).utf8)
        let keep = FileName.characterBoundary(bytes, atMost: max(0, FileName.maxBytes - tail.count - mark.count))
        return FileName(bytes: Array(bytes.prefix(keep)) + mark + tail)
    }

    /// The largest cut ≤ `limit` that does not split a UTF-8 sequence (so a valid name stays valid).
    public static func characterBoundary(_ bytes: [UInt8], atMost limit: Int) -> Int {
        var keep = min(limit, bytes.count)
        while keep > 0 && keep < bytes.count && (bytes[keep] & 0xC0) == 0x80 && limit - keep < 3 { keep -= 1 }
        return keep
    }

    /// The escaped name of a helper file beside `escapedName` (`NAME.reason.json`,
    /// `NAME.rejects.csv`, …), within the file-system limit whatever the name's length.
    public static func sidecar(_ escapedName: String, _ suffix: String) -> String {
        FileName(escaped: escapedName).fitting(suffix: suffix).escaped
    }

    // MARK: Escaping

    private static let hex = Array("0123456789ABCDEF".utf8)

    static func escape(_ bytes: [UInt8]) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        func push(escapeOf b: UInt8) { out += [0x5C, 0x78, hex[Int(b >> 4)], hex[Int(b & 0xF)]] }
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            let length = validSequenceLength(bytes, at: i)
            if length == 0 || b < 0x20 || b == 0x7F {
                push(escapeOf: b)
                i += 1
            } else if b == 0x5C && isEscape(bytes, at: i) {
                push(escapeOf: b)
                i += 1
            } else {
                out += bytes[i..<(i + length)]
                i += length
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    static func decode(_ escaped: String) -> [UInt8] {
        let s = Array(escaped.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(s.count)
        var i = 0
        while i < s.count {
            if isEscape(s, at: i), let h = hexValue(s[i + 2]), let l = hexValue(s[i + 3]) {
                out.append(h << 4 | l)
                i += 4
            } else {
                out.append(s[i])
                i += 1
            }
        }
        return out
    }

    /// `\xHH` with two hex digits starts at `i`.
    private static func isEscape(_ s: [UInt8], at i: Int) -> Bool {
        i + 3 < s.count && s[i] == 0x5C && s[i + 1] == 0x78 && hexValue(s[i + 2]) != nil && hexValue(s[i + 3]) != nil
    }

    private static func hexValue(_ c: UInt8) -> UInt8? {
        switch c {
        case 0x30...0x39: return c - 0x30
        case 0x41...0x46: return c - 0x41 + 10
        case 0x61...0x66: return c - 0x61 + 10
        default: return nil
        }
    }

    /// Length of the valid UTF-8 sequence at `i` (RFC 3629: no overlongs, no surrogates,
    /// nothing above U+10FFFF), or 0.
    private static func validSequenceLength(_ s: [UInt8], at i: Int) -> Int {
        let b0 = s[i]
        if b0 < 0x80 { return 1 }
        func cont(_ k: Int, _ range: ClosedRange<UInt8> = 0x80...0xBF) -> Bool { i + k < s.count && range.contains(s[i + k]) }
        switch b0 {
        case 0xC2...0xDF: return cont(1) ? 2 : 0
        case 0xE0: return cont(1, 0xA0...0xBF) && cont(2) ? 3 : 0
        case 0xE1...0xEC, 0xEE...0xEF: return cont(1) && cont(2) ? 3 : 0
        case 0xED: return cont(1, 0x80...0x9F) && cont(2) ? 3 : 0
        case 0xF0: return cont(1, 0x90...0xBF) && cont(2) && cont(3) ? 4 : 0
        case 0xF1...0xF3: return cont(1) && cont(2) && cont(3) ? 4 : 0
        case 0xF4: return cont(1, 0x80...0x8F) && cont(2) && cont(3) ? 4 : 0
        default: return 0
        }
    }
}
