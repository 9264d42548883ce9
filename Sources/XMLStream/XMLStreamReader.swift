import CLibXML2
#if canImport(Glibc)
import Glibc
#endif

/// Bounds enforced while reading; anything beyond them is an error, never a crash.
public struct XMLLimits: Sendable {
    public var maxDepth: Int
    public var maxTextBytes: Int
    public init(maxDepth: Int = 64, maxTextBytes: Int = 1 << 20) {
        self.maxDepth = maxDepth
        self.maxTextBytes = maxTextBytes
    }
}

public enum XMLEvent: Equatable, Sendable {
    /// An element opens; `depth` 0 is the root.
    case start(name: String, attributes: [String: String], depth: Int)
    case text(String)
    case end(name: String, depth: Int)
}

/// Process-wide libxml2 set-up: parser initialised once, external entities never loaded.
private let libxmlSetUp: Void = {
    xmlInitParser()
    apx_xml_quiet()
    xmlSetExternalEntityLoader { _, _, _ in nil }
}()

final class ErrorSink {
    var first: (code: Int32, message: String, line: Int)?
}

/// Pull reader over libxml2's `xmlTextReader`: constant memory in the document's size,
/// no network, no DTD loading, no entity substitution; a DOCTYPE is an error.
public final class XMLStreamReader {
    let reader: xmlTextReaderPtr
    let limits: XMLLimits
    let sink = ErrorSink()
    private var pendingEnd: (String, Int)?
    private var finished = false

    public init(path: String, limits: XMLLimits = XMLLimits()) throws {
        _ = libxmlSetUp
        let options = Int32(XML_PARSE_NONET.rawValue | XML_PARSE_NOCDATA.rawValue | XML_PARSE_COMPACT.rawValue)
        guard let reader = xmlReaderForFile(path, nil, options) else {
            throw XMLStreamError(kind: .unreadable, message: "cannot open document")
        }
        self.reader = reader
        self.limits = limits
        xmlResetLastError()
        installErrorHandler()
    }

    /// Reads a document held in memory (the bytes must outlive the reader).
    public init(memory: UnsafeRawBufferPointer, limits: XMLLimits = XMLLimits()) throws {
        _ = libxmlSetUp
        let options = Int32(XML_PARSE_NONET.rawValue | XML_PARSE_NOCDATA.rawValue | XML_PARSE_COMPACT.rawValue)
        guard let base = memory.baseAddress?.assumingMemoryBound(to: CChar.self),
              let reader = xmlReaderForMemory(base, Int32(clamping: memory.count), nil, nil, options) else {
            throw XMLStreamError(kind: .unreadable, message: "cannot read document")
        }
        self.reader = reader
        self.limits = limits
        xmlResetLastError()
        installErrorHandler()
    }

    deinit { xmlFreeTextReader(reader) }

    /// Routes the reader's errors to `sink` (the first one is kept).
    private func installErrorHandler() {
        xmlTextReaderSetStructuredErrorHandler(reader, { context, error in
            guard let context, let error else { return }
            let sink = Unmanaged<ErrorSink>.fromOpaque(context).takeUnretainedValue()
            if sink.first == nil {
                let text = error.pointee.message.map { String(cString: $0) } ?? "error"
                sink.first = (error.pointee.code, text.trimmingWhitespace(), Int(error.pointee.line))
            }
        }, Unmanaged.passUnretained(sink).toOpaque())
    }

    var line: Int { Int(xmlTextReaderGetParserLineNumber(reader)) }

    /// The next event, nil at the end of the document. Throws on the first error.
    public func next() throws -> XMLEvent? {
        if let (name, depth) = pendingEnd {
            pendingEnd = nil
            return .end(name: name, depth: depth)
        }
        if finished { return nil }
        switch try advance() {
        case nil:
            finished = true
            return nil
        case .element(let depth)?:
            let name = string(xmlTextReaderConstLocalName(reader))
            let attributes = attributesOfCurrentElement()
            if xmlTextReaderIsEmptyElement(reader) == 1 {
                pendingEnd = (name, depth)
            }
            return .start(name: name, attributes: attributes, depth: depth)
        case .end(let depth)?:
            return .end(name: string(xmlTextReaderConstLocalName(reader)), depth: depth)
        case .text(let bytes, _)?:
            return .text(String(decoding: bytes, as: UTF8.self))
        }
    }

