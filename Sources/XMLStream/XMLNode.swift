/// A small element tree, built for one repeated record element at a time so that a
/// document of any size is read in memory bounded by its largest record.
public struct XMLNode: Sendable {
    public var name: String
    public var attributes: [String: String]
    public var text: String
    public var children: [XMLNode]

    public init(name: String, attributes: [String: String] = [:], text: String = "", children: [XMLNode] = []) {
        self.name = name
        self.attributes = attributes
        self.text = text
        self.children = children
    }

    public func child(_ name: String) -> XMLNode? { children.first { $0.name == name } }
    public func children(_ name: String) -> [XMLNode] { children.filter { $0.name == name } }
    /// Text of the named child, nil when the child is absent.
    public func value(_ name: String) -> String? { child(name)?.text }
}

extension XMLStreamReader {
    /// Reads the root element (its name and attributes go to `check`), then hands each direct
    /// child of the root to `body` as a tree (record number from 1).
    public func forEachRecord(
        root check: (String, [String: String]) throws -> Void,
        _ body: (Int, XMLNode) throws -> Void
    ) throws -> Void {
        var stack: [XMLNode] = []
        var recordNumber = 0
        var sawRoot = false
        while let event = try next() {
            switch event {
            case .start(let name, let attributes, let depth):
                if depth == 0 {
                    sawRoot = true
                    try check(name, attributes)
                    continue
                }
                stack.append(XMLNode(name: name, attributes: attributes))
            case .text(let text):
                if !stack.isEmpty { stack[stack.count - 1].text += text }
            case .end(_, let depth):
                if depth == 0 { continue }
                let node = stack.removeLast()
                if stack.isEmpty {
                    recordNumber += 1
                    try body(recordNumber, node)
                } else {
                    stack[stack.count - 1].children.append(node)
                }
            }
        }
        if !sawRoot {
            throw XMLStreamError(kind: .malformed, message: "document has no root element")
        }
    }
}
