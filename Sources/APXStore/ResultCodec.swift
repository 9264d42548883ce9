import APXDomain
import Foundation

/// Results are stored as their normalised record: JSON with keys sorted and `promisedDays`
/// left out when absent — the bytes `JSONEncoder` with `.sortedKeys` writes (pinned by
/// ResultCodecTests) — written and read here by hand, without Codable's per-key
/// machinery. Text this reader does not follow goes to `JSONDecoder`.
enum ResultCodec {
    /// What a result row holds in its own columns; the compact form leaves it out.
    struct Identity {
        let sxbm: String, number: String, xmdm: String, gcdm: String
    }

    /// The stored form: as `encode`, without the identity (the row's columns) and without
    /// empty strings, maps and lists (read back as empty). Recognised by having no `sxbm`.
    static func encodeCompact(_ r: ResultRecord) -> String { encode(r, compact: true) }

    static func encode(_ r: ResultRecord, compact: Bool = false) -> String {
        String(decoding: encodedBytes(r, compact: compact), as: UTF8.self)
    }

    /// `encode`'s UTF-8 bytes (valid UTF-8: Strings' bytes and ASCII), for binding as text
    /// without making a String of them.
    static func encodedBytes(_ r: ResultRecord, compact: Bool) -> [UInt8] {
        ResultCodecWriter.bytes(r, compact: compact)
    }

    /// A map's pairs in the order of `keys.sorted()` (String order: for the ASCII field names,
    /// a comparison of small strings' raw bits in the standard library).
    static func sortedPairs(_ m: [String: String]) -> [(key: String, value: String)] {
        var pairs = Array(m)
        if pairs.count > 1 { pairs.sort { $0.key < $1.key } }
        return pairs
    }

    /// Whether a UTF-8 byte is written escaped (`ResultCodecWriter`).
    @inline(__always) static func needsEscape(_ b: UInt8) -> Bool {
        b < 0x20 || b == UInt8(ascii: "\"") || b == UInt8(ascii: "\\") || b == UInt8(ascii: "/")
    }

    /// A stored record: the compact form (completed from `identity`) or the full one.
    static func decode(_ text: String, identity: Identity) -> ResultRecord {
        if let r = fastDecode(text, identity: identity) { return r }
        return decode(text)
    }

    /// `decode(_:identity:)` over the stored UTF-8 bytes: a String of the record only when the
    /// stream reader is not sure.
    static func decode(bytes: UnsafeBufferPointer<UInt8>, identity: Identity) -> ResultRecord {
        if let r = streamDecode(bytes: bytes, identity: identity) { return r }
        return decode(String(decoding: bytes, as: UTF8.self), identity: identity)
    }

    static func decode(_ text: String) -> ResultRecord {
        if let r = fastDecode(text) { return r }
        return (try? JSONDecoder().decode(ResultRecord.self, from: Data(text.utf8))) ?? ResultRecord(sxbm: "", number: "", xmdm: "", gcdm: "")
    }

    static func fastDecode(_ text: String, identity: Identity? = nil) -> ResultRecord? {
        streamDecode(text, identity: identity) ?? treeDecode(text, identity: identity)
    }

