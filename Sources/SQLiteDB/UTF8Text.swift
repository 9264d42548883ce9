/// Text given as its UTF-8 bytes, bound as TEXT straight from them (no String made and
/// validated on the way). Contract: the bytes are valid UTF-8 (e.g. written from Strings'
/// bytes and ASCII, as `ResultCodecWriter` writes them). Reads back as any text does.
public struct UTF8Text: SQLBindable, Sendable {
    public let bytes: [UInt8]

    public init(bytes: [UInt8]) { self.bytes = bytes }

    /// As a String (for a use that is not a direct bind, e.g. a feed).
    public var sqlValue: SQLValue { .text(String(decoding: bytes, as: UTF8.self)) }

    @inlinable public func bind(to statement: Statement, at index: Int32) throws {
        try bytes.withUnsafeBytes { try statement.bindTextBytes($0, at: index) }
    }
}

extension SQLBindable {
    /// Binds `sqlValue` (the default; a type that has its bytes at hand binds them itself).
    @inlinable public func bind(to statement: Statement, at index: Int32) throws {
        try statement.bind(sqlValue, at: index)
    }
}
