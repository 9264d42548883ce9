/// The field names of one input file's records by position (a CSV header, or the flattened
/// element names an XML extract repeats), resolved once so that each record keeps only its
/// values. A name listed twice resolves to its first position.
public final class FieldTable: Sendable {
    public let names: [String]
    /// Open addressing over `names`' positions (-1: empty), sized a power of two.
    private let slots: [Int32]
    private let mask: Int

    public init(names: [String]) {
        self.names = names
        var size = 8
        while size < names.count * 2 { size <<= 1 }
        var slots = [Int32](repeating: -1, count: size)
        for (position, name) in names.enumerated() {
            var i = FieldTable.hash(name) & (size - 1)
            var known = false
            while slots[i] >= 0 {
                if names[Int(slots[i])] == name { known = true; break }
                i = (i + 1) & (size - 1)
            }
            if !known { slots[i] = Int32(position) }
        }
        self.slots = slots
        self.mask = size - 1
    }

    /// A cheap mix of the length and the outer bytes (names are short codes).
    @inline(__always)
    static func hash(_ name: String) -> Int {
        if let h = name.utf8.withContiguousStorageIfAvailable(hash) { return h }
        var copy = name
        return copy.withUTF8(hash)
    }

    static func hash(_ b: UnsafeBufferPointer<UInt8>) -> Int {
        let n = b.count
        guard n > 0 else { return 0 }
        var h = n &* 0x9E37
        h = (h ^ Int(b[0])) &* 0x01000193
        h = (h ^ Int(b[n - 1])) &* 0x01000193
        if n > 2 { h = (h ^ Int(b[1])) &* 0x01000193; h = (h ^ Int(b[n - 2])) &* 0x01000193 }
        return h ^ (h >> 15)
    }

    /// The first position of `name`, nil when the file has no such field.
    @inline(__always)
    public func position(of name: String) -> Int? {
        var i = FieldTable.hash(name) & mask
        while true {
            let p = slots[i]
            if p < 0 { return nil }
            if names[Int(p)] == name { return Int(p) }
            i = (i + 1) & mask
        }
    }

    /// Whether `other` lists the same names in the same order.
    public func hasNames(_ other: [String]) -> Bool { names == other }
}