    /// The reference reader (`fastDecode` answers as it does): a tree of values, then the record.
    static func treeDecode(_ text: String, identity: Identity? = nil) -> ResultRecord? {
        var text = text
        return text.withUTF8 { bytes -> ResultRecord? in
            var p = JSONBytes(bytes: bytes)
            guard case .object(let top)? = p.value(), p.atEnd else { return nil }
            var r = ResultRecord(sxbm: "", number: "", xmdm: "", gcdm: "")
            for (k, v) in top {
                switch (k, v) {
                case ("acceptedAt", .string(let s)): r.acceptedAt = s
                case ("application", .string(let s)): r.application = s
                case ("attributes", .object(let m)):
                    guard let m = strings(m) else { return nil }
                    r.attributes = m
                case ("fields", .object(let m)):
                    guard let m = strings(m) else { return nil }
                    r.fields = m
                case ("finishedAt", .string(let s)): r.finishedAt = s
                case ("gcdm", .string(let s)): r.gcdm = s
                case ("issued", .string(let s)): r.issued = s
                case ("issuer", .string(let s)): r.issuer = s
                case ("jsdwdm", .string(let s)): r.jsdwdm = s
                case ("jsdwmc", .string(let s)): r.jsdwmc = s
                case ("number", .string(let s)): r.number = s
                case ("promisedDays", .int(let n)): r.promisedDays = n
                case ("promisedDays", .null): r.promisedDays = nil
                case ("sxbm", .string(let s)): r.sxbm = s
                case ("title", .string(let s)): r.title = s
                case ("validUntil", .string(let s)): r.validUntil = s
                case ("xmdm", .string(let s)): r.xmdm = s
                case ("xmmc", .string(let s)): r.xmmc = s
                case ("documents", .array(let list)):
                    var documents: [ResultRecord.Document] = []
                    for item in list {
                        guard case .object(let d) = item else { return nil }
                        var name = "", path = "", sha = "", size: Int64?
                        for (dk, dv) in d {
                            switch (dk, dv) {
                            case ("name", .string(let s)): name = s
                            case ("path", .string(let s)): path = s
                            case ("sha256", .string(let s)): sha = s
                            case ("size", .int(let n)): size = Int64(n)
                            default: return nil
                            }
                        }
                        guard let size else { return nil }
                        documents.append(.init(name: name, size: size, sha256: sha, path: path))
                    }
                    r.documents = documents
                default: return nil
                }
            }
            if let identity, !top.contains(where: { $0.0 == "sxbm" }) {
                (r.sxbm, r.number, r.xmdm, r.gcdm) = (identity.sxbm, identity.number, identity.xmdm, identity.gcdm)
                return r
            }
            return top.count >= 17 ? r : nil
        }
    }

    static func strings(_ pairs: [(String, JSONBytes.Value)]) -> [String: String]? {
        var out: [String: String] = [:]
        for (k, v) in pairs { guard case .string(let s) = v else { return nil }; out[k] = s }
        return out
    }
}

/// A small JSON reader over UTF-8 bytes (objects, arrays, strings, integers, null, booleans);
/// nil for anything else (fractions, exponents, malformed text).
struct JSONBytes {
    enum Value { case string(String), int(Int), object([(String, Value)]), array([Value]), null, bool(Bool) }
    let bytes: UnsafeBufferPointer<UInt8>
    var i = 0

    var atEnd: Bool { mutating get { skipSpace(); return i == bytes.count } }

    mutating func skipSpace() {
        while i < bytes.count, bytes[i] == 0x20 || bytes[i] == 0x0A || bytes[i] == 0x0D || bytes[i] == 0x09 { i += 1 }
    }

