import APXCore

/// The manual-upload reader (spec 02): the document information dictionary of the
/// newest revision, as text. File-level failures are `DecodeError`s with the spec's codes.
public enum PDFMetadataReader {
    /// Every text entry of `/Info`, keys without the slash.
    public static func info(path: String) throws -> [String: String] {
        do {
            let document = try PDFDocument(path: path)
            if document.trailer["Encrypt"] != nil && document.trailer["Encrypt"] != .null {
                throw PDFFailure(kind: .encrypted, message: "the document is encrypted")
            }
            guard let infoRef = document.trailer["Info"] else {
                throw PDFFailure(kind: .metadata, message: "no document information dictionary")
            }
            guard case .dict(let info) = try document.resolve(infoRef) else {
                throw PDFFailure(kind: .metadata, message: "/Info is not a dictionary")
            }
            var out: [String: String] = [:]
            for (key, value) in info {
                if case .string(let bytes) = try document.resolve(value) { out[key] = text(bytes) }
            }
            return out
        } catch let failure as PDFFailure {
            switch failure.kind {
            case .format: throw DecodeError(.pdfFormat, failure.message)
            case .encrypted: throw DecodeError(.pdfEncrypted, failure.message)
            case .metadata: throw DecodeError(.pdfMetadata, failure.message)
            }
        }
    }

    /// A PDF text string: UTF-16BE with BOM, UTF-8 with BOM, else PDFDocEncoding.
    public static func text(_ bytes: [UInt8]) -> String {
        if bytes.count >= 2, bytes[0] == 0xFE, bytes[1] == 0xFF {
            var units: [UInt16] = []
            var i = 2
            while i + 1 < bytes.count { units.append(UInt16(bytes[i]) << 8 | UInt16(bytes[i + 1])); i += 2 }
            return String(decoding: units, as: UTF16.self)
        }
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF {
            return String(decoding: bytes.dropFirst(3), as: UTF8.self)
        }
        var scalars = String.UnicodeScalarView()
        for b in bytes {
            if let mapped = pdfDocEncoding[b] { scalars.append(mapped) }
            else if b == 0x9F || b == 0x7F || b == 0xAD { continue }
            else { scalars.append(Unicode.Scalar(b)) }
        }
        return String(scalars)
    }

    static let pdfDocEncoding: [UInt8: Unicode.Scalar] = {
        let table: [(UInt8, UInt32)] = [
            (0x18, 0x02D8), (0x19, 0x02C7), (0x1A, 0x02C6), (0x1B, 0x02D9), (0x1C, 0x02DD), (0x1D, 0x02DB),
            (0x1E, 0x02DA), (0x1F, 0x02DC), (0x80, 0x2022), (0x81, 0x2020), (0x82, 0x2021), (0x83, 0x2026),
            (0x84, 0x2014), (0x85, 0x2013), (0x86, 0x0192), (0x87, 0x2044), (0x88, 0x2039), (0x89, 0x203A),
            (0x8A, 0x2212), (0x8B, 0x2030), (0x8C, 0x201E), (0x8D, 0x201C), (0x8E, 0x201D), (0x8F, 0x2018),
            (0x90, 0x2019), (0x91, 0x201A), (0x92, 0x2122), (0x93, 0xFB01), (0x94, 0xFB02), (0x95, 0x0141),
            (0x96, 0x0152), (0x97, 0x0160), (0x98, 0x0178), (0x99, 0x017D), (0x9A, 0x0131), (0x9B, 0x0142),
            (0x9C, 0x0153), (0x9D, 0x0161), (0x9E, 0x017E), (0xA0, 0x20AC),
        ]
        var d: [UInt8: Unicode.Scalar] = [:]
        for (b, u) in table { d[b] = Unicode.Scalar(u)! }
        return d
    }()
}
