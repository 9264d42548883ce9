import CLibXML2
#if canImport(Glibc)
import Glibc
#endif

/// One node of a token scan: its kind, depth (0 is the root), local name and, for text, its
/// bytes. The buffers point into libxml2's reader and are valid only during the callback.
public struct XMLToken {
    public enum Kind: Sendable { case start, text, end }
    public let kind: Kind
    public let depth: Int
    public let name: UnsafeBufferPointer<UInt8>
    public let text: UnsafeBufferPointer<UInt8>
}

extension XMLStreamReader {
    /// Reads the rest of the document as tokens without making a String per node, under the
    /// same document rules and limits as `next()` (`advance`). Attributes are not reported.
    /// Not to be mixed with `next()` on one reader.
    public func scanTokens(_ body: (XMLToken) throws -> Void) throws {
        let empty = UnsafeBufferPointer<UInt8>(start: nil, count: 0)
        func name() -> UnsafeBufferPointer<UInt8> {
            guard let pointer = xmlTextReaderConstLocalName(reader) else { return empty }
            return UnsafeBufferPointer(start: pointer, count: strlen(UnsafeRawPointer(pointer).assumingMemoryBound(to: CChar.self)))
        }
        while let node = try advance() {
            switch node {
            case .element(let depth):
                let name = name()
                try body(XMLToken(kind: .start, depth: depth, name: name, text: empty))
                if xmlTextReaderIsEmptyElement(reader) == 1 {
                    try body(XMLToken(kind: .end, depth: depth, name: name, text: empty))
                }
            case .end(let depth):
                try body(XMLToken(kind: .end, depth: depth, name: name(), text: empty))
            case .text(let text, let depth):
                try body(XMLToken(kind: .text, depth: depth, name: empty, text: text))
            }
        }
    }

    /// The attributes of the element the reader is on (`next()`'s `.start`, or a `.start`
    /// token of `scanTokens` while its callback runs); empty on any other node.
    public func attributesOfCurrentElement() -> [String: String] {
        guard xmlTextReaderNodeType(reader) == Int32(XML_READER_TYPE_ELEMENT.rawValue),
              xmlTextReaderHasAttributes(reader) == 1 else { return [:] }
        var attributes: [String: String] = [:]
        while xmlTextReaderMoveToNextAttribute(reader) == 1 {
            let name = xmlTextReaderConstLocalName(reader).map { String(cString: $0) } ?? ""
            attributes[name] = xmlTextReaderConstValue(reader).map { String(cString: $0) } ?? ""
        }
        xmlTextReaderMoveToElement(reader)
        return attributes
    }
}
