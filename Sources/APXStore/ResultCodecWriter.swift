import APXDomain
import Foundation

/// Writes `ResultCodec`'s JSON into memory sized once for the record's largest escaped form
/// (6 bytes per value byte, `\u00XX`), with no capacity check or Array append per piece:
/// a key with its punctuation is one copy, a value needing no escape one scan and one copy.
struct ResultCodecWriter {
    private let base: UnsafeMutablePointer<UInt8>
    private(set) var count = 0
    private var first = true

    private init(base: UnsafeMutablePointer<UInt8>) { self.base = base }

    /// `ResultCodec.encode`'s bytes for `r`.
    static func bytes(_ r: ResultRecord, compact: Bool) -> [UInt8] {
        [UInt8](unsafeUninitializedCapacity: bound(r)) { buffer, initialized in
            var w = ResultCodecWriter(base: buffer.baseAddress!)
            w.record(r, compact: compact)
            initialized = w.count
        }
    }

    /// Bytes `r` can take at most: every value escaped to 6 bytes a byte, plus its keys and
    /// punctuation (keys of the maps counted like values).
    private static func bound(_ r: ResultRecord) -> Int {
        let plain = r.acceptedAt.utf8.count + r.application.utf8.count + r.finishedAt.utf8.count + r.gcdm.utf8.count
            + r.issued.utf8.count + r.issuer.utf8.count + r.jsdwdm.utf8.count + r.jsdwmc.utf8.count + r.number.utf8.count
            + r.sxbm.utf8.count + r.title.utf8.count + r.validUntil.utf8.count + r.xmdm.utf8.count + r.xmmc.utf8.count
        var n = 400 + 6 * plain
        for m in [r.attributes, r.fields] {
            for (k, v) in m { n += 6 * (k.utf8.count + v.utf8.count) + 8 }
        }
        for d in r.documents { n += 6 * (d.name.utf8.count + d.path.utf8.count + d.sha256.utf8.count) + 80 }
        return n
    }

    private mutating func record(_ r: ResultRecord, compact: Bool) {
        byte(UInt8(ascii: "{"))
        string("acceptedAt", r.acceptedAt, compact)
        string("application", r.application, compact)
        map("attributes", r.attributes, compact)
        if !(compact && r.documents.isEmpty) {
            key("documents")
            byte(UInt8(ascii: "["))
            for (i, d) in r.documents.enumerated() {
                if i > 0 { byte(UInt8(ascii: ",")) }
                raw("{\"name\":"); quote(d.name)
                raw(",\"path\":"); quote(d.path)
                raw(",\"sha256\":"); quote(d.sha256)
                raw(",\"size\":"); decimal(d.size)
                byte(UInt8(ascii: "}"))
            }
            byte(UInt8(ascii: "]"))
        }
        map("fields", r.fields, compact)
        string("finishedAt", r.finishedAt, compact)
        string("gcdm", r.gcdm, compact, identity: true)
        string("issued", r.issued, compact)
        string("issuer", r.issuer, compact)
        string("jsdwdm", r.jsdwdm, compact)
        string("jsdwmc", r.jsdwmc, compact)
        string("number", r.number, compact, identity: true)
        if let days = r.promisedDays { key("promisedDays"); decimal(Int64(days)) }
        string("sxbm", r.sxbm, compact, identity: true)
        string("title", r.title, compact)
        string("validUntil", r.validUntil, compact)
        string("xmdm", r.xmdm, compact, identity: true)
        string("xmmc", r.xmmc, compact)
        byte(UInt8(ascii: "}"))
    }

    private mutating func string(_ k: StaticString, _ v: String, _ compact: Bool, identity: Bool = false) {
        if compact && (identity || v.isEmpty) { return }
        key(k)
        quote(v)
    }

    private mutating func map(_ k: StaticString, _ m: [String: String], _ compact: Bool) {
        if compact && m.isEmpty { return }
        key(k)
        byte(UInt8(ascii: "{"))
        for (i, pair) in ResultCodec.sortedPairs(m).enumerated() {
            if i > 0 { byte(UInt8(ascii: ",")) }
            quote(pair.key)
            byte(UInt8(ascii: ":"))
            quote(pair.value)
        }
        byte(UInt8(ascii: "}"))
    }

    @inline(__always) private mutating func byte(_ b: UInt8) {
        base[count] = b
        count += 1
    }

    @inline(__always) private mutating func raw(_ s: StaticString) {
        (base + count).update(from: s.utf8Start, count: s.utf8CodeUnitCount)
        count += s.utf8CodeUnitCount
    }

    /// `"key":`, after a comma unless it is the object's first.
    private mutating func key(_ k: StaticString) {
        if !first { byte(UInt8(ascii: ",")) }
        first = false
        byte(UInt8(ascii: "\""))
        raw(k)
        byte(UInt8(ascii: "\""))
        byte(UInt8(ascii: ":"))
    }

    private mutating func decimal(_ v: Int64) {
        var text = String(v)
        text.withUTF8 { bytes(UnsafeRawBufferPointer($0)) }
    }

    private mutating func bytes(_ b: UnsafeRawBufferPointer) {
        guard let source = b.baseAddress, !b.isEmpty else { return }
        UnsafeMutableRawPointer(base + count).copyMemory(from: source, byteCount: b.count)
        count += b.count
    }

    /// `ResultCodec.quote`: the value quoted, escaped as Foundation's encoder escapes it.
    private mutating func quote(_ s: String) {
        var text = s
        text.withUTF8 { quoted($0) }
    }

    private mutating func quoted(_ utf8: UnsafeBufferPointer<UInt8>) {
        byte(UInt8(ascii: "\""))
        var plain = true
        for b in utf8 where ResultCodec.needsEscape(b) { plain = false; break }
        if plain {
            bytes(UnsafeRawBufferPointer(utf8))
        } else {
            for b in utf8 { escaped(b) }
        }
        byte(UInt8(ascii: "\""))
    }

    private mutating func escaped(_ b: UInt8) {
        let hex: StaticString = "0123456789abcdef"
        switch b {
        case UInt8(ascii: "\""), UInt8(ascii: "/"): byte(UInt8(ascii: "\\")); byte(b)
        case UInt8(ascii: "\\"): byte(b); byte(b)
        case 0x08: byte(UInt8(ascii: "\\")); byte(UInt8(ascii: "b"))
        case 0x0C: byte(UInt8(ascii: "\\")); byte(UInt8(ascii: "f"))
        case 0x0A: byte(UInt8(ascii: "\\")); byte(UInt8(ascii: "n"))
        case 0x0D: byte(UInt8(ascii: "\\")); byte(UInt8(ascii: "r"))
        case 0x09: byte(UInt8(ascii: "\\")); byte(UInt8(ascii: "t"))
        case ..<0x20:
            raw("\\u00")
            byte(hex.utf8Start[Int(b >> 4)])
            byte(hex.utf8Start[Int(b & 0xF)])
        default: byte(b)
        }
    }
}
