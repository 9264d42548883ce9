import Foundation
import APXCore
import APXDomain
import XMLStream

/// Limits and encodings a reader needs, taken from the settings.
public struct ReadOptions: Sendable {
    public var encoding: String
    public var maxFieldBytes: Int
    public var maxFileBytes: Int64
    public var maxXMLDepth: Int
    public var maxXMLTextBytes: Int

    public init(encoding: String = "UTF-8", maxFieldBytes: Int = 64 << 10, maxFileBytes: Int64 = 512 << 20,
                maxXMLDepth: Int = 64, maxXMLTextBytes: Int = 1 << 20) {
        self.encoding = encoding
        self.maxFieldBytes = maxFieldBytes
        self.maxFileBytes = maxFileBytes
        self.maxXMLDepth = maxXMLDepth
        self.maxXMLTextBytes = maxXMLTextBytes
    }
}

/// Streams the records of one input file to a callback, one at a time.
public enum RecordReaders {
    /// A CSV file whose header must contain `required`; every column is kept by name.
    public static func csv(path: String, required: [String], options: ReadOptions,
                           units unitsColumn: String? = nil,
                           _ body: (SourceRecord) throws -> Void) throws {
        let reader = try CSVReader(path: path, defaultEncoding: options.encoding,
                                   maxFieldBytes: options.maxFieldBytes, maxFileBytes: options.maxFileBytes)
        let table = try CSVTable(reader: reader, required: required)
        while let record = try table.next() {
            var units: [APXDomain.Unit] = []
            if let column = unitsColumn, let text = record[column] {
                units = UnitList.parse(text)
            }
            try body(SourceRecord(number: record.number, line: record.line, table: record.table, values: record.fields,
                                  units: units, shapeProblem: record.shapeProblem))
        }
    }

    /// An XML file with root `rootName` whose direct children named `recordName` are
    /// records; each child element's text becomes a field. `flatten` lifts the fields of
    /// nested elements (e.g. `JSDW/DWMC` → `JSDW.DWMC`).
    public static func xml(path: String, rootName: String, recordName: String, options: ReadOptions,
                           _ body: (XMLNode, SourceRecord) throws -> Void) throws -> [String: String] {
        try xmlFields(path: path, rootName: rootName, recordName: recordName, options: options) { node, number, flat, tables in
            try body(node, tables.record(number: number, flat))
        }
    }

    /// `xml` with the record's flattened fields handed over before they become a record, so
    /// that a format can add to them (`FlatFields.set`) and build the record once.
    static func xmlFields(path: String, rootName: String, recordName: String, options: ReadOptions,
                          _ body: (XMLNode, Int, inout FlatFields, inout FieldTables) throws -> Void) throws -> [String: String] {
        var rootAttributes: [String: String] = [:]
        var tables = FieldTables()
        var flat = FlatFields()
        do {
            let reader = try XMLStreamReader(path: path, limits: XMLLimits(maxDepth: options.maxXMLDepth,
                                                                          maxTextBytes: options.maxXMLTextBytes))
            try reader.forEachRecord(root: { name, attributes in
                guard name == rootName else {
                    throw DecodeError(.xmlRoot, "root element is <\(name)>, expected <\(rootName)>")
                }
                rootAttributes = attributes
            }) { number, node in
                guard node.name == recordName else { return }
                flat.removeAll()
                flatten(node, prefix: "", into: &flat)
                try body(node, number, &flat, &tables)
            }
        } catch let error as XMLStreamError {
            throw DecodeError(code(for: error.kind), error.message, line: error.line)
        }
        return rootAttributes
    }

    static func flatten(_ node: XMLNode, prefix: String, into fields: inout [String: String]) {
        for child in node.children {
            let key = prefix.isEmpty ? child.name : prefix + "." + child.name
            if child.children.isEmpty {
                if fields[key] == nil { fields[key] = child.text }
            } else {
                flatten(child, prefix: key, into: &fields)
            }
        }
    }

    /// `flatten` into names and values in document order (a repeated name: its first value
    /// counts, as `FieldTable` resolves it).
    static func flatten(_ node: XMLNode, prefix: String, into fields: inout FlatFields) {
        for child in node.children {
            let key = prefix.isEmpty ? child.name : prefix + "." + child.name
            if child.children.isEmpty {
                fields.names.append(key)
                fields.values.append(child.text)
            } else {
                flatten(child, prefix: key, into: &fields)
            }
        }
    }

    static func code(for kind: XMLStreamError.Kind) -> ReasonCode {
        switch kind {
        case .doctype: return .xmlDTD
        case .encoding: return .encoding
        case .textTooLarge: return .tooLarge
        default: return .xmlMalformed
        }
    }
}

/// One XML record's flattened fields while they are gathered.
struct FlatFields {
    var names: [String] = []
    var values: [String] = []

    mutating func removeAll() {
        names.removeAll(keepingCapacity: true)
        values.removeAll(keepingCapacity: true)
    }

    /// Sets `name` (its first occurrence), or adds it.
    mutating func set(_ name: String, _ value: String) {
        if let i = names.firstIndex(of: name) { values[i] = value } else { names.append(name); values.append(value) }
    }
}

/// The field table of an XML file's records: records of one extract repeat the same names,
/// so a table is built only when the names differ from the previous record's.
struct FieldTables {
    private var last: FieldTable?

    mutating func record(number: Int, _ flat: FlatFields, units: [APXDomain.Unit] = []) -> SourceRecord {
        let table: FieldTable
        if let last, last.hasNames(flat.names) { table = last } else { table = FieldTable(names: flat.names); last = table }
        return SourceRecord(number: number, line: nil, table: table, values: flat.values, units: units)
    }
}
