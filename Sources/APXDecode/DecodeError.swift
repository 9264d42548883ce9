import APXCore

/// A file that cannot be decoded; `code` is its file-level reason (spec 03).
public struct DecodeError: Error, CustomStringConvertible, Sendable {
    public let code: ReasonCode
    public let message: String
    public let line: Int?

    public init(_ code: ReasonCode, _ message: String, line: Int? = nil) {
        self.code = code
        self.message = message
        self.line = line
    }

    public var description: String {
        line.map { "\(code): \(message) (line \($0))" } ?? "\(code): \(message)"
    }
}
