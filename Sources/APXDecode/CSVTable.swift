import APXCore
import APXDomain

/// A CSV file read by column name: the header row names the columns (any order,
/// unknown ones ignored); a missing required column is `CSV_HEADER`.
public final class CSVTable {
    private let reader: CSVReader
    public let header: [String]
    /// The header's names by position (the first of a repeated name counts).
    public let table: FieldTable
    private var recordNumber = 0

    public init(reader: CSVReader, required: [String]) throws {
        self.reader = reader
        guard let first = try reader.next() else {
            throw DecodeError(.csvHeader, "file has no header row", line: 1)
        }
        header = first.fields.map { $0.trimmedSpaces().uppercased() }
        table = FieldTable(names: header)
        let missing = required.filter { table.position(of: $0) == nil }
        if !missing.isEmpty {
            throw DecodeError(.csvHeader, "missing column(s) \(missing.joined(separator: ", "))", line: 1)
        }
    }

    public struct Record: Sendable {
        public let number: Int
        public let line: Int
        /// The row's fields by position; `table` names them.
        public let fields: [String]
        public let table: FieldTable
        /// Set when the row's field count differs from the header's.
        public let shapeProblem: String?

        /// The value of column `name`, nil when the header has none or the row is short.
        public subscript(_ name: String) -> String? {
            guard let p = table.position(of: name), p < fields.count else { return nil }
            return fields[p]
        }

        /// Every column the row reaches, by name.
        public var values: [String: String] {
            SourceRecord(number: number, line: line, table: table, values: fields).fields
        }
    }

    public func next() throws -> Record? {
        guard let row = try reader.next() else { return nil }
        recordNumber += 1
        let problem = row.fields.count == header.count ? nil
            : "row has \(row.fields.count) fields, header has \(header.count)"
        return Record(number: recordNumber, line: row.line, fields: row.fields, table: table, shapeProblem: problem)
    }
}

extension String {
    /// Without leading/trailing white space and BOM.
    func trimmedSpaces() -> String {
        var s = Substring(self)
        while let c = s.first, c.isWhitespace || c == "\u{FEFF}" { s.removeFirst() }
        while let c = s.last, c.isWhitespace || c == "\u{FEFF}" { s.removeLast() }
        return String(s)
    }
}
