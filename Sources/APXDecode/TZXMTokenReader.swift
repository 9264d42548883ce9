import APXDomain
import XMLStream

/// The investment platform's XML extract read straight from the token stream: no element
/// tree, no attribute dictionary per element, no String per element name it does not keep.
/// It yields exactly what the tree path (`RecordReaders.xmlFields` + `flatten` + the unit
/// list of `tzxmXML`'s tree reading) yields — the same fields in the same order, the same
/// units, the same record numbers and errors — which `TZXMTokenReaderEquivalenceTests` pins.
enum TZXMTokenReader {
    /// An element of the record being read (the record itself at depth 1).
    private struct Open {
        /// The flattened field name (`JSDW.DWMC`); "" for the record.
        var key: String
        /// Its direct text (what `XMLNode.text` holds).
        var text: [UInt8] = []
        var hasChild = false
        var role: Role = .other
    }

    private enum Role { case other, unitList, unit, unitName, unitCode }

    private struct PendingUnit {
        var xh: Int
        var order: Int
        var name: String?
        var code: String?
    }

    static func read(path: String, rootName: String, recordName: String, options: ReadOptions,
                     _ body: (SourceRecord) throws -> Void) throws {
        var tables = FieldTables()
        var flat = FlatFields()
        var stack: [Open] = []
        var units: [PendingUnit] = []
        var sawUnitList = false, inRecord = false, sawRoot = false
        var recordNumber = 0
        do {
            let reader = try XMLStreamReader(path: path, limits: XMLLimits(maxDepth: options.maxXMLDepth,
                                                                          maxTextBytes: options.maxXMLTextBytes))
            try reader.scanTokens { token in
                switch token.kind {
                case .start:
                    if token.depth == 0 {
                        sawRoot = true
                        let name = String(decoding: token.name, as: UTF8.self)
                        guard name == rootName else {
                            throw DecodeError(.xmlRoot, "root element is <\(name)>, expected <\(rootName)>")
                        }
                        return
                    }
                    if token.depth == 1 {
                        inRecord = Self.equal(token.name, recordName)
                        stack.removeAll(keepingCapacity: true)
                        stack.append(Open(key: ""))
                        if inRecord { flat.removeAll(); units.removeAll(keepingCapacity: true); sawUnitList = false }
                        return
                    }
                    guard inRecord else { stack.append(Open(key: "")); return }
                    let parent = stack.count - 1
                    stack[parent].hasChild = true
                    let name = String(decoding: token.name, as: UTF8.self)
                    let key = stack[parent].key.isEmpty ? name : stack[parent].key + "." + name
                    var open = Open(key: key)
                    switch (token.depth, stack[parent].role) {
                    case (2, _) where name == "JSDWLB" && !sawUnitList:
                        sawUnitList = true
                        open.role = .unitList
                    case (3, .unitList) where name == "JSDW":
                        let xh = Int(reader.attributesOfCurrentElement()["xh"] ?? "") ?? Int.max
                        units.append(PendingUnit(xh: xh, order: units.count))
                        open.role = .unit
                    case (4, .unit) where name == "DWMC" && units[units.count - 1].name == nil:
                        open.role = .unitName
                    case (4, .unit) where name == "TYSHXYDM" && units[units.count - 1].code == nil:
                        open.role = .unitCode
                    default:
                        break
                    }
                    stack.append(open)
                case .text:
                    if !stack.isEmpty { stack[stack.count - 1].text.append(contentsOf: token.text) }
                case .end:
                    if token.depth == 0 { return }
                    let closed = stack.removeLast()
                    if token.depth == 1 {
                        recordNumber += 1
                        guard inRecord else { return }
                        inRecord = false
                        let ordered = units.sorted { a, b in a.xh == b.xh ? a.order < b.order : a.xh < b.xh }
                        let listed = ordered.map { APXDomain.Unit(name: $0.name ?? "", code: $0.code ?? "") }
                        flat.set("JSDW", listed.isEmpty ? "" : "\(listed.count)")
                        try body(tables.record(number: recordNumber, flat, units: listed))
                        return
                    }
                    guard inRecord else { return }
                    switch closed.role {
                    case .unitName: units[units.count - 1].name = String(decoding: closed.text, as: UTF8.self)
                    case .unitCode: units[units.count - 1].code = String(decoding: closed.text, as: UTF8.self)
                    default: break
                    }
                    if !closed.hasChild {
                        flat.names.append(closed.key)
                        flat.values.append(String(decoding: closed.text, as: UTF8.self))
                    }
                }
            }
        } catch let error as XMLStreamError {
            throw DecodeError(RecordReaders.code(for: error.kind), error.message, line: error.line)
        }
        if !sawRoot {
            throw DecodeError(RecordReaders.code(for: .malformed), "document has no root element")
        }
    }

    private static func equal(_ bytes: UnsafeBufferPointer<UInt8>, _ name: String) -> Bool {
        var name = name
        return name.withUTF8 { $0.count == bytes.count && $0.elementsEqual(bytes) }
    }
}
