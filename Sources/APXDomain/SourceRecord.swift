/// One record as read from an input file, before validation: field values keep the
/// source text; `units` keeps the listed construction units in order (lead first).
public struct SourceRecord: Sendable {
    public let number: Int
    public let line: Int?
    public var fields: [String: String]
    public var units: [Unit]
    /// A structural problem of this record alone (e.g. wrong CSV field count).
    public var shapeProblem: String?

    public init(number: Int, line: Int?, fields: [String: String], units: [Unit] = [], shapeProblem: String? = nil) {
        self.number = number
        self.line = line
        self.fields = fields
        self.units = units
        self.shapeProblem = shapeProblem
    }

    public subscript(_ field: String) -> String? { fields[field] }
}
