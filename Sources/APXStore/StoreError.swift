/// What the store found in the database that it cannot read, or was asked to write and cannot.
public enum StoreError: Error, CustomStringConvertible, Sendable {
    /// A column holds a value its vocabulary does not know.
    case unknownValue(column: String, raw: String, type: String)
    /// Push records asked to go into a file that were not all in none yet (a record's file is
    /// set once), or not all there: nothing of the call is kept once its transaction rolls back.
    case notAssignable(file: Int, asked: Int, assigned: Int)

    public var description: String {
        switch self {
        case .unknownValue(let column, let raw, let type): return "\(column) holds \"\(raw)\", not a \(type)"
        case .notAssignable(let file, let asked, let assigned):
            return "\(asked) push record(s) asked into outbox file \(file), \(assigned) of them not yet in a file"
        }
    }
}
