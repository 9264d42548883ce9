import Foundation

/// A project as a fixture writes it into a tzxm extract.
public struct ProjectFixture: Sendable {
    public var xmdm: String
    public var xmmc: String
    public var lxlx = "3"
    public var tzptlx = "99"
    public var gbhy = "4710"
    public var xzqhdm = "360111"
    public var jsdd = "南昌市青山湖区京东大道以东"
    public var ztze = "35000.00"
    public var jsgmjnr = "总建筑面积约12万平方米"
    public var nkgsj = "2026-03-01"
    public var njcsj = "2028-06-30"
    public var lxsj = "2019-10-12"
    public var units: [(name: String, uscc: String)]

    public init(xmdm: String, xmmc: String, units: [(name: String, uscc: String)]) {
        self.xmdm = xmdm
        self.xmmc = xmmc
        self.units = units
    }
}

/// A warehousing request as the portal writes it.
public struct RequestFixture: Sendable {
    public var qqbh: String
    public var xmdm: String
    public var xmmc: String
    public var xzqhdm = "360111"
    public var ztze = "35000.00"
    public var sqdwdm: String
    public var sqdwmc: String
    public var splclx = "3"
    public var sqsj = "2026-11-20T10:00:00+08:00"

    public init(qqbh: String, xmdm: String, xmmc: String, sqdwdm: String, sqdwmc: String) {
        self.qqbh = qqbh; self.xmdm = xmdm; self.xmmc = xmmc; self.sqdwdm = sqdwdm; self.sqdwmc = sqdwmc
    }
}

/// Writers for input files in the formats of spec 02.
public enum Builders {
    public static func csvField(_ s: String) -> String {
        if s.unicodeScalars.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) {
            return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        return s
    }

    public static func csv(header: [String], rows: [[String]], lineEnd: String = "\r\n") -> String {
        ([header] + rows).map { $0.map(csvField).joined(separator: ",") }.joined(separator: lineEnd) + lineEnd
    }

    public static let tzxmHeader = ["XMDM", "XMMC", "LXLX", "TZPTLX", "GBHY", "XZQHDM", "JSDD", "ZTZE", "JSGMJNR",
                                    "NKGSJ", "NJCSJ", "LXSJ", "JSDW"]

    public static func tzxmRow(_ p: ProjectFixture) -> [String] {
        [p.xmdm, p.xmmc, p.lxlx, p.tzptlx, p.gbhy, p.xzqhdm, p.jsdd, p.ztze, p.jsgmjnr, p.nkgsj, p.njcsj, p.lxsj,
         p.units.map { "\($0.name)|\($0.uscc)" }.joined(separator: ";")]
    }

    /// tzxm CSV text (encode it with `GB18030.encode` for the default encoding).
    public static func tzxmCSV(_ projects: [ProjectFixture]) -> String {
        csv(header: tzxmHeader, rows: projects.map(tzxmRow))
    }

    static func x(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }

    public static func tzxmXML(_ projects: [ProjectFixture], encoding: String = "UTF-8") -> String {
        var out = "<?xml version=\"1.0\" encoding=\"\(encoding)\"?>\n<TZXMSJ scsj=\"2026-11-20T23:10:05+08:00\">\n"
        for p in projects {
            out += "  <XM>\n    <XMDM>\(x(p.xmdm))</XMDM>\n    <XMMC>\(x(p.xmmc))</XMMC>\n"
            out += "    <LXLX>\(p.lxlx)</LXLX><TZPTLX>\(p.tzptlx)</TZPTLX><GBHY>\(p.gbhy)</GBHY>\n"
            out += "    <XZQHDM>\(x(p.xzqhdm))</XZQHDM><JSDD>\(x(p.jsdd))</JSDD>\n"
            out += "    <ZTZE>\(x(p.ztze))</ZTZE><JSGMJNR>\(x(p.jsgmjnr))</JSGMJNR>\n"
            out += "    <NKGSJ>\(x(p.nkgsj))</NKGSJ><NJCSJ>\(x(p.njcsj))</NJCSJ><LXSJ>\(x(p.lxsj))</LXSJ>\n    <JSDWLB>\n"
            // Written in reverse order to prove `xh` decides the order, not position.
            for (i, u) in p.units.enumerated().reversed() {
                out += "      <JSDW xh=\"\(i + 1)\"><DWMC>\(x(u.name))</DWMC><TYSHXYDM>\(x(u.uscc))</TYSHXYDM></JSDW>\n"
            }
            out += "    </JSDWLB>\n  </XM>\n"
        }
        out += "</TZXMSJ>\n"
        return out
    }

    public static let rkqqHeader = ["QQBH", "XMDM", "XMMC", "XZQHDM", "ZTZE", "SQDWDM", "SQDWMC", "SPLCLX", "SQSJ"]

    public static func rkqqCSV(_ requests: [RequestFixture]) -> String {
        csv(header: rkqqHeader, rows: requests.map {
            [$0.qqbh, $0.xmdm, $0.xmmc, $0.xzqhdm, $0.ztze, $0.sqdwdm, $0.sqdwmc, $0.splclx, $0.sqsj]
        })
    }
}
