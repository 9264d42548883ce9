/// What the store found in the database that it cannot read.
public enum StoreError: Error, CustomStringConvertible, Sendable {
    /// A column holds a value its vocabulary does not know.
    case unknownValue(column: String, raw: String, type: String)

    public var description: String {
        switch self {
        case .unknownValue(let column, let raw, let type): return "\(column) holds \"\(raw)\", not a \(type)"
        }
    }
}
