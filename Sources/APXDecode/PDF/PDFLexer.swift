/// Tokenises and parses PDF objects from a byte buffer (ISO 32000-1 §7.2–7.3), with a
/// nesting limit so hostile input cannot exhaust the stack.
struct PDFParser {
    let bytes: UnsafeRawBufferPointer
    var pos: Int
    let end: Int
    static let maxDepth = 64

    init(bytes: UnsafeRawBufferPointer, pos: Int, end: Int? = nil) {
        self.bytes = bytes
        self.pos = pos
        self.end = min(end ?? bytes.count, bytes.count)
    }

    static func isWhite(_ b: UInt8) -> Bool { b == 0 || b == 9 || b == 10 || b == 12 || b == 13 || b == 32 }
    static func isDelimiter(_ b: UInt8) -> Bool {
        b == 0x28 || b == 0x29 || b == 0x3C || b == 0x3E || b == 0x5B || b == 0x5D || b == 0x7B || b == 0x7D || b == 0x2F || b == 0x25
    }

    func peek(_ offset: Int = 0) -> UInt8? { pos + offset < end ? bytes[pos + offset] : nil }

    mutating func skipWhiteAndComments() {
        while pos < end {
            let b = bytes[pos]
            if PDFParser.isWhite(b) { pos += 1 } else if b == 0x25 {
                while pos < end && bytes[pos] != 10 && bytes[pos] != 13 { pos += 1 }
            } else { return }
        }
    }

    /// A bare keyword or number token.
    mutating func regularToken() -> String {
        let start = pos
        while pos < end && !PDFParser.isWhite(bytes[pos]) && !PDFParser.isDelimiter(bytes[pos]) { pos += 1 }
        return String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<pos]), as: UTF8.self)
    }

    mutating func expectKeyword(_ keyword: String) throws {
        skipWhiteAndComments()
        guard regularToken() == keyword else { throw PDFFailure.format("expected \(keyword)") }
    }

    /// Parses one object; `n g R` references are recognised.
    mutating func parseObject(depth: Int = 0) throws -> PDFObject {
        guard depth < PDFParser.maxDepth else { throw PDFFailure.format("objects nested too deeply") }
        skipWhiteAndComments()
        guard let b = peek() else { throw PDFFailure.format("unexpected end of data") }
        switch b {
        case 0x2F: // name
            pos += 1
            var out: [UInt8] = []
            while pos < end, !PDFParser.isWhite(bytes[pos]), !PDFParser.isDelimiter(bytes[pos]) {
                if bytes[pos] == 0x23, pos + 2 < end, let h = hexValue(bytes[pos + 1]), let l = hexValue(bytes[pos + 2]) {
                    out.append(h << 4 | l); pos += 3
                } else { out.append(bytes[pos]); pos += 1 }
            }
            return .name(String(decoding: out, as: UTF8.self))
        case 0x28:
            return .string(try literalString())
        case 0x3C:
            if peek(1) == 0x3C {
                pos += 2
                var dict: [String: PDFObject] = [:]
                while true {
                    skipWhiteAndComments()
                    guard let c = peek() else { throw PDFFailure.format("unterminated dictionary") }
                    if c == 0x3E {
                        guard peek(1) == 0x3E else { throw PDFFailure.format("bad dictionary end") }
                        pos += 2
                        break
                    }
                    guard case .name(let key) = try parseObject(depth: depth + 1) else {
                        throw PDFFailure.format("dictionary key is not a name")
                    }
                    dict[key] = try parseObject(depth: depth + 1)
                }
                return .dict(dict)
            }
            return .string(try hexString())
        case 0x5B:
            pos += 1
            var items: [PDFObject] = []
            while true {
                skipWhiteAndComments()
                guard let c = peek() else { throw PDFFailure.format("unterminated array") }
                if c == 0x5D { pos += 1; break }
                items.append(try parseObject(depth: depth + 1))
            }
            return .array(items)
        default:
            let token = regularToken()
            if token.isEmpty { pos += 1; throw PDFFailure.format("unexpected byte \(b)") }
            switch token {
            case "true": return .bool(true)
            case "false": return .bool(false)
            case "null": return .null
            default: break
            }
            if let n = Int(token) {
                // `n g R`?
                let save = pos
                skipWhiteAndComments()
                let second = regularToken()
                if let g = Int(second), n >= 0, g >= 0 {
                    skipWhiteAndComments()
                    if peek() == 0x52, pos + 1 >= end || PDFParser.isWhite(bytes[pos + 1]) || PDFParser.isDelimiter(bytes[pos + 1]) {
                        pos += 1
                        return .ref(n, g)
                    }
                }
                pos = save
                return .int(n)
            }
            if let d = Double(token) { return .real(d) }
            throw PDFFailure.format("unexpected token \(token.prefix(20))")
        }
    }

    func hexValue(_ b: UInt8) -> UInt8? {
        switch b {
        case 0x30...0x39: return b - 0x30
        case 0x41...0x46: return b - 0x37
        case 0x61...0x66: return b - 0x57
        default: return nil
        }
    }

    mutating func hexString() throws -> [UInt8] {
        pos += 1
        var out: [UInt8] = []
        var high: UInt8?
        while pos < end {
            let b = bytes[pos]; pos += 1
            if b == 0x3E {
                if let h = high { out.append(h << 4) }
                return out
            }
            if PDFParser.isWhite(b) { continue }
            guard let v = hexValue(b) else { throw PDFFailure.format("bad hex string") }
            if let h = high { out.append(h << 4 | v); high = nil } else { high = v }
        }
        throw PDFFailure.format("unterminated hex string")
    }

    /// Literal string with every escape of §7.3.4.2: \n \r \t \b \f \( \) \\, \ddd octal,
    /// backslash-EOL continuation, balanced parentheses, bare EOL normalised to LF.
    mutating func literalString() throws -> [UInt8] {
        pos += 1
        var out: [UInt8] = []
        var depth = 1
        while pos < end {
            let b = bytes[pos]; pos += 1
            switch b {
            case 0x5C:
                guard pos < end else { break }
                let e = bytes[pos]; pos += 1
                switch e {
                case 0x6E: out.append(10)
                case 0x72: out.append(13)
                case 0x74: out.append(9)
                case 0x62: out.append(8)
                case 0x66: out.append(12)
                case 0x28, 0x29, 0x5C: out.append(e)
                case 0x0D: if pos < end && bytes[pos] == 0x0A { pos += 1 }
                case 0x0A: break
                case 0x30...0x37:
                    var v = Int(e - 0x30)
                    var n = 1
                    while n < 3, pos < end, (0x30...0x37).contains(bytes[pos]) {
                        v = v * 8 + Int(bytes[pos] - 0x30); pos += 1; n += 1
                    }
                    out.append(UInt8(truncatingIfNeeded: v))
                default: out.append(e)
                }
            case 0x28:
                depth += 1; out.append(b)
            case 0x29:
                depth -= 1
                if depth == 0 { return out }
                out.append(b)
            case 0x0D:
                if pos < end && bytes[pos] == 0x0A { pos += 1 }
                out.append(10)
            default:
                out.append(b)
            }
        }
        throw PDFFailure.format("unterminated string")
    }
}
