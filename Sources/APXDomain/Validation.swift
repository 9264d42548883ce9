import APXCore

/// Length limits (characters, after normalisation) for free-text fields; the spec fixes
/// 64 for document numbers, the rest are this deployment's choice (docs/decisions.md).
public enum FieldLimits {
    public static let name = 200
    public static let address = 200
    public static let content = 2000
    public static let number = 64
}

/// Collects the problems of one record while its fields are checked.
struct Checker {
    let record: SourceRecord
    var rejects: [Reject] = []

    init(_ record: SourceRecord) { self.record = record }

    mutating func reject(_ field: String, _ code: ReasonCode, _ message: String, raw: String? = nil) {
        rejects.append(Reject(record: record.number, line: record.line, field: field, code: code,
                              message: message, raw: raw ?? record[field] ?? ""))
    }

    func raw(_ field: String) -> String { record[field] ?? "" }

    mutating func required(_ field: String) -> String? {
        let v = raw(field)
        if Normalize.isBlank(v) {
            reject(field, .fieldMissing, "\(field) is required")
            return nil
        }
        return v
    }

    /// Free text: the source text is kept (`Normalize.sourceText`); emptiness and the
    /// length limit are judged after normalisation.
    mutating func text(_ field: String, limit: Int, required: Bool = false) -> String {
        let source = raw(field)
        // Plain text is its own normal and source form: one pass instead of three.
        if Normalize.isPlainText(source) {
            if source.isEmpty {
                if required { reject(field, .fieldMissing, "\(field) is required") }
                return ""
            }
            if source.utf8.count > limit, source.count > limit { reject(field, .fieldTooLong, "\(field) longer than \(limit) characters") }
            return source
        }
        let normalised = Normalize.text(source)
        if normalised.isEmpty {
            if required { reject(field, .fieldMissing, "\(field) is required") }
            return ""
        }
        // A character is at least one byte: only a text of more bytes than the limit can be too long.
        if normalised.utf8.count > limit, normalised.count > limit { reject(field, .fieldTooLong, "\(field) longer than \(limit) characters") }
        return Normalize.sourceText(source)
    }

    mutating func xmdm(_ field: String = "XMDM") -> String {
        guard let v = required(field) else { return "" }
        let code = Normalize.code(v)
        if !Identifiers.isValidXMDM(code) { reject(field, .xmdmInvalid, "not a valid project code") }
        return code
    }

    mutating func region(_ field: String) -> String {
        guard let v = required(field) else { return "" }
        let code = Normalize.code(v)
        if !Identifiers.isValidRegion(code) { reject(field, .regionInvalid, "not a valid region code") }
        return code
    }

    mutating func unitCode(_ field: String, raw value: String? = nil) -> String {
        let v = value ?? raw(field)
        let code = Normalize.code(v)
        if code.isEmpty { reject(field, .fieldMissing, "\(field) is required", raw: v); return "" }
        guard let canonical = Identifiers.canonicalUnitCode(code) else {
            reject(field, .usccInvalid, "not a valid USCC or organisation code", raw: v)
            return code
        }
        return canonical
    }

    mutating func date(_ field: String, required isRequired: Bool) -> String {
        let v = raw(field)
        if Normalize.isBlank(v) {
            if isRequired { reject(field, .fieldMissing, "\(field) is required") }
            return ""
        }
        guard let day = Values.date(v) else { reject(field, .dateInvalid, "not a date"); return "" }
        return day.iso
    }

    mutating func amount(_ field: String) -> String {
        guard let v = required(field) else { return "" }
        guard let cents = Values.amountCents(v) else { reject(field, .amountInvalid, "not a non-negative amount"); return "" }
        return Values.formatCents(cents)
    }

    mutating func code(_ field: String, allowed: Set<String>, required isRequired: Bool = true) -> String {
        let v = Normalize.code(raw(field))
        if v.isEmpty {
            if isRequired { reject(field, .fieldMissing, "\(field) is required") }
            return ""
        }
        if !allowed.contains(v) { reject(field, .codeInvalid, "\(field) outside its code list") }
        return v
    }
}

