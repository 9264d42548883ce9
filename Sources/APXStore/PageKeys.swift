/// The keys a page reads at once, each once, in first-seen order. Only plain keys are taken:
/// printable ASCII without space (codes), for which Swift's string equality and hashing are
/// byte for byte, as SQLite's BINARY comparison (for other text `==` is canonical equivalence,
/// which can equal other bytes). A key not taken is read on its own, as a single evaluation does.
public struct PageKeys: Sendable {
    public private(set) var list: [String] = []
    /// Each key's position in `list`.
    private var positions: [String: Int] = [:]

    public init() {}

    public var isEmpty: Bool { list.isEmpty }

    public mutating func insert(_ key: String) {
        guard Self.isPlain(key) else { return }
        let next = list.count
        var taken = false
        func take(_ position: inout Int) { if position < 0 { position = next; taken = true } }
        take(&positions[key, default: -1])   // one lookup, inserting when absent
        if taken { list.append(key) }
    }

    /// Whether `key` was taken (a plain key equal to it byte for byte).
    public func contains(_ key: String) -> Bool { position(of: key) != nil }

    /// Where `key` is in `list` (nil: not taken).
    public func position(of key: String) -> Int? { Self.isPlain(key) ? positions[key] : nil }

    public static func isPlain(_ key: String) -> Bool {
        var key = key
        return key.withUTF8 { bytes in bytes.allSatisfy { $0 > 0x20 && $0 < 0x7F } }
    }
}
