/// Prepared statements by SQL text, found without hashing the whole text on every call.
///
/// The key is the SQL's exact UTF-8 bytes. The hash samples them (the length and eight 8-byte
/// words spread over the text; every byte of a text under 8 bytes), so a lookup costs the same for a 40-byte and a 4 KB
/// statement; two texts with the same sample share a probe sequence and are told apart by the
/// byte comparison, which for the same String storage (a literal passed again) is one pointer
/// comparison. Open addressing with linear probing, at most half full. Bounded: when
/// `limit` statements are held, the cache is emptied before the next is added (a statement in
/// use up the stack stays alive until its use ends; SQL built with changing text cannot grow
/// memory without bound).
struct StatementCache {
    private struct Entry {
        let sql: String
        let hash: Int
        let statement: Statement
    }

    private var slots: [Entry?]
    private var mask: Int
    private(set) var count = 0
    let limit: Int

    init(limit: Int = 512) {
        self.limit = limit
        slots = Array(repeating: nil, count: 64)
        mask = 63
    }

    /// The statement cached for `sql`, if any.
    func statement(for sql: String, hash: Int) -> Statement? {
        var i = hash & mask
        while let entry = slots[i] {
            if entry.hash == hash, StatementCache.sameBytes(entry.sql, sql) { return entry.statement }
            i = (i + 1) & mask
        }
        return nil
    }

    mutating func insert(_ statement: Statement, for sql: String, hash: Int) {
        if count >= limit { removeAll() }
        if (count + 1) * 2 > slots.count { grow() }
        place(Entry(sql: sql, hash: hash, statement: statement))
        count += 1
    }

    mutating func removeAll() {
        slots = Array(repeating: nil, count: 64)
        mask = 63
        count = 0
    }

    private mutating func place(_ entry: Entry) {
        var i = entry.hash & mask
        while slots[i] != nil { i = (i + 1) & mask }
        slots[i] = entry
    }

    private mutating func grow() {
        let old = slots
        slots = Array(repeating: nil, count: old.count * 2)
        mask = slots.count - 1
        for case let entry? in old { place(entry) }
    }

    /// The sampled hash of `sql`'s UTF-8 bytes.
    static func hash(_ sql: String) -> Int {
        if let h = sql.utf8.withContiguousStorageIfAvailable(hash(utf8:)) { return h }
        var copy = sql
        return copy.withUTF8(hash(utf8:))
    }

    private static func hash(utf8: UnsafeBufferPointer<UInt8>) -> Int {
        let n = utf8.count
        var h = UInt64(truncatingIfNeeded: n) &* 0x9E37_79B9_7F4A_7C15
        guard let base = utf8.baseAddress else { return Int(truncatingIfNeeded: h) }
        let raw = UnsafeRawPointer(base)
        if n < 8 {
            for i in 0..<n { h = (h ^ UInt64(base[i])) &* 0x100_0000_01B3 }
        } else {
            // Eight words at evenly spaced offsets (one division, not one per word), the last
            // ending at the last byte.
            let span = n - 8, step = span / 7
            for k in 0...7 {
                let word = raw.loadUnaligned(fromByteOffset: k == 7 ? span : step * k, as: UInt64.self)
                h = (h ^ word) &* 0xFF51_AFD7_ED55_8CCD
                h ^= h >> 29
            }
        }
        return Int(truncatingIfNeeded: h)
    }

    /// Byte equality (not String's canonical equivalence: SQLite runs the bytes).
    static func sameBytes(_ a: String, _ b: String) -> Bool {
        let fast: Bool? = a.utf8.withContiguousStorageIfAvailable { x in
            b.utf8.withContiguousStorageIfAvailable { y in
                x.count == y.count && (x.baseAddress == y.baseAddress || equal(x, y))
            }
        } ?? nil
        return fast ?? a.utf8.elementsEqual(b.utf8)
    }

    /// Equal bytes, compared 8 at a time; `x` and `y` have the same count.
    private static func equal(_ x: UnsafeBufferPointer<UInt8>, _ y: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let p = x.baseAddress, let q = y.baseAddress else { return x.count == 0 }
        let n = x.count, rp = UnsafeRawPointer(p), rq = UnsafeRawPointer(q)
        var i = 0
        while i + 8 <= n {
            if rp.loadUnaligned(fromByteOffset: i, as: UInt64.self) != rq.loadUnaligned(fromByteOffset: i, as: UInt64.self) { return false }
            i += 8
        }
        while i < n {
            if p[i] != q[i] { return false }
            i += 1
        }
        return true
    }
}
