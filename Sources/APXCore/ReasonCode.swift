/// A reason code of spec 03/04: a file-level, record-level or business reason.
/// Extensible: new codes are new static members, not new cases.
public struct ReasonCode: RawRepresentable, Hashable, Sendable, Codable, CustomStringConvertible {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public init(_ raw: String) { self.rawValue = raw }

    // File level.
    public static let nameUnknown = ReasonCode("NAME_UNKNOWN")
    public static let duplicate = ReasonCode("DUPLICATE")
    public static let xmlMalformed = ReasonCode("XML_MALFORMED")
    public static let xmlDTD = ReasonCode("XML_DTD")
    public static let xmlRoot = ReasonCode("XML_ROOT")
    public static let encoding = ReasonCode("ENCODING")
    public static let csvHeader = ReasonCode("CSV_HEADER")
    public static let csvMalformed = ReasonCode("CSV_MALFORMED")
    public static let pdfFormat = ReasonCode("PDF_FORMAT")
    public static let pdfEncrypted = ReasonCode("PDF_ENCRYPTED")
    public static let pdfMetadata = ReasonCode("PDF_METADATA")
    public static let attachmentMissing = ReasonCode("ATTACHMENT_MISSING")
    public static let attachmentMismatch = ReasonCode("ATTACHMENT_MISMATCH")
    public static let tooLarge = ReasonCode("TOO_LARGE")
    public static let tooManyRejects = ReasonCode("TOO_MANY_REJECTS")

    // Record level.
    public static let xmdmInvalid = ReasonCode("XMDM_INVALID")
    public static let gcdmInvalid = ReasonCode("GCDM_INVALID")
    public static let usccInvalid = ReasonCode("USCC_INVALID")
    public static let regionInvalid = ReasonCode("REGION_INVALID")
    public static let itemUnknown = ReasonCode("ITEM_UNKNOWN")
    public static let dateInvalid = ReasonCode("DATE_INVALID")
    public static let amountInvalid = ReasonCode("AMOUNT_INVALID")
    public static let fieldMissing = ReasonCode("FIELD_MISSING")
    public static let fieldTooLong = ReasonCode("FIELD_TOO_LONG")
    public static let codeInvalid = ReasonCode("CODE_INVALID")
    public static let permitNoInvalid = ReasonCode("PERMIT_NO_INVALID")

    // Business level (pending / review / migration).
    public static let projectNotFound = ReasonCode("PROJECT_NOT_FOUND")
    public static let migration = ReasonCode("MIGRATION")
    public static let unitNotOnProject = ReasonCode("UNIT_NOT_ON_PROJECT")
    public static let notLeadUnit = ReasonCode("NOT_LEAD_UNIT")
    public static let keyMismatch = ReasonCode("KEY_MISMATCH")
    public static let alreadyWarehoused = ReasonCode("ALREADY_WAREHOUSED")
    public static let platformChanged = ReasonCode("PLATFORM_CHANGED")
}
