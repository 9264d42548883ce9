// The province-scale data set (issue 11): N projects in one tzxm XML extract, N warehousing
// requests (rkqq CSV) and 3 results per project in GB18030 dtjg CSV — a ZBTZS award notice
// and the construction and supervision contracts (HTBA → SGHT, JLHT) that rest on it, so
// every contract has a prerequisite in the same night (the HTBA file sorts first).
import Foundation

struct ProvinceData {
    let n: Int
    let unit = uscc("MA35AB01")
    let contractor = uscc("MA35AB02")

    func xmdm(_ i: Int) -> String { String(format: "2021-360111-48-%02d-%06d", i % 100, i) }
    func xmmc(_ i: Int) -> String { "南昌市瑋城安置房建设项目\(i)号" }
    let unitName = "南昌瑋城建设投资有限公司"

    /// The files of one night, relative to the inbox, in the order a partner drops them.
    func write(inbox: String) throws {
        let fm = FileManager.default
        for source in ["tzxm", "rkqq", "dtjg"] {
            try fm.createDirectory(atPath: "\(inbox)/\(source)", withIntermediateDirectories: true)
        }
        func drop(_ relative: String, _ data: Data) throws { try dropInboxFile("\(inbox)/\(relative)", data) }
        var xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<TZXMSJ scsj=\"2026-11-20T23:10:05+08:00\">\n"
        var rkqq = "QQBH,XMDM,XMMC,XZQHDM,ZTZE,SQDWDM,SQDWMC,SPLCLX,SQSJ\r\n"
        xml.reserveCapacity(n * 700)
        rkqq.reserveCapacity(n * 160)
        for i in 0..<n {
            xml += "  <XM>\n    <XMDM>\(xmdm(i))</XMDM>\n    <XMMC>\(xmmc(i))</XMMC>\n"
            xml += "    <LXLX>3</LXLX><TZPTLX>99</TZPTLX><GBHY>4710</GBHY>\n"
            xml += "    <XZQHDM>360111</XZQHDM><JSDD>南昌市青山湖区京东大道以东\(i)号</JSDD>\n"
            xml += "    <ZTZE>35000.00</ZTZE><JSGMJNR>总建筑面积约12万平方米</JSGMJNR>\n"
            xml += "    <NKGSJ>2026-03-01</NKGSJ><NJCSJ>2028-06-30</NJCSJ><LXSJ>2019-10-12</LXSJ>\n    <JSDWLB>\n"
            xml += "      <JSDW xh=\"1\"><DWMC>\(unitName)</DWMC><TYSHXYDM>\(unit)</TYSHXYDM></JSDW>\n    </JSDWLB>\n  </XM>\n"
            rkqq += "RK\(String(format: "%08d", i)),\(xmdm(i)),\(xmmc(i)),360111,35000,\(unit),\(unitName),3,2026-11-20T10:00:00+08:00\r\n"
        }
        xml += "</TZXMSJ>\n"
        try drop("tzxm/TZXM_20261120_01.xml", Data(xml.utf8))
        try drop("rkqq/RKQQ_20261120_01.csv", Data(rkqq.utf8))
        try drop("dtjg/DTJG_HTBA_20261120_01.csv", gb18030(contracts(0..<n)))
        try drop("dtjg/DTJG_ZBTZS_20261120_01.csv", gb18030(awards(0..<n, prefix: "ZB")))
    }

    static let zbtzsHeader = "XMDM,GCDM,XMMC,JSDWDM,JSDWMC,ZBTZSBH,BDMC,ZBFS,ZBDWMC,ZBDWDM,ZBJE,ZBRQ,BZ\r\n"
    static let htbaHeader = "XMDM,GCDM,XMMC,JSDWDM,JSDWMC,HTBABH,HTLX,ZBFS,ZBTZSBH,CBDWMC,CBDWDM,HTJE,QDRQ,BARQ,BZ\r\n"

    /// ZBTZS rows for projects `range`, numbered `prefix`-i.
    func awards(_ range: Range<Int>, prefix: String) -> String {
        var out = Self.zbtzsHeader
        out.reserveCapacity(range.count * 200)
        for i in range {
            out += "\(xmdm(i)),,\(xmmc(i)),\(unit),\(unitName),\(prefix)-\(i),一标段,1,江西建工集团,\(contractor),1234.50,2026-11-01,\r\n"
        }
        return out
    }

    func contracts(_ range: Range<Int>) -> String {
        var out = Self.htbaHeader
        out.reserveCapacity(range.count * 2 * 200)
        for i in range {
            for (htlx, kind) in [("1", "SG"), ("2", "JL")] {
                out += "\(xmdm(i)),,\(xmmc(i)),\(unit),\(unitName),HT-\(kind)-\(i),\(htlx),1,ZB-\(i),江西建工集团,\(contractor),980.00,2026-11-02,2026-11-05,\r\n"
            }
        }
        return out
    }

    /// The next night's increment: `count` new award notices for existing projects.
    func increment(inbox: String, count: Int, day: String, prefix: String) throws {
        let fm = FileManager.default
        try fm.createDirectory(atPath: "\(inbox)/dtjg", withIntermediateDirectories: true)
        let path = "\(inbox)/dtjg/DTJG_ZBTZS_\(day)_01.csv"
        try dropInboxFile(path, gb18030(awards(0..<min(count, n), prefix: prefix)))
    }

    var records: Int { 5 * n }
}
