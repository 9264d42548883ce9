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
            if let column = unitsColumn, let text = record.values[column] {
                units = UnitList.parse(text)
            }
            try body(SourceRecord(number: record.number, line: record.line, fields: record.values,
                                  units: units, shapeProblem: record.shapeProblem))
        }
    }

    /// An XML file with root `rootName` whose direct children named `recordName` are
    /// records; each child element's text becomes a field. `flatten` lifts the fields of
    /// nested elements (e.g. `JSDW/DWMC` → `JSDW.DWMC`).
    public static func xml(path: String, rootName: String, recordName: String, options: ReadOptions,
                           _ body: (XMLNode, SourceRecord) throws -> Void) throws -> [String: String] {
        var rootAttributes: [String: String] = [:]
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
                var fields: [String: String] = [:]
                flatten(node, prefix: "", into: &fields)
                try body(node, SourceRecord(number: number, line: nil, fields: fields))
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

    static func code(for kind: XMLStreamError.Kind) -> ReasonCode {
        switch kind {
        case .doctype: return .xmlDTD
        case .encoding: return .encoding
        case .textTooLarge: return .tooLarge
        default: return .xmlMalformed
        }
    }
}
