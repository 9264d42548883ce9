import Flate
import Foundation

/// Writes small, valid PDFs whose document information dictionary carries given keys, in
/// the layouts the manual-upload portal's writers produce (spec 02). For tests and samples.
public enum PDFWriter {
    /// How the text values of /Info are written.
    public enum TextForm: Sendable {
        /// `( … )` in PDFDocEncoding (ASCII values only), with `\( \) \\` escapes.
        case literal
        /// `( FE FF … )` UTF-16BE in a literal string, bytes ≥ 0x80 as octal `\ddd`, with a
        /// backslash-EOL line continuation in the middle.
        case literalUTF16
        /// `<FEFF…>` UTF-16BE hex string.
        case hexUTF16
    }

    public enum Layout: Sendable {
        /// Classic cross-reference table; /Info a plain object.
        case classic
        /// Cross-reference stream; /Info inside a compressed object stream; with `predictor`
        /// the xref stream uses PNG Up prediction (/Predictor 12).
        case xrefStream(predictor: Bool)
    }

    public static func document(info: [(String, String)], layout: Layout = .classic, form: TextForm = .hexUTF16,
                                encrypted: Bool = false, pageText: String = "apx",
                                declaredObjectCount: Int? = nil) -> [UInt8] {
        var w = Buffer()
        w.append(layout.isStream ? "%PDF-1.5\n" : "%PDF-1.4\n")
        w.bytes += [0x25, 0xE2, 0xE3, 0xCF, 0xD3, 0x0A]
        var offsets: [Int: Int] = [:]
        func object(_ n: Int, _ body: [UInt8]) {
            offsets[n] = w.bytes.count
            w.append("\(n) 0 obj\n")
            w.bytes += body
            w.append("\nendobj\n")
        }
        let content = Array("BT /F1 12 Tf 72 720 Td (\(pageText)) Tj ET".utf8)
        object(1, Array("<< /Type /Catalog /Pages 2 0 R >>".utf8))
        object(2, Array("<< /Type /Pages /Kids [3 0 R] /Count 1 >>".utf8))
        object(3, Array("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>".utf8))
        object(4, Array("<< /Length \(content.count) >>\nstream\n".utf8) + content + Array("\nendstream".utf8))
        let infoBody = dictionary(info, form: form)
        var encryptRef = ""
        if encrypted {
            object(6, Array("<< /Filter /Standard /V 1 /R 2 /O <00> /U <00> /P -4 >>".utf8))
            encryptRef = " /Encrypt 6 0 R /ID [<0102> <0102>]"
        }
        switch layout {
        case .classic:
            object(5, infoBody)
            let size = encrypted ? 7 : 6
            let xref = w.bytes.count
            w.append("xref\n0 \(size)\n0000000000 65535 f\r\n")
            for n in 1..<size {
                if let o = offsets[n] { w.append(pad10(o) + " 00000 n\r\n") } else { w.append("0000000000 65535 f\r\n") }
            }
            w.append("trailer\n<< /Size \(size) /Root 1 0 R /Info 5 0 R\(encryptRef) >>\nstartxref\n\(xref)\n%%EOF\n")
        case .xrefStream(let predictor):
            // Object stream 7 holds object 5 (Info).
            let header = Array("5 0 ".utf8)
            let objstm = header + infoBody
            let packed = try! Flate.deflate(objstm, container: .zlib)
            object(7, Array("<< /Type /ObjStm /N \(declaredObjectCount ?? 1) /First \(header.count) /Filter /FlateDecode /Length \(packed.count) >>\nstream\n".utf8)
                   + packed + Array("\nendstream".utf8))
            let xrefNumber = 8
            let xrefOffset = w.bytes.count
            offsets[xrefNumber] = xrefOffset
            // Rows: type(1) offset(4) index/gen(2).
            var rows: [[UInt8]] = []
            func row(_ t: UInt8, _ a: Int, _ b: Int) -> [UInt8] {
                [t, UInt8(a >> 24 & 0xff), UInt8(a >> 16 & 0xff), UInt8(a >> 8 & 0xff), UInt8(a & 0xff), UInt8(b >> 8 & 0xff), UInt8(b & 0xff)]
            }
            rows.append(row(0, 0, 65535))
            for n in 1...xrefNumber {
                if n == 5 { rows.append(row(2, 7, 0)) }
                else if let o = offsets[n] { rows.append(row(1, o, 0)) }
                else { rows.append(row(0, 0, 0)) }
            }
            var raw: [UInt8] = []
            var parms = ""
            if predictor {
                var previous = [UInt8](repeating: 0, count: 7)
                for r in rows {
                    raw.append(2)   // PNG Up
                    for j in 0..<7 { raw.append(r[j] &- previous[j]) }
                    previous = r
                }
                parms = " /DecodeParms << /Predictor 12 /Columns 7 >>"
            } else {
                raw = rows.flatMap { $0 }
            }
            let packedXref = try! Flate.deflate(raw, container: .zlib)
            w.append("\(xrefNumber) 0 obj\n<< /Type /XRef /Size \(xrefNumber + 1) /W [1 4 2] /Root 1 0 R /Info 5 0 R\(encryptRef) /Filter /FlateDecode\(parms) /Length \(packedXref.count) >>\nstream\n")
            w.bytes += packedXref
            w.append("\nendstream\nendobj\nstartxref\n\(xrefOffset)\n%%EOF\n")
        }
        return w.bytes
    }

