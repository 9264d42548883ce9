/// One record as read from an input file, before validation: field values keep the
/// source text; `units` keeps the listed construction units in order (lead first).
/// A record read from a file holds its values by position in the file's `FieldTable`;
/// one built from a dictionary (or whose `fields` were set) holds that dictionary.
public struct SourceRecord: Sendable {
    public let number: Int
    public let line: Int?
    private var table: FieldTable?
    private var values: [String]
    private var named: [String: String]
    public var units: [Unit]
    /// A structural problem of this record alone (e.g. wrong CSV field count).
    public var shapeProblem: String?

    public init(number: Int, line: Int?, fields: [String: String], units: [Unit] = [], shapeProblem: String? = nil) {
        self.number = number
        self.line = line
        self.table = nil
        self.values = []
        self.named = fields
        self.units = units
        self.shapeProblem = shapeProblem
    }

    /// Values by position in `table`; a name whose position is past the last value is absent
    /// (a short CSV row).
    public init(number: Int, line: Int?, table: FieldTable, values: [String], units: [Unit] = [], shapeProblem: String? = nil) {
        self.number = number
        self.line = line
        self.table = table
        self.values = values
        self.named = [:]
        self.units = units
        self.shapeProblem = shapeProblem
    }

    /// Every field by name.
    public var fields: [String: String] {
        get {
            guard let table else { return named }
            var out: [String: String] = [:]
            out.reserveCapacity(table.names.count)
            for (i, name) in table.names.enumerated() where i < values.count && out[name] == nil { out[name] = values[i] }
            return out
        }
        set {
            table = nil
            values = []
            named = newValue
        }
    }

    public subscript(_ field: String) -> String? {
        if let table {
            guard let p = table.position(of: field), p < values.count else { return nil }
            return values[p]
        }
        return named[field]
    }
}