    /// A node the document rules let through, the reader positioned on it.
    enum Node {
        case element(depth: Int)
        case end(depth: Int)
        case text(UnsafeBufferPointer<UInt8>, depth: Int)
    }

    /// Reads to the next element, end or text node; nil at the end of the document. The one
    /// place the document rules are applied: a DOCTYPE or entity reference, nesting deeper
    /// than `maxDepth` and a text over `maxTextBytes` throw, as does libxml2's first error.
    func advance() throws -> Node? {
        while true {
            let rc = xmlTextReaderRead(reader)
            if rc < 0 || sink.first != nil { throw currentError() }
            if rc == 0 { return nil }
            let depth = Int(xmlTextReaderDepth(reader))
            switch xmlTextReaderNodeType(reader) {
            case Int32(XML_READER_TYPE_DOCUMENT_TYPE.rawValue):
                throw XMLStreamError(kind: .doctype, message: "document contains a DOCTYPE", line: line)
            case Int32(XML_READER_TYPE_ENTITY_REFERENCE.rawValue):
                throw XMLStreamError(kind: .doctype, message: "entity reference", line: line)
            case Int32(XML_READER_TYPE_ELEMENT.rawValue):
                if depth >= limits.maxDepth {
                    throw XMLStreamError(kind: .tooDeep, message: "element nesting deeper than \(limits.maxDepth)", line: line)
                }
                return .element(depth: depth)
            case Int32(XML_READER_TYPE_END_ELEMENT.rawValue):
                return .end(depth: depth)
            case Int32(XML_READER_TYPE_TEXT.rawValue), Int32(XML_READER_TYPE_CDATA.rawValue),
                 Int32(XML_READER_TYPE_SIGNIFICANT_WHITESPACE.rawValue):
                guard let value = xmlTextReaderConstValue(reader) else { continue }
                let length = strlen(UnsafeRawPointer(value).assumingMemoryBound(to: CChar.self))
                if length > limits.maxTextBytes {
                    throw XMLStreamError(kind: .textTooLarge, message: "text node over \(limits.maxTextBytes) bytes", line: line)
                }
                return .text(UnsafeBufferPointer(start: value, count: length), depth: depth)
            default:
                continue
            }
        }
    }

    func currentError() -> XMLStreamError {
        // Encoding conversion failures (bytes invalid in the declared encoding) are raised
        // without the parser context, so only libxml2's per-thread last error holds them.
        if sink.first == nil, let last = xmlGetLastError(), last.pointee.code != 0 {
            let text = last.pointee.message.map { String(cString: $0) } ?? "error"
            sink.first = (last.pointee.code, text.trimmingWhitespace(), Int(last.pointee.line))
        }
        guard let (code, message, errorLine) = sink.first else {
            return XMLStreamError(kind: .malformed, message: "document is not well-formed", line: line)
        }
        let kind: XMLStreamError.Kind
        switch code {
        case Int32(XML_ERR_INVALID_CHAR.rawValue), Int32(XML_ERR_UNSUPPORTED_ENCODING.rawValue),
             Int32(XML_ERR_INVALID_ENCODING.rawValue), Int32(XML_ERR_ENCODING_NAME.rawValue),
             Int32(XML_I18N_CONV_FAILED.rawValue), Int32(XML_I18N_NO_HANDLER.rawValue):
            kind = .encoding
        case Int32(XML_ERR_ENTITY_LOOP.rawValue), Int32(XML_ERR_UNDECLARED_ENTITY.rawValue),
             Int32(XML_WAR_UNDECLARED_ENTITY.rawValue):
            kind = .doctype
        default:
            kind = message.contains("encoding") || message.contains("UTF-8") ? .encoding : .malformed
        }
        return XMLStreamError(kind: kind, message: message, line: errorLine)
    }

    private func string(_ pointer: UnsafePointer<xmlChar>?) -> String {
        guard let pointer else { return "" }
        return String(cString: pointer)
    }
}

extension String {
    func trimmingWhitespace() -> String {
        var s = Substring(self)
        while let c = s.first, c.isWhitespace { s.removeFirst() }
        while let c = s.last, c.isWhitespace { s.removeLast() }
        return String(s)
    }
}