    mutating func value() -> Value? {
        skipSpace()
        guard i < bytes.count else { return nil }
        switch bytes[i] {
        case UInt8(ascii: "{"):
            i += 1
            var pairs: [(String, Value)] = []
            skipSpace()
            if i < bytes.count, bytes[i] == UInt8(ascii: "}") { i += 1; return .object(pairs) }
            while true {
                skipSpace()
                guard let k = string() else { return nil }
                skipSpace()
                guard i < bytes.count, bytes[i] == UInt8(ascii: ":") else { return nil }
                i += 1
                guard let v = value() else { return nil }
                pairs.append((k, v))
                skipSpace()
                guard i < bytes.count else { return nil }
                if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
                if bytes[i] == UInt8(ascii: "}") { i += 1; return .object(pairs) }
                return nil
            }
        case UInt8(ascii: "["):
            i += 1
            var items: [Value] = []
            skipSpace()
            if i < bytes.count, bytes[i] == UInt8(ascii: "]") { i += 1; return .array(items) }
            while true {
                guard let v = value() else { return nil }
                items.append(v)
                skipSpace()
                guard i < bytes.count else { return nil }
                if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
                if bytes[i] == UInt8(ascii: "]") { i += 1; return .array(items) }
                return nil
            }
        case UInt8(ascii: "\""):
            return string().map(Value.string)
        case UInt8(ascii: "n"): return literal("null", .null)
        case UInt8(ascii: "t"): return literal("true", .bool(true))
        case UInt8(ascii: "f"): return literal("false", .bool(false))
        default:
            let start = i
            if bytes[i] == UInt8(ascii: "-") { i += 1 }
            while i < bytes.count, bytes[i] >= 0x30, bytes[i] <= 0x39 { i += 1 }
            guard i > start, i - start <= 18, i == bytes.count || ![UInt8(ascii: "."), UInt8(ascii: "e"), UInt8(ascii: "E")].contains(bytes[i]),
                  let n = Int(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<i]), as: UTF8.self)) else { return nil }
            return .int(n)
        }
    }

    mutating func literal(_ word: StaticString, _ v: Value) -> Value? {
        let n = word.utf8CodeUnitCount
        guard i + n <= bytes.count else { return nil }
        for k in 0..<n where bytes[i + k] != word.utf8Start[k] { return nil }
        i += n
        return v
    }

    mutating func string() -> String? {
        guard i < bytes.count, bytes[i] == UInt8(ascii: "\"") else { return nil }
        i += 1
        let start = i
        while i < bytes.count, bytes[i] != UInt8(ascii: "\""), bytes[i] != UInt8(ascii: "\\") { i += 1 }
        guard i < bytes.count else { return nil }
        var out = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<i]), as: UTF8.self)
        if bytes[i] == UInt8(ascii: "\"") { i += 1; return out }
        // Escapes: finish scalar by scalar.
        var raw: [UInt8] = []
        while i < bytes.count {
            let b = bytes[i]
            if b == UInt8(ascii: "\"") { i += 1; out += String(decoding: raw, as: UTF8.self); return out }
            if b != UInt8(ascii: "\\") { raw.append(b); i += 1; continue }
            guard i + 1 < bytes.count else { return nil }
            let e = bytes[i + 1]
            i += 2
            switch e {
            case UInt8(ascii: "\""): raw.append(0x22)
            case UInt8(ascii: "\\"): raw.append(0x5C)
            case UInt8(ascii: "/"): raw.append(0x2F)
            case UInt8(ascii: "b"): raw.append(0x08)
            case UInt8(ascii: "f"): raw.append(0x0C)
            case UInt8(ascii: "n"): raw.append(0x0A)
            case UInt8(ascii: "r"): raw.append(0x0D)
            case UInt8(ascii: "t"): raw.append(0x09)
            case UInt8(ascii: "u"):
                guard let unit = hex4() else { return nil }
                var scalarValue = UInt32(unit)
                if (0xD800..<0xDC00).contains(unit) {
                    guard i + 1 < bytes.count, bytes[i] == UInt8(ascii: "\\"), bytes[i + 1] == UInt8(ascii: "u") else { return nil }
                    i += 2
                    guard let low = hex4(), (0xDC00..<0xE000).contains(low) else { return nil }
                    scalarValue = 0x10000 + ((UInt32(unit) - 0xD800) << 10) + (UInt32(low) - 0xDC00)
                }
                guard let scalar = Unicode.Scalar(scalarValue) else { return nil }
                raw += Array(String(Character(scalar)).utf8)
            default: return nil
            }
        }
        return nil
    }

    mutating func hex4() -> UInt16? {
        guard i + 4 <= bytes.count,
              let v = UInt16(String(decoding: UnsafeBufferPointer(rebasing: bytes[i..<i + 4]), as: UTF8.self), radix: 16) else { return nil }
        i += 4
        return v
    }
}
