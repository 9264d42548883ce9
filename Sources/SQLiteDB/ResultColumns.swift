/// The column names of one statement's result, shared by every row it returns, with what a
/// read by name needs precomputed once. A lookup tries, in order, cheapest first:
/// 1. the name's representation: a String's 16 bytes (`Representation`); a name of up to 15
///    bytes is stored in them, so the literal `"version"` and the column name `version` have
///    the same 16 bytes. Equal representations are equal Strings (the column names are held
///    here, so no other String can reuse their storage address); unequal ones prove nothing;
/// 2. the UTF-8 bytes: each name's length and first 16 bytes as integers, and all names' bytes
///    in one buffer (names longer than 15 bytes, or short ones kept in a heap String);
/// 3. String equality (canonically equivalent text),
/// so the answer is the one `columns.firstIndex(of:)` gives (but for two columns whose names
/// are canonically equivalent and differ in bytes: then the byte-identical one).
final class ResultColumns: Sendable {
    let names: [String]
    let sql: String
    private let representations: [Representation]
    private let keys: [Key]
    private let bytes: [UInt8]
    private let offsets: [Int]

    /// A String's 16 bytes (its size on the 64-bit platforms apx builds for), as they are (no
    /// retain: only compared).
    struct Representation: Equatable {
        let low: UInt64
        let high: UInt64

        init(_ string: String) {
            (low, high) = unsafeBitCast(string, to: (UInt64, UInt64).self)
        }
    }

    struct Key: Equatable {
        let count: Int
        let head: UInt64
        let next: UInt64

        init(_ utf8: UnsafeBufferPointer<UInt8>) {
            count = utf8.count
            head = Key.word(utf8, from: 0)
            next = Key.word(utf8, from: 8)
        }

        /// Up to 8 bytes from `from`, zero-padded.
        static func word(_ utf8: UnsafeBufferPointer<UInt8>, from: Int) -> UInt64 {
            guard from < utf8.count, let base = utf8.baseAddress else { return 0 }
            if utf8.count - from >= 8 { return UnsafeRawPointer(base + from).loadUnaligned(as: UInt64.self) }
            var value: UInt64 = 0
            for i in from..<utf8.count { value |= UInt64(base[i]) << (8 * UInt64(i - from)) }
            return value
        }
    }

    init(names: [String], sql: String) {
        self.names = names
        self.sql = sql
        var keys: [Key] = [], bytes: [UInt8] = [], offsets: [Int] = []
        keys.reserveCapacity(names.count)
        for var name in names {
            offsets.append(bytes.count)
            name.withUTF8 { utf8 in
                keys.append(Key(utf8))
                bytes.append(contentsOf: utf8)
            }
        }
        self.representations = names.map(Representation.init)
        self.keys = keys
        self.bytes = bytes
        self.offsets = offsets
    }

    var count: Int { names.count }

    /// The index of the first column named `name`, or nil.
    func index(of name: String) -> Int? {
        let representation = Representation(name)
        for i in representations.indices where representations[i] == representation { return i }
        let exact: Int?? = name.utf8.withContiguousStorageIfAvailable { utf8 in
            let key = Key(utf8)
            for i in keys.indices where keys[i] == key {
                if key.count <= 16 || tailMatches(utf8, column: i) { return i }
            }
            return nil
        }
        if let exact, let exact { return exact }
        return names.firstIndex(of: name)
    }

    private func tailMatches(_ utf8: UnsafeBufferPointer<UInt8>, column: Int) -> Bool {
        bytes.withUnsafeBufferPointer { all in
            let start = offsets[column]
            for i in 16..<utf8.count where all[start + i] != utf8[i] { return false }
            return true
        }
    }
}
