import APXCore

/// A construction unit of a project: name as given, code in canonical form.
public struct Unit: Equatable, Sendable {
    public var name: String
    public var code: String
    public init(name: String, code: String) { self.name = name; self.code = code }
}

/// A project as the investment platform describes it (tzxm), validated.
public struct ProjectRecord: Equatable, Sendable {
    public var xmdm: String
    public var xmmc: String
    public var lxlx: String
    public var tzptlx: String
    public var gbhy: String
    public var xzqhdm: String
    public var jsdd: String
    public var ztze: String          // "35000.00"
    public var jsgmjnr: String
    public var nkgsj: String
    public var njcsj: String
    public var lxsj: String
    public var units: [Unit]

    public init(xmdm: String, xmmc: String, lxlx: String, tzptlx: String, gbhy: String, xzqhdm: String,
                jsdd: String, ztze: String, jsgmjnr: String, nkgsj: String, njcsj: String, lxsj: String, units: [Unit]) {
        self.xmdm = xmdm; self.xmmc = xmmc; self.lxlx = lxlx; self.tzptlx = tzptlx; self.gbhy = gbhy
        self.xzqhdm = xzqhdm; self.jsdd = jsdd; self.ztze = ztze; self.jsgmjnr = jsgmjnr
        self.nkgsj = nkgsj; self.njcsj = njcsj; self.lxsj = lxsj; self.units = units
    }

    /// Field values for display and review, by field code.
    public func value(_ field: String) -> String {
        switch field {
        case "XMMC": return xmmc
        case "XZQHDM": return xzqhdm
        case "ZTZE": return ztze
        case "JSDW": return units.map { "\($0.name)|\($0.code)" }.joined(separator: ";")
        case "LXLX": return lxlx
        case "JSDD": return jsdd
        case "NKGSJ": return nkgsj
        case "NJCSJ": return njcsj
        default: return ""
        }
    }
}

/// A warehousing request (rkqq), validated.
public struct WarehousingRequest: Equatable, Sendable {
    public var qqbh: String
    public var xmdm: String
    public var xmmc: String
    public var xzqhdm: String
    public var ztze: String
    public var sqdwdm: String
    public var sqdwmc: String
    public var splclx: Int
    public var sqsj: String

    public init(qqbh: String, xmdm: String, xmmc: String, xzqhdm: String, ztze: String, sqdwdm: String,
                sqdwmc: String, splclx: Int, sqsj: String) {
        self.qqbh = qqbh; self.xmdm = xmdm; self.xmmc = xmmc; self.xzqhdm = xzqhdm; self.ztze = ztze
        self.sqdwdm = sqdwdm; self.sqdwmc = sqdwmc; self.splclx = splclx; self.sqsj = sqsj
    }
}

/// One problem of one record: a line of `NAME.rejects.csv`.
public struct Reject: Equatable, Sendable {
    public var record: Int
    public var line: Int?
    public var field: String
    public var code: ReasonCode
    public var message: String
    public var raw: String

    public init(record: Int, line: Int?, field: String, code: ReasonCode, message: String, raw: String) {
        self.record = record; self.line = line; self.field = field; self.code = code; self.message = message; self.raw = raw
    }
}
