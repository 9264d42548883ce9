import APXCore

/// A result (成果) delivered by sgt, dtjg or manual, validated and normalised.
public struct ResultRecord: Equatable, Sendable, Codable {
    public struct Document: Equatable, Sendable, Codable {
        public var name: String
        public var size: Int64
        public var sha256: String
        /// Workspace-relative path of the stored, byte-identical copy.
        public var path: String
        public init(name: String, size: Int64, sha256: String, path: String) {
            self.name = name; self.size = size; self.sha256 = sha256; self.path = path
        }
    }

    public var sxbm: String
    public var number: String
    public var xmdm: String
    /// The 4-digit sub-project code, or the XMDM for the main project.
    public var gcdm: String
    public var xmmc: String
    public var jsdwdm: String
    public var jsdwmc: String
    public var title: String
    /// Issuing or handling body (FZJG, SCJG, BAJG …).
    public var issuer: String
    /// Issue / finish date `yyyy-MM-dd`.
    public var issued: String
    public var validUntil: String
    /// Application number (sgt SLBH) when the item was accepted with a time limit.
    public var application: String
    public var acceptedAt: String
    public var finishedAt: String
    public var promisedDays: Int?
    /// Attributes prerequisites may depend on (RQSL, ZBFS).
    public var attributes: [String: String]
    /// Every further business field, normalised, for the key information and the report.
    public var fields: [String: String]
    public var documents: [Document]

    public init(sxbm: String, number: String, xmdm: String, gcdm: String) {
        self.sxbm = sxbm; self.number = number; self.xmdm = xmdm; self.gcdm = gcdm
        xmmc = ""; jsdwdm = ""; jsdwmc = ""; title = ""; issuer = ""; issued = ""; validUntil = ""
        application = ""; acceptedAt = ""; finishedAt = ""; promisedDays = nil
        attributes = [:]; fields = [:]; documents = []
    }

    /// Canonical key information: the same (SXBM, number) with an equal key is a no-op,
    /// a different key is a new version (spec 03).
    public var key: String {
        var parts = ["XMDM=\(xmdm)", "GCDM=\(gcdm)", "XMMC=\(Normalize.comparable(xmmc))", "JSDWDM=\(jsdwdm)",
                     "TITLE=\(Normalize.comparable(title))", "ISSUER=\(Normalize.comparable(issuer))", "ISSUED=\(issued)",
                     "VALID=\(validUntil)", "SLBH=\(application)", "SLSJ=\(acceptedAt)", "BJSJ=\(finishedAt)",
                     "CNSX=\(promisedDays.map(String.init) ?? "")"]
        parts += attributes.keys.sorted().map { "@\($0)=\(attributes[$0]!)" }
        parts += fields.keys.sorted().map { "\($0)=\(Normalize.comparable(fields[$0]!))" }
        parts += documents.map { "DOC=\($0.name):\($0.size):\($0.sha256)" }
        return parts.joined(separator: "\n")
    }
}

/// An acceptance (sgt SL): the clock of a promised time limit started.
public struct Acceptance: Equatable, Sendable {
    public var slbh: String
    public var sxbm: String
    public var xmdm: String
    public var gcdm: String
    public var acceptedAt: String
    public var promisedDays: Int?
    public var waived: Bool
    public var handler: String
    public init(slbh: String, sxbm: String, xmdm: String, gcdm: String, acceptedAt: String, promisedDays: Int?,
                waived: Bool, handler: String) {
        self.slbh = slbh; self.sxbm = sxbm; self.xmdm = xmdm; self.gcdm = gcdm; self.acceptedAt = acceptedAt
        self.promisedDays = promisedDays; self.waived = waived; self.handler = handler
    }
}

extension Checker {
    mutating func gcdm(_ field: String, xmdm: String) -> String {
        let v = Normalize.code(raw(field))
        if v.isEmpty { return xmdm }
        guard let canonical = Identifiers.canonicalGCDM(v), canonical.hasPrefix(xmdm) || xmdm.isEmpty else {
            reject(field, .gcdmInvalid, "not a sub-project code of the project")
            return xmdm
        }
        return canonical
    }

    mutating func number(_ field: String) -> String {
        let v = Normalize.text(raw(field))
        if v.isEmpty { reject(field, .fieldMissing, "\(field) is required"); return "" }
        if v.count > FieldLimits.number { reject(field, .fieldTooLong, "\(field) longer than 64 characters") }
        if Normalize.hasControlCharacters(v) { reject(field, .fieldTooLong, "\(field) contains control characters") }
        return v
    }

    mutating func timestamp(_ field: String, required isRequired: Bool) -> String {
        let v = raw(field)
        if Normalize.isBlank(v) {
            if isRequired { reject(field, .fieldMissing, "\(field) is required") }
            return ""
        }
        guard let ts = Values.timestamp(v) else { reject(field, .dateInvalid, "not a date or timestamp"); return "" }
        return ts
    }

