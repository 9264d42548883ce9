// A varied night for looking at reports (`apx-bench --night N DIR`): N projects over the
// eleven cities of the province, N warehousing requests (a few with a mistyped name → review,
// a few for unknown projects → pending), N/4 construction permits with acceptance time and
// time limit (finished on time or late, varying by city), N/50 drawing-review acceptances
// still open with deadlines around 2026-11-24 and N/40 failed reviews — plus one bad file.
// Written as partners drop files (data, then `.ok`); run it with `--as-of 2026-11-24`.
import Foundation

func variedNight(_ n: Int, root: String) throws {
    let fm = FileManager.default
    for source in ["tzxm", "rkqq", "dtjg", "sgt"] {
        try fm.createDirectory(atPath: "\(root)/inbox/\(source)", withIntermediateDirectories: true)
    }
    func drop(_ relative: String, _ data: Data) throws { try dropInboxFile("\(root)/inbox/\(relative)", data) }
    let cityNames = ["南昌", "景德镇", "萍乡", "九江", "新余", "鹰潭", "赣州", "吉安", "宜春", "抚州", "上饶"]
    let units = (0..<11).map { uscc(String(format: "MA35AC%02d", $0)) }
    func city(_ i: Int) -> Int { i % 11 }
    func region(_ i: Int) -> String { String(format: "36%02d%02d", city(i) + 1, 2 + i % 3) }
    func xmdm(_ i: Int) -> String { String(format: "2021-%@-48-%02d-%06d", region(i), i % 100, i) }
    func name(_ i: Int) -> String { "\(cityNames[city(i)])市安置房建设项目\(i)号" }
    func unitName(_ i: Int) -> String { "\(cityNames[city(i)])城市建设投资有限公司" }

    var tzxm = "XMDM,XMMC,LXLX,TZPTLX,GBHY,XZQHDM,JSDD,ZTZE,JSGMJNR,NKGSJ,NJCSJ,LXSJ,JSDW\r\n"
    var rkqq = "QQBH,XMDM,XMMC,XZQHDM,ZTZE,SQDWDM,SQDWMC,SPLCLX,SQSJ\r\n"
    for i in 0..<n {
        tzxm += "\(xmdm(i)),\(name(i)),3,99,4710,\(region(i)),\(cityNames[city(i)])市某区某路\(i)号,\"35,000.00\",约12万平方米,2026/3/1,2028年6月30日,20191012,\(unitName(i))|\(units[city(i)])\r\n"
        // 3% with a mistyped name (review), 2% for a project the platform never sent (pending).
        let typed = i % 37 == 7 ? name(i).replacingOccurrences(of: "安置房", with: "安置楼") : name(i)
        let code = i % 50 == 3 ? String(format: "2021-%@-48-%02d-%06d", region(i), 99, 900_000 + i) : xmdm(i)
        rkqq += "RK\(String(format: "%08d", i)),\(code),\(typed),\(region(i)),35000,\(units[city(i)]),\(unitName(i)),3,2026-11-20T10:00:00+08:00\r\n"
    }
    try drop("tzxm/TZXM_20261120_01.csv", gb18030(tzxm))
    try drop("rkqq/RKQQ_20261120_01.csv", Data(rkqq.utf8))

    // Permits: accepted some days before issue, 20 working days promised; later cities wait longer.
    var sgxk = "XMDM,GCDM,XMMC,JSDWDM,JSDWMC,SGXKZBH,SGDWMC,SGDWDM,JLDWMC,JLDWDM,HTJE,JZMJ,FZJG,FZRQ,SLSJ,CNSX\r\n"
    let base = DateComponents(calendar: Calendar(identifier: .gregorian), timeZone: TimeZone(identifier: "Asia/Shanghai"),
                              year: 2026, month: 10, day: 1).date!
    func day(_ offset: Int, _ format: String = "yyyy-MM-dd") -> String {
        let f = DateFormatter()
        f.calendar = Calendar(identifier: .gregorian)
        f.timeZone = TimeZone(identifier: "Asia/Shanghai")
        f.dateFormat = format
        return f.string(from: base.addingTimeInterval(Double(offset) * 86_400))
    }
    for i in 0..<(n / 4) {
        let issued = 30 + i / 1100
        let waited = 18 + city(i) * 2 + i % 7
        let permit = region(i) + day(issued, "yyyyMMdd") + String(format: "%02d", (i / 11) % 100) + "01"
        sgxk += "\(xmdm(i)),,\(name(i)),\(units[city(i)]),\(unitName(i)),\(permit),江西建工集团,\(units[(city(i) + 1) % 11]),"
        sgxk += "江西监理公司,\(units[(city(i) + 2) % 11]),\"1,200.00\",\"12,345.67\",\(cityNames[city(i)])市住房和城乡建设局,"
        sgxk += "\(day(issued)),\(day(issued - waited)) 09:00:00,20\r\n"
    }
    try drop("dtjg/DTJG_SGXK_20261120_01.csv", gb18030(sgxk))

    // Drawing reviews still open (deadlines from overdue to next week) and failed reviews.
    func sgt(_ lx: String, _ i: Int, accepted: String, extra: String) -> Data {
        let slbh = String(format: "SC%@00%@%06d", String(region(i).prefix(4)), "2026", i)
        return Data("""
            <?xml version="1.0" encoding="UTF-8"?>
            <SGTSC lx="\(lx)" scsj="2026-11-20T18:00:00+08:00">
              <SLBH>\(slbh)</SLBH>
              <XMDM>\(xmdm(i))</XMDM>
              <XMMC>\(name(i))</XMMC>
              <JSDW><DWMC>\(unitName(i))</DWMC><TYSHXYDM>\(units[city(i)])</TYSHXYDM></JSDW>
              <SJDW><DWMC>江西省建筑设计研究总院</DWMC><TYSHXYDM></TYSHXYDM></SJDW>
              <SCJG><DWMC>江西省建设工程施工图审查中心</DWMC><TYSHXYDM></TYSHXYDM></SCJG>
              <SLSJ>\(accepted)T09:30:00+08:00</SLSJ>
              <CNSX>10</CNSX>
              <RQSL>0</RQSL>
            \(extra)</SGTSC>

            """.utf8)
    }
    for k in 0..<(n / 50) {
        let i = 1 + k * 7
        try drop("sgt/SGT_SL_\(String(format: "SC%@00%@%06d", String(region(i).prefix(4)), "2026", i)).xml",
             sgt("SL", i, accepted: day(32 + k % 15), extra: ""))
    }
    for k in 0..<(n / 40) {
        let i = 2 + k * 7
        let accepted = 20 + k % 10
        try drop("sgt/SGT_BJ_\(String(format: "SC%@00%@%06d", String(region(i).prefix(4)), "2026", i)).xml",
             sgt("BJ", i, accepted: day(accepted),
                 extra: "  <BJSJ>\(day(accepted + 10 + city(i)))T16:00:00+08:00</BJSJ>\n  <SCJL>0</SCJL>\n"))
    }
    // A bad file: a DTD in an extract.
    try drop("tzxm/TZXM_20261120_02.xml", Data("<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY a \"b\">]><XMXX/>".utf8))
}
