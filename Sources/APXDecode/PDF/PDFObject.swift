/// A PDF object as far as the metadata reader needs it.
indirect enum PDFObject: Equatable {
    case null
    case bool(Bool)
    case int(Int)
    case real(Double)
    case string([UInt8])
    case name(String)
    case array([PDFObject])
    case dict([String: PDFObject])
    case ref(Int, Int)
    /// A stream: its dictionary and the byte range of its raw data in the file.
    case stream([String: PDFObject], Range<Int>)

    var dict: [String: PDFObject]? {
        switch self {
        case .dict(let d), .stream(let d, _): return d
        default: return nil
        }
    }
    var int: Int? { if case .int(let v) = self { return v }; return nil }
    var name: String? { if case .name(let v) = self { return v }; return nil }
}

/// Why a PDF could not be read; mapped onto PDF_FORMAT / PDF_ENCRYPTED / PDF_METADATA.
struct PDFFailure: Error {
    enum Kind { case format, encrypted, metadata }
    let kind: Kind
    let message: String
    static func format(_ m: String) -> PDFFailure { PDFFailure(kind: .format, message: m) }
}