public enum Validate {
    /// A tzxm record → a project, or its problems.
    public static func project(_ record: SourceRecord) -> Result<ProjectRecord, RejectList> {
        var c = Checker(record)
        if let problem = record.shapeProblem { c.reject("*", .fieldMissing, problem, raw: "") }
        let xmdm = c.xmdm()
        let xmmc = c.text("XMMC", limit: FieldLimits.name, required: true)
        let lxlx = c.code("LXLX", allowed: CodeLists.oneToThree)
        var tzptlx = c.code("TZPTLX", allowed: CodeLists.platformKind)
        if tzptlx == "1" { tzptlx = "01" }
        let gbhy = Normalize.code(c.raw("GBHY"))
        if !gbhy.isEmpty && !(gbhy.count == 4 && gbhy.allSatisfy(\.isASCIIDigit)) {
            c.reject("GBHY", .codeInvalid, "industry code must be 4 digits")
        }
        let region = c.region("XZQHDM")
        let jsdd = c.text("JSDD", limit: FieldLimits.address)
        let ztze = c.amount("ZTZE")
        let jsgmjnr = c.text("JSGMJNR", limit: FieldLimits.content)
        let nkgsj = c.date("NKGSJ", required: false)
        let njcsj = c.date("NJCSJ", required: false)
        if !nkgsj.isEmpty, !njcsj.isEmpty, nkgsj > njcsj {
            c.reject("NKGSJ", .dateInvalid, "planned start after planned completion")
        }
        let lxsj = c.date("LXSJ", required: true)
        var units: [Unit] = []
        if record.units.isEmpty {
            c.reject("JSDW", .fieldMissing, "at least one construction unit is required")
        }
        for (i, unit) in record.units.enumerated() {
            let name = Normalize.sourceText(unit.name)
            let field = "JSDW[\(i + 1)]"
            if Normalize.isBlank(name) { c.reject(field, .fieldMissing, "unit name is required", raw: unit.name) }
            else if Normalize.text(unit.name).count > FieldLimits.name { c.reject(field, .fieldTooLong, "unit name too long", raw: unit.name) }
            let code = c.unitCode(field, raw: unit.code)
            units.append(Unit(name: name, code: code))
        }
        if !c.rejects.isEmpty { return .failure(RejectList(c.rejects)) }
        return .success(ProjectRecord(xmdm: xmdm, xmmc: xmmc, lxlx: lxlx, tzptlx: tzptlx, gbhy: gbhy, xzqhdm: region,
                                      jsdd: jsdd, ztze: ztze, jsgmjnr: jsgmjnr, nkgsj: nkgsj, njcsj: njcsj, lxsj: lxsj,
                                      units: units))
    }

    /// An rkqq record → a warehousing request, or its problems.
    public static func request(_ record: SourceRecord) -> Result<WarehousingRequest, RejectList> {
        var c = Checker(record)
        if let problem = record.shapeProblem { c.reject("*", .fieldMissing, problem, raw: "") }
        let qqbh = Normalize.code(c.required("QQBH") ?? "")
        if qqbh.count > FieldLimits.number { c.reject("QQBH", .fieldTooLong, "request number longer than 64") }
        let xmdm = c.xmdm()
        let xmmc = c.text("XMMC", limit: FieldLimits.name, required: true)
        let region = c.region("XZQHDM")
        let ztze = c.amount("ZTZE")
        let sqdwdm = c.unitCode("SQDWDM")
        let sqdwmc = c.text("SQDWMC", limit: FieldLimits.name, required: true)
        let splclxText = c.code("SPLCLX", allowed: CodeLists.approvalFlow)
        var sqsj = ""
        if let raw = c.required("SQSJ") {
            if let ts = Values.timestamp(raw) { sqsj = ts } else { c.reject("SQSJ", .dateInvalid, "not a timestamp") }
        }
        if !c.rejects.isEmpty { return .failure(RejectList(c.rejects)) }
        return .success(WarehousingRequest(qqbh: qqbh, xmdm: xmdm, xmmc: xmmc, xzqhdm: region, ztze: ztze,
                                           sqdwdm: sqdwdm, sqdwmc: sqdwmc, splclx: Int(splclxText) ?? 0, sqsj: sqsj))
    }
}

/// The rejects of one record (an Error so it can travel in a Result).
public struct RejectList: Error, Sendable {
    public let rejects: [Reject]
    public init(_ rejects: [Reject]) { self.rejects = rejects }
}
