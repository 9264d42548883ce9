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
    /// Reads the rest of the document as tokens without making a String per node: the same
    /// document rules and limits as `next()` (a DOCTYPE or entity reference, nesting deeper
    /// than `maxDepth` or a text over `maxTextBytes` throws). Attributes are not reported.
    /// Not to be mixed with `next()` on one reader.
    public func scanTokens(_ body: (XMLToken) throws -> Void) throws {
        let empty = UnsafeBufferPointer<UInt8>(start: nil, count: 0)
        func bytes(_ pointer: UnsafePointer<xmlChar>?) -> UnsafeBufferPointer<UInt8> {
            guard let pointer else { return empty }
            return UnsafeBufferPointer(start: pointer, count: strlen(UnsafeRawPointer(pointer).assumingMemoryBound(to: CChar.self)))
        }
        while true {
            let rc = xmlTextReaderRead(reader)
            if rc < 0 || sink.first != nil { throw currentError() }
            if rc == 0 { return }
            let depth = Int(xmlTextReaderDepth(reader))
            switch xmlTextReaderNodeType(reader) {
            case Int32(XML_READER_TYPE_DOCUMENT_TYPE.rawValue), Int32(XML_READER_TYPE_ENTITY_REFERENCE.rawValue):
                throw XMLStreamError(kind: .doctype, message: "document contains a DOCTYPE or an entity reference", line: line)
            case Int32(XML_READER_TYPE_ELEMENT.rawValue):
                if depth >= limits.maxDepth {
                    throw XMLStreamError(kind: .tooDeep, message: "element nesting deeper than \(limits.maxDepth)", line: line)
                }
                let name = bytes(xmlTextReaderConstLocalName(reader))
                try body(XMLToken(kind: .start, depth: depth, name: name, text: empty))
                if xmlTextReaderIsEmptyElement(reader) == 1 {
                    try body(XMLToken(kind: .end, depth: depth, name: name, text: empty))
                }
            case Int32(XML_READER_TYPE_END_ELEMENT.rawValue):
                try body(XMLToken(kind: .end, depth: depth, name: bytes(xmlTextReaderConstLocalName(reader)), text: empty))
            case Int32(XML_READER_TYPE_TEXT.rawValue), Int32(XML_READER_TYPE_CDATA.rawValue),
                 Int32(XML_READER_TYPE_SIGNIFICANT_WHITESPACE.rawValue):
                let text = bytes(xmlTextReaderConstValue(reader))
                if text.count > limits.maxTextBytes {
                    throw XMLStreamError(kind: .textTooLarge, message: "text node over \(limits.maxTextBytes) bytes", line: line)
                }
                try body(XMLToken(kind: .text, depth: depth, name: empty, text: text))
            default:
                continue
            }
        }
    }
}
