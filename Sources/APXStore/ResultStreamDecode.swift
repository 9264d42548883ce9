import APXDomain

extension ResultCodec {
    /// The record read straight from the bytes, without a tree of values or a String per key:
    /// the same record `treeDecode` returns, or nil whenever this reader is not sure (a key
    /// with an escape, a key or value it does not know, documents), and then `treeDecode`
    /// decides.
    static func streamDecode(_ text: String, identity: Identity?) -> ResultRecord? {
        var text = text
        return text.withUTF8 { streamDecode(bytes: $0, identity: identity) }
    }

    /// `streamDecode` over the record's UTF-8 bytes as stored (no String for the whole record).
    static func streamDecode(bytes: UnsafeBufferPointer<UInt8>, identity: Identity?) -> ResultRecord? {
        do {
            var p = JSONBytes(bytes: bytes)
            p.skipSpace()
            guard p.i < bytes.count, bytes[p.i] == UInt8(ascii: "{") else { return nil }
            p.i += 1
            var r = ResultRecord(sxbm: "", number: "", xmdm: "", gcdm: "")
            var count = 0, sawSXBM = false
            p.skipSpace()
            if p.i < bytes.count, bytes[p.i] == UInt8(ascii: "}") {
                p.i += 1
            } else {
                while true {
                    p.skipSpace()
                    guard let key = plainKey(&p) else { return nil }
                    p.skipSpace()
                    guard p.i < bytes.count, bytes[p.i] == UInt8(ascii: ":") else { return nil }
                    p.i += 1
                    p.skipSpace()
                    guard p.i < bytes.count else { return nil }
                    let k = UnsafeBufferPointer(rebasing: bytes[key])
                    if is_(k, "attributes") || is_(k, "fields") {
                        guard let m = stringMap(&p) else { return nil }
                        if k.count == 6 { r.fields = m } else { r.attributes = m }
                    } else if is_(k, "promisedDays") {
                        if bytes[p.i] == UInt8(ascii: "n") {
                            guard case .null? = p.literal("null", .null) else { return nil }
                            r.promisedDays = nil
                        } else {
                            guard case .int(let n)? = p.value() else { return nil }
                            r.promisedDays = n
                        }
                    } else {
                        guard bytes[p.i] == UInt8(ascii: "\""), let v = p.string() else { return nil }
                        switch k.count {
                        case 4 where is_(k, "gcdm"): r.gcdm = v
                        case 4 where is_(k, "sxbm"): r.sxbm = v; sawSXBM = true
                        case 4 where is_(k, "xmdm"): r.xmdm = v
                        case 4 where is_(k, "xmmc"): r.xmmc = v
                        case 5 where is_(k, "title"): r.title = v
                        case 6 where is_(k, "issued"): r.issued = v
                        case 6 where is_(k, "issuer"): r.issuer = v
                        case 6 where is_(k, "jsdwdm"): r.jsdwdm = v
                        case 6 where is_(k, "jsdwmc"): r.jsdwmc = v
                        case 6 where is_(k, "number"): r.number = v
                        case 10 where is_(k, "acceptedAt"): r.acceptedAt = v
                        case 10 where is_(k, "finishedAt"): r.finishedAt = v
                        case 10 where is_(k, "validUntil"): r.validUntil = v
                        case 11 where is_(k, "application"): r.application = v
                        default: return nil
                        }
                    }
                    count += 1
                    p.skipSpace()
                    guard p.i < bytes.count else { return nil }
                    if bytes[p.i] == UInt8(ascii: ",") { p.i += 1; continue }
                    if bytes[p.i] == UInt8(ascii: "}") { p.i += 1; break }
                    return nil
                }
            }
            guard p.atEnd else { return nil }
            if let identity, !sawSXBM {
                (r.sxbm, r.number, r.xmdm, r.gcdm) = (identity.sxbm, identity.number, identity.xmdm, identity.gcdm)
                return r
            }
            return count >= 17 ? r : nil
        }
    }

    /// The byte range of a key without escapes (the cursor after its closing quote).
    private static func plainKey(_ p: inout JSONBytes) -> Range<Int>? {
        let bytes = p.bytes
        guard p.i < bytes.count, bytes[p.i] == UInt8(ascii: "\"") else { return nil }
        let start = p.i + 1
        var j = start
        while j < bytes.count, bytes[j] != UInt8(ascii: "\"") {
            if bytes[j] == UInt8(ascii: "\\") { return nil }
            j += 1
        }
        guard j < bytes.count else { return nil }
        p.i = j + 1
        return start..<j
    }

    /// `{"name":"value",…}` as a dictionary (a later duplicate wins, as `strings` does).
    private static func stringMap(_ p: inout JSONBytes) -> [String: String]? {
        let bytes = p.bytes
        guard bytes[p.i] == UInt8(ascii: "{") else { return nil }
        p.i += 1
        var out = [String: String](minimumCapacity: 8)   // one allocation for the usual few names
        p.skipSpace()
        if p.i < bytes.count, bytes[p.i] == UInt8(ascii: "}") { p.i += 1; return out }
        while true {
            p.skipSpace()
            guard let k = p.string() else { return nil }
            p.skipSpace()
            guard p.i < bytes.count, bytes[p.i] == UInt8(ascii: ":") else { return nil }
            p.i += 1
            p.skipSpace()
            guard p.i < bytes.count, bytes[p.i] == UInt8(ascii: "\""), let v = p.string() else { return nil }
            out[k] = v
            p.skipSpace()
            guard p.i < bytes.count else { return nil }
            if bytes[p.i] == UInt8(ascii: ",") { p.i += 1; continue }
            if bytes[p.i] == UInt8(ascii: "}") { p.i += 1; return out }
            return nil
        }
    }

    @inline(__always)
    private static func is_(_ k: UnsafeBufferPointer<UInt8>, _ name: StaticString) -> Bool {
        guard k.count == name.utf8CodeUnitCount else { return false }
        let n = name.utf8Start
        for i in 0..<k.count where k[i] != n[i] { return false }
        return true
    }
}
