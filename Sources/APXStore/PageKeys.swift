/// The keys a page reads at once, each once, in first-seen order. Only plain keys are taken:
/// printable ASCII without space (codes), for which Swift's string equality and hashing are
/// byte for byte, as SQLite's BINARY comparison (for other text `==` is canonical equivalence,
/// which can equal other bytes). A key not taken is read on its own, as a single evaluation does.
public struct PageKeys: Sendable {
    public private(set) var list: [String] = []
    private var set: Set<String> = []

    public init() {}

    public var isEmpty: Bool { list.isEmpty }

    public mutating func insert(_ key: String) {
        guard Self.isPlain(key), set.insert(key).inserted else { return }
        list.append(key)
    }

    /// Whether `key` was taken (a plain key equal to it byte for byte).
    public func contains(_ key: String) -> Bool { Self.isPlain(key) && set.contains(key) }

    public static func isPlain(_ key: String) -> Bool {
        var key = key
        return key.withUTF8 { bytes in bytes.allSatisfy { $0 > 0x20 && $0 < 0x7F } }
    }
}