    mutating func days(_ field: String, required isRequired: Bool) -> Int? {
        let v = Normalize.code(raw(field))
        if v.isEmpty {
            if isRequired { reject(field, .fieldMissing, "\(field) is required") }
            return nil
        }
        guard let n = Int(v), (0...3650).contains(n) else { reject(field, .codeInvalid, "\(field) is not a number of days"); return nil }
        return n
    }

    mutating func optionalAmount(_ field: String) -> String {
        let v = raw(field)
        if Normalize.isBlank(v) { return "" }
        guard let cents = Values.amountCents(v) else { reject(field, .amountInvalid, "not a non-negative amount"); return "" }
        return Values.formatCents(cents)
    }

    mutating func optionalUnit(_ field: String) -> String {
        Normalize.isBlank(raw(field)) ? "" : unitCode(field)
    }
}

public enum ValidateResult {
    /// The four dtjg kinds (spec 02) → a result, or its problems.
    public static func dtjg(_ record: SourceRecord, kind: ResultExportKind) -> Result<ResultRecord, RejectList> {
        var c = Checker(record)
        if let problem = record.shapeProblem { c.reject("*", .fieldMissing, problem, raw: "") }
        let xmdm = c.xmdm()
        let gcdm = c.gcdm("GCDM", xmdm: xmdm)
        var r = ResultRecord(sxbm: kind.rawValue, number: "", xmdm: xmdm, gcdm: gcdm)
        // Room for every field a kind sets (7 at most), so the map is not regrown as it fills.
        r.fields.reserveCapacity(7)
        r.xmmc = c.text("XMMC", limit: FieldLimits.name, required: true)
        r.jsdwdm = c.unitCode("JSDWDM")
        r.jsdwmc = c.text("JSDWMC", limit: FieldLimits.name, required: true)
        switch kind {
        case .bidAward:
            r.number = c.number("ZBTZSBH")
            r.fields["BDMC"] = c.text("BDMC", limit: FieldLimits.name)
            r.attributes["ZBFS"] = c.code("ZBFS", allowed: CodeLists.oneTwo)
            r.fields["ZBDWMC"] = c.text("ZBDWMC", limit: FieldLimits.name, required: true)
            r.fields["ZBDWDM"] = c.unitCode("ZBDWDM")
            r.fields["ZBJE"] = c.amount("ZBJE")
            r.issued = c.date("ZBRQ", required: true)
            r.title = "中标通知书"
        case .contract:
            r.number = c.number("HTBABH")
            let htlx = c.code("HTLX", allowed: CodeLists.oneTwo)
            r.sxbm = htlx == "2" ? "JLHT" : "SGHT"
            let zbfs = c.code("ZBFS", allowed: CodeLists.oneToThree)
            r.attributes["ZBFS"] = zbfs
            let notice = Normalize.text(c.raw("ZBTZSBH"))
            if (zbfs == "1" || zbfs == "2") && notice.isEmpty {
                c.reject("ZBTZSBH", .fieldMissing, "a tendered contract names its bid-award notice")
            }
            r.fields["ZBTZSBH"] = notice
            r.fields["CBDWMC"] = c.text("CBDWMC", limit: FieldLimits.name, required: true)
            r.fields["CBDWDM"] = c.unitCode("CBDWDM")
            r.fields["HTJE"] = c.amount("HTJE")
            r.fields["QDRQ"] = c.date("QDRQ", required: false)
            r.issued = c.date("BARQ", required: true)
            r.title = htlx == "2" ? "监理合同备案" : "施工合同备案"
        case .constructionPermit:
            let permit = Normalize.code(c.raw("SGXKZBH"))
            if permit.isEmpty { c.reject("SGXKZBH", .fieldMissing, "SGXKZBH is required") }
            else if !Identifiers.isValidPermitNumber(permit) { c.reject("SGXKZBH", .permitNoInvalid, "not a valid permit number") }
            r.number = permit
            r.fields["SGDWMC"] = c.text("SGDWMC", limit: FieldLimits.name)
            r.fields["SGDWDM"] = c.optionalUnit("SGDWDM")
            r.fields["JLDWMC"] = c.text("JLDWMC", limit: FieldLimits.name)
            r.fields["JLDWDM"] = c.optionalUnit("JLDWDM")
            r.fields["HTJE"] = c.optionalAmount("HTJE")
            r.fields["JZMJ"] = c.optionalAmount("JZMJ")
            r.issuer = c.text("FZJG", limit: FieldLimits.name, required: true)
            r.issued = c.date("FZRQ", required: true)
            r.acceptedAt = c.timestamp("SLSJ", required: false)
            r.promisedDays = c.days("CNSX", required: false)
            r.finishedAt = r.issued.isEmpty ? "" : r.issued + "T00:00:00+08:00"
            r.title = "建筑工程施工许可证"
        case .completion:
            r.number = c.number("JGYSBABH")
            r.fields["JGYSLX"] = c.code("JGYSLX", allowed: CodeLists.oneTwo)
            r.issuer = c.text("BAJG", limit: FieldLimits.name, required: true)
            r.issued = c.date("BARQ", required: true)
            r.title = "竣工验收备案"
        }
        if r.finishedAt.isEmpty && !r.issued.isEmpty { r.finishedAt = r.issued + "T00:00:00+08:00" }
        return c.rejects.isEmpty ? .success(r) : .failure(RejectList(c.rejects))
    }

