/// The four supervision-platform (dtjg) export kinds of spec 02; the raw value is the kind
/// as file names spell it (`DTJG_<KIND>_…`).
public enum ResultExportKind: String, Sendable, CaseIterable, CustomStringConvertible {
    case bidAward = "ZBTZS"
    case contract = "HTBA"
    case constructionPermit = "SGXK"
    case completion = "JGYSBA"
}
