/// Why a document could not be read. `kind` maps onto the pipeline's file reason codes.
public struct XMLStreamError: Error, CustomStringConvertible, Sendable {
    public struct Kind: Hashable, Sendable, CustomStringConvertible {
        public let name: String
        public init(_ name: String) { self.name = name }
        public static let malformed = Kind("malformed")
        public static let doctype = Kind("doctype")
        public static let encoding = Kind("encoding")
        public static let tooDeep = Kind("tooDeep")
        public static let textTooLarge = Kind("textTooLarge")
        public static let unreadable = Kind("unreadable")
        public var description: String { name }
    }

    public let kind: Kind
    public let message: String
    public let line: Int?

    public init(kind: Kind, message: String, line: Int? = nil) {
        self.kind = kind
        self.message = message
        self.line = line
    }

    public var description: String {
        line.map { "\(kind): \(message) (line \($0))" } ?? "\(kind): \(message)"
    }
}
