import Foundation

/// A text key compared and hashed by its UTF-8 bytes, as SQLite compares TEXT with the
/// BINARY collation (Swift's `==` on strings is canonical equivalence: two byte spellings of
/// one text are equal there, two keys here — as in the table's unique index).
struct ByteKey: Hashable {
    let text: String

    init(_ text: String) { self.text = text }

    static func == (a: ByteKey, b: ByteKey) -> Bool {
        var x = a.text, y = b.text
        guard x.utf8.count == y.utf8.count else { return false }
        return x.withUTF8 { p in y.withUTF8 { q in p.count == 0 || memcmp(p.baseAddress!, q.baseAddress!, p.count) == 0 } }
    }

    func hash(into hasher: inout Hasher) {
        var text = self.text
        text.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
    }
}

/// (SXBM, number): a result's identity across its versions, as bytes.
struct ResultKey: Hashable {
    let sxbm: ByteKey
    let number: ByteKey

    init(sxbm: String, number: String) {
        self.sxbm = ByteKey(sxbm)
        self.number = ByteKey(number)
    }
}
