import APXCore

/// A CSV file read by column name: the header row names the columns (any order,
/// unknown ones ignored); a missing required column is `CSV_HEADER`.
public final class CSVTable {
    private let reader: CSVReader
    public let header: [String]
    private var index: [String: Int] = [:]
    private var recordNumber = 0

    public init(reader: CSVReader, required: [String]) throws {
        self.reader = reader
        guard let first = try reader.next() else {
            throw DecodeError(.csvHeader, "file has no header row", line: 1)
        }
        header = first.fields.map { $0.trimmedSpaces().uppercased() }
        for (i, name) in header.enumerated() where index[name] == nil { index[name] = i }
        let missing = required.filter { index[$0] == nil }
        if !missing.isEmpty {
            throw DecodeError(.csvHeader, "missing column(s) \(missing.joined(separator: ", "))", line: 1)
        }
    }

    public struct Record: Sendable {
        public let number: Int
        public let line: Int
        public let values: [String: String]
        /// Set when the row's field count differs from the header's.
        public let shapeProblem: String?
    }

    public func next() throws -> Record? {
        guard let row = try reader.next() else { return nil }
        recordNumber += 1
        var values: [String: String] = [:]
        for (name, i) in index where i < row.fields.count { values[name] = row.fields[i] }
        let problem = row.fields.count == header.count ? nil
            : "row has \(row.fields.count) fields, header has \(header.count)"
        return Record(number: recordNumber, line: row.line, values: values, shapeProblem: problem)
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
