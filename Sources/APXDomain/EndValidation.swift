import APXCore

/// Validation of end requests and receipts.
public enum ValidateEnd {
    public struct EndRequest: Sendable {
        public let qqbh: String
        public let xmdm: String
        public let sqdwdm: String
        public let sqsj: String
    }

    public static func request(_ record: SourceRecord) -> Result<EndRequest, RejectList> {
        var c = Checker(record)
        if let problem = record.shapeProblem { c.reject("*", .fieldMissing, problem, raw: "") }
        let qqbh = Normalize.code(c.required("QQBH") ?? "")
        if qqbh.count > FieldLimits.number { c.reject("QQBH", .fieldTooLong, "request number longer than 64") }
        let xmdm = c.xmdm()
        let sqdwdm = c.unitCode("SQDWDM")
        let sqsj = c.timestamp("SQSJ", required: true)
        return c.rejects.isEmpty ? .success(EndRequest(qqbh: qqbh, xmdm: xmdm, sqdwdm: sqdwdm, sqsj: sqsj)) : .failure(RejectList(c.rejects))
    }

    public struct ReceiptLine: Sendable {
        public let dfsjzj: String
        public let version: Int
        public let accepted: Bool
        public let reason: String
    }

    public static func govReceiptLine(_ record: SourceRecord) -> Result<ReceiptLine, RejectList> {
        var c = Checker(record)
        let key = Normalize.text(c.required("dfsjzj") ?? "")
        let version = Int(Normalize.code(c.raw("bbh")))
        if version == nil || version! < 1 { c.reject("bbh", .codeInvalid, "bbh must be a version number") }
        let state = c.code("sjsczt", allowed: ["2", "3"])
        let reason = Normalize.text(c.raw("sbyy"))
        return c.rejects.isEmpty
            ? .success(ReceiptLine(dfsjzj: key, version: version ?? 0, accepted: state == "3", reason: reason))
            : .failure(RejectList(c.rejects))
    }

    public struct ArchiveReceipt: Sendable {
        public let xmdm: String
        public let package: String
        public let accepted: Bool
        public let date: String
        public let reason: String
    }

    public static func archiveReceipt(_ record: SourceRecord) -> Result<ArchiveReceipt, RejectList> {
        var c = Checker(record)
        let xmdm = c.xmdm("xmdm")
        let package = Normalize.text(c.required("bm") ?? "")
        let state = c.code("jszt", allowed: ["0", "1"])
        let date = c.date("jsrq", required: false)
        let reason = Normalize.text(c.raw("sm"))
        return c.rejects.isEmpty
            ? .success(ArchiveReceipt(xmdm: xmdm, package: package, accepted: state == "1", date: date, reason: reason))
            : .failure(RejectList(c.rejects))
    }
}
