import APXCore
#if canImport(Glibc)
import Glibc
#endif

/// One CSV record: the physical line it starts on and its fields.
public struct CSVRow: Sendable {
    public let line: Int
    public let fields: [String]
}

/// RFC 4180 reader over bytes, streaming in fixed chunks: bytes are decoded to UTF-8
/// (GB18030 or UTF-8; a UTF-8 BOM overrides the default) *before* splitting, then split
/// on `,` `"` CR LF. Memory is bounded by the chunk size and the field limit.
public final class CSVReader {
    private let fd: Int32
    private let path: String
    private let defaultEncoding: String
    private let maxFieldBytes: Int
    private let maxFileBytes: Int64
    private var decoder: TextDecoder?
    private var readBuffer = [UInt8](repeating: 0, count: 1 << 18)
    private var pending: [UInt8] = []
    private var position = 0
    private var atEOF = false
    private var totalRead: Int64 = 0
    private var line = 1
    public private(set) var detectedEncoding = ""

    public init(path: String, defaultEncoding: String, maxFieldBytes: Int = 64 << 10, maxFileBytes: Int64 = 512 << 20) throws {
        let fd = RawPath.open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
        guard fd >= 0 else { throw DecodeError(.csvMalformed, "cannot open file") }
        self.fd = fd
        self.path = path
        self.defaultEncoding = defaultEncoding
        self.maxFieldBytes = maxFieldBytes
        self.maxFileBytes = maxFileBytes
    }

    deinit { close(fd) }

    /// Refills `pending` with decoded bytes; false at end of input.
    private func fill() throws -> Bool {
        while !atEOF {
            let n = readBuffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw DecodeError(.csvMalformed, "read failed")
            }
            totalRead += Int64(n)
            if totalRead > maxFileBytes { throw DecodeError(.tooLarge, "file over \(maxFileBytes) bytes") }
            var start = 0
            if decoder == nil {
                if n >= 3, readBuffer[0] == 0xEF, readBuffer[1] == 0xBB, readBuffer[2] == 0xBF {
                    decoder = try TextDecoder(encoding: "UTF-8")
                    start = 3
                } else {
                    decoder = try TextDecoder(encoding: defaultEncoding)
                }
                detectedEncoding = decoder!.encoding
            }
            if n == 0 { atEOF = true }
            let decoded = try readBuffer.withUnsafeBytes { raw in
                try decoder!.decode(UnsafeRawBufferPointer(rebasing: raw[start..<max(start, n)]), isLast: n == 0)
            }
            if !decoded.isEmpty {
                pending = decoded
                position = 0
                return true
            }
        }
        return false
    }

    @inline(__always) private func nextByte() throws -> UInt8? {
        if position >= pending.count {
            guard try fill() else { return nil }
        }
        let b = pending[position]
        position += 1
        return b
    }

    @inline(__always) private func peekByte() throws -> UInt8? {
        if position >= pending.count {
            guard try fill() else { return nil }
        }
        return pending[position]
    }

    /// The next record, nil at the end. Blank lines are skipped.
    public func next() throws -> CSVRow? {
        while true {
            switch try scanRecord() {
            case .record(let row): return row
            case .blank: continue
            case .end: return nil
            }
        }
    }

    private enum Scan { case record(CSVRow), blank, end }

    /// Appends the bytes from `position` up to the next byte that ends a run — `"` inside
    /// quotes; `,` `"` CR LF outside — within the decoded chunk; returns the line feeds taken.
    @inline(__always) private func takeRun(into field: inout [UInt8], quoted: Bool) -> Int {
        let start = position
        var newlines = 0
        let end = pending.withUnsafeBufferPointer { p -> Int in
            var i = start
            if quoted {
                while i < p.count {
                    let c = p[i]
                    if c == 0x22 { break }
                    if c == 0x0A { newlines += 1 }
                    i += 1
                }
            } else {
                while i < p.count {
                    let c = p[i]
                    if c == 0x2C || c == 0x22 || c == 0x0D || c == 0x0A { break }
                    i += 1
                }
            }
            if i > start { field.append(contentsOf: UnsafeBufferPointer(rebasing: p[start..<i])) }
            return i
        }
        position = end
        return newlines
    }

    /// Fields per record of the last record: the next one's array is sized for it.
    private var lastFieldCount = 0

    private func scanRecord() throws -> Scan {
        var fields: [String] = []
        fields.reserveCapacity(lastFieldCount)
        var field: [UInt8] = []
        field.reserveCapacity(64)
        var inQuotes = false
        var afterQuote = false
        var quoteStartLine = line
        let startLine = line
        var sawAnything = false

        func finishField() {
            fields.append(String(decoding: field, as: UTF8.self))
            field.removeAll(keepingCapacity: true)
            afterQuote = false
        }

        while let b = try nextByte() {
            sawAnything = true
            if inQuotes {
                if b == 0x22 {
                    if try peekByte() == 0x22 {
                        position += 1
                        field.append(0x22)
                    } else {
                        inQuotes = false
                        afterQuote = true
                    }
                } else {
                    if b == 0x0A { line += 1 }
                    field.append(b)
                    line += takeRun(into: &field, quoted: true)
                }
            } else {
                switch b {
                case 0x2C:
                    finishField()
                case 0x0D, 0x0A:
                    if b == 0x0D, try peekByte() == 0x0A { position += 1 }
                    line += 1
                    if fields.isEmpty && field.isEmpty && !afterQuote { return .blank }
                    finishField()
                    lastFieldCount = fields.count
                    return .record(CSVRow(line: startLine, fields: fields))
                case 0x22 where field.isEmpty && !afterQuote:
                    inQuotes = true
                    quoteStartLine = line
                default:
                    if afterQuote {
                        throw DecodeError(.csvMalformed, "text after a closing quote", line: line)
                    }
                    field.append(b)
                    _ = takeRun(into: &field, quoted: false)
                }
            }
            // Over the field limit: inside quotes that is in practice a runaway (unclosed) quote;
            // outside quotes the field itself is too large (as an XML text node over its limit).
            if field.count > maxFieldBytes {
                throw DecodeError(inQuotes ? .csvMalformed : .tooLarge, "field over \(maxFieldBytes) bytes",
                                  line: inQuotes ? quoteStartLine : line)
            }
        }
        if inQuotes {
            throw DecodeError(.csvMalformed, "unclosed quote", line: quoteStartLine)
        }
        if !sawAnything || (fields.isEmpty && field.isEmpty && !afterQuote) { return .end }
        finishField()
        return .record(CSVRow(line: startLine, fields: fields))
    }
}