    /// Appends an incremental update whose new /Info (object 9) replaces the old one.
    public static func incrementalUpdate(_ base: [UInt8], info: [(String, String)], form: TextForm = .hexUTF16) -> [UInt8] {
        var w = Buffer()
        w.bytes = base
        let prev = previousStartXRef(base)
        let at = w.bytes.count
        w.append("9 0 obj\n")
        w.bytes += dictionary(info, form: form)
        w.append("\nendobj\n")
        let xref = w.bytes.count
        w.append("xref\n0 1\n0000000000 65535 f\r\n9 1\n\(pad10(at)) 00000 n\r\n")
        w.append("trailer\n<< /Size 10 /Root 1 0 R /Info 9 0 R /Prev \(prev) >>\nstartxref\n\(xref)\n%%EOF\n")
        return w.bytes
    }

    static func previousStartXRef(_ bytes: [UInt8]) -> Int {
        let text = String(decoding: bytes.suffix(64), as: UTF8.self)
        let parts = text.components(separatedBy: "startxref")
        let number = parts.last!.split(whereSeparator: { $0 == "\n" || $0 == "\r" }).first!
        return Int(number)!
    }

    static func dictionary(_ info: [(String, String)], form: TextForm) -> [UInt8] {
        var out = Array("<<".utf8)
        for (key, value) in info {
            out += Array(" /\(key) ".utf8) + string(value, form: form)
        }
        out += Array(" >>".utf8)
        return out
    }

    public static func string(_ value: String, form: TextForm) -> [UInt8] {
        switch form {
        case .literal:
            var out: [UInt8] = [0x28]
            for b in value.utf8 {
                if b == 0x28 || b == 0x29 || b == 0x5C { out.append(0x5C) }
                out.append(b)
            }
            return out + [0x29]
        case .literalUTF16:
            let bytes: [UInt8] = [0xFE, 0xFF] + value.utf16.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xff)] }
            var out: [UInt8] = [0x28]
            for (i, b) in bytes.enumerated() {
                if i == bytes.count / 2 { out += [0x5C, 0x0A] }   // line continuation
                switch b {
                case 0x28, 0x29, 0x5C: out += [0x5C, b]
                case 0x0A: out += Array("\\n".utf8)
                case 0x0D: out += Array("\\r".utf8)
                case 0x20...0x7E: out.append(b)
                default:
                    out.append(0x5C)
                    out += Array(String(b, radix: 8).leftPadded(3).utf8)
                }
            }
            return out + [0x29]
        case .hexUTF16:
            let bytes: [UInt8] = [0xFE, 0xFF] + value.utf16.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xff)] }
            let digits = Array("0123456789ABCDEF".utf8)
            return [0x3C] + bytes.flatMap { [digits[Int($0 >> 4)], digits[Int($0 & 0xf)]] } + [0x3E]
        }
    }

    static func pad10(_ n: Int) -> String { String(n).leftPadded(10) }

    struct Buffer {
        var bytes: [UInt8] = []
        mutating func append(_ s: String) { bytes += Array(s.utf8) }
    }
}

extension PDFWriter.Layout {
    var isStream: Bool { if case .xrefStream = self { return true }; return false }
}

extension String {
    public func leftPadded(_ width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