    /// manual: the PDF's /Info keys (already checked present) → a result, or its problems.
    public static func manual(_ info: [String: String], catalogue: Catalogue) -> Result<ResultRecord, RejectList> {
        var c = Checker(SourceRecord(number: 1, line: nil, fields: info))
        let xmdm = c.xmdm()
        let gcdm = c.gcdm("GCDM", xmdm: xmdm)
        let sxbm = Normalize.code(c.raw("SXBM"))
        if catalogue[sxbm]?.carriesDocument != true {
            c.reject("SXBM", .itemUnknown, "not a document-bearing item of the catalogue")
        }
        var r = ResultRecord(sxbm: sxbm, number: c.number("WJBH"), xmdm: xmdm, gcdm: gcdm)
        r.issuer = c.text("FZJG", limit: FieldLimits.name, required: true)
        r.issued = c.date("FZRQ", required: true)
        r.validUntil = c.date("YXQZ", required: false)
        r.jsdwdm = c.unitCode("JSDWDM")
        r.title = c.text("Title", limit: FieldLimits.name, required: true)
        r.finishedAt = r.issued.isEmpty ? "" : r.issued + "T00:00:00+08:00"
        return c.rejects.isEmpty ? .success(r) : .failure(RejectList(c.rejects))
    }

    /// sgt SGTSC document (root already read) → acceptance, and for `BJ` the outcome.
    public enum SGTOutcome: Sendable {
        case accepted(Acceptance)
        case passed(Acceptance, ResultRecord)
        case failed(Acceptance, finishedAt: String)
    }

    public static func sgt(_ record: SourceRecord, finished: Bool) -> Result<SGTOutcome, RejectList> {
        var c = Checker(record)
        let slbh = Normalize.code(c.required("SLBH") ?? "")
        if slbh.count > FieldLimits.number { c.reject("SLBH", .fieldTooLong, "SLBH longer than 64") }
        let xmdm = c.xmdm()
        let gcdm = c.gcdm("GCDM", xmdm: xmdm)
        let xmmc = c.text("XMMC", limit: FieldLimits.name, required: true)
        let jsdwdm = c.unitCode("JSDW.TYSHXYDM")
        let jsdwmc = c.text("JSDW.DWMC", limit: FieldLimits.name)
        let handler = c.text("SCJG.DWMC", limit: FieldLimits.name)
        let acceptedAt = c.timestamp("SLSJ", required: true)
        let promised = c.days("CNSX", required: false)
        let rqsl = c.code("RQSL", allowed: ["0", "1"], required: false)
        let acceptance = Acceptance(slbh: slbh, sxbm: "SGTSC", xmdm: xmdm, gcdm: gcdm, acceptedAt: acceptedAt,
                                    promisedDays: promised, waived: rqsl == "1", handler: handler)
        guard finished else {
            return c.rejects.isEmpty ? .success(.accepted(acceptance)) : .failure(RejectList(c.rejects))
        }
        let finishedAt = c.timestamp("BJSJ", required: true)
        let scjl = c.code("SCJL", allowed: ["0", "1"])
        if scjl == "0" {
            return c.rejects.isEmpty ? .success(.failed(acceptance, finishedAt: finishedAt)) : .failure(RejectList(c.rejects))
        }
        var r = ResultRecord(sxbm: "SGTSC", number: c.number("HGSBH"), xmdm: xmdm, gcdm: gcdm)
        r.xmmc = xmmc; r.jsdwdm = jsdwdm; r.jsdwmc = jsdwmc
        r.issuer = handler
        r.title = "施工图审查合格书"
        r.application = slbh
        r.acceptedAt = acceptedAt
        r.finishedAt = finishedAt
        r.issued = String(finishedAt.prefix(10))
        r.promisedDays = promised
        r.attributes["RQSL"] = rqsl.isEmpty ? "0" : rqsl
        r.fields["JZMJ"] = c.optionalAmount("JZMJ")
        r.fields["SJDWDM"] = c.optionalUnit("SJDW.TYSHXYDM")
        r.fields["SJDWMC"] = c.text("SJDW.DWMC", limit: FieldLimits.name)
        return c.rejects.isEmpty ? .success(.passed(acceptance, r)) : .failure(RejectList(c.rejects))
    }
}
