// apx-samples: regenerates the result samples under samples/ (sgt, dtjg, manual) —
// PDFs are written by APXFixtures.PDFWriter, so no binary sample is committed that
// cannot be rebuilt.   Usage: swift run apx-samples [samples-folder]
import APXFixtures
import Foundation

let root = CommandLine.arguments.count > 1 ? CommandLine.arguments[1] : "samples"
let fm = FileManager.default

// The units and projects of samples/tzxm and samples/rkqq.
let qsh = (name: "南昌市青山湖区瑋城建设投资有限公司", uscc: "91360111MA35QT016F")
let hx = (name: "江西誠信置业有限公司", uscc: "91360100MA35HX0262")
let p1 = (xmdm: "2019-360102-47-03-012345", name: "青山湖区湖坊镇安置房建设项目")
let p2 = (xmdm: "2021-360111-48-01-000101", name: "青山湖区（南片）道路提升改造工程")

func write(_ relative: String, _ bytes: [UInt8], marker: Bool = true) throws {
    let path = root + "/" + relative
    try fm.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
    fm.createFile(atPath: path, contents: Data(bytes))
    if marker { fm.createFile(atPath: path + ".ok", contents: Data()) }
}

func gb18030(_ text: String) -> [UInt8] {
    guard let data = text.data(using: String.Encoding(rawValue: 0x8000_0632)) else { fatalError("not encodable") }
    return Array(data)
}

func sha256(_ path: String) -> String {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: "/usr/bin/sha256sum")
    p.arguments = [path]
    let out = Pipe()
    p.standardOutput = out
    try! p.run()
    p.waitUntilExit()
    return String(String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self).prefix(64))
}

// manual: the three layouts of spec 02.
let ghxk: [(String, String)] = [("XMDM", p1.xmdm), ("SXBM", "GHXK"), ("WJBH", "建字第360111202600012号"),
                                ("FZJG", "南昌市自然资源和规划局"), ("FZRQ", "2026-09-15"), ("JSDWDM", qsh.uscc),
                                ("Title", "建设工程规划许可证（湖坊镇安置房）")]
try write("manual/建设工程规划许可证_湖坊镇安置房.pdf", PDFWriter.document(info: ghxk, layout: .classic, form: .hexUTF16))
let ydgh: [(String, String)] = [("XMDM", p1.xmdm), ("SXBM", "YDGH"), ("WJBH", "地字第360111202600031号"),
                                ("FZJG", "南昌市自然资源和规划局"), ("FZRQ", "2026-03-02"), ("YXQZ", "2028-03-01"),
                                ("JSDWDM", qsh.uscc), ("Title", "建设用地规划许可证")]
try write("manual/建设用地规划许可证_湖坊镇安置房.pdf",
          PDFWriter.document(info: ydgh, layout: .xrefStream(predictor: true), form: .literalUTF16))
var rfsp: [(String, String)] = [("XMDM", p2.xmdm), ("SXBM", "RFSP"), ("WJBH", "洪人防审字[2026]第17号"),
                                ("FZJG", "南昌市人民防空办公室"), ("FZRQ", "2026-10-08"), ("JSDWDM", qsh.uscc),
                                ("Title", "人防工程审批意见书")]
let firstRevision = PDFWriter.document(info: rfsp.map { $0.0 == "WJBH" ? ($0.0, "洪人防审字[2026]第71号") : $0 }, layout: .classic)
try write("manual/人防审批_南片道路.pdf", PDFWriter.incrementalUpdate(firstRevision, info: rfsp, form: .literalUTF16))
rfsp[0] = ("XMDM", p1.xmdm)
try write("manual/加密文件.pdf", PDFWriter.document(info: rfsp, encrypted: true))

// sgt: an acceptance and its result with the certificate PDF.
let slbh = "SC3601002026000123"
let certificate: [(String, String)] = [("Title", "施工图审查合格书"), ("WJBH", "赣施审字(2026)第0123号")]
try write("sgt/\(slbh)_hgs.pdf", PDFWriter.document(info: certificate, layout: .classic, pageText: "SGTSC"), marker: false)
let size = (try fm.attributesOfItem(atPath: "\(root)/sgt/\(slbh)_hgs.pdf")[.size] as? Int) ?? 0
let sha = sha256("\(root)/sgt/\(slbh)_hgs.pdf")
func sgt(_ lx: String) -> String {
    var x = """
    <?xml version="1.0" encoding="UTF-8"?>
    <SGTSC lx="\(lx)" scsj="2026-11-20T18:00:00+08:00">
      <SLBH>\(slbh)</SLBH>
      <XMDM>\(p1.xmdm)</XMDM>
      <XMMC>\(p1.name)</XMMC>
      <JSDW><DWMC>\(qsh.name)</DWMC><TYSHXYDM>\(qsh.uscc)</TYSHXYDM></JSDW>
      <SJDW><DWMC>江西省建筑设计研究总院集团有限公司</DWMC><TYSHXYDM></TYSHXYDM></SJDW>
      <SCJG><DWMC>江西省建设工程施工图审查中心</DWMC><TYSHXYDM></TYSHXYDM></SCJG>
      <SLSJ>2026-11-02T09:30:00+08:00</SLSJ>
      <CNSX>10</CNSX>
      <RQSL>0</RQSL>

    """
    if lx == "BJ" {
        x += """
          <HGSBH>赣施审字(2026)第0123号</HGSBH>
          <BJSJ>2026-11-13T16:00:00+08:00</BJSJ>
          <SCJL>1</SCJL>
          <JZMJ>121345.67</JZMJ>
          <FJLB>
            <FJ><WJM>\(slbh)_hgs.pdf</WJM><DX>\(size)</DX><SHA256>\(sha)</SHA256></FJ>
          </FJLB>

        """
    }
    return x + "</SGTSC>\n"
}
try write("sgt/SGT_SL_\(slbh).xml", Array(sgt("SL").utf8))
try write("sgt/SGT_BJ_\(slbh).xml", Array(sgt("BJ").utf8))

// dtjg (GB18030): bid award, contracts, permit; a completion filing that waits for a permit.
try write("dtjg/DTJG_ZBTZS_20261120_01.csv", gb18030("""
ZBTZSBH,XMDM,GCDM,XMMC,JSDWDM,JSDWMC,BDMC,ZBFS,ZBDWMC,ZBDWDM,ZBJE,ZBRQ\r
赣招字[2026]0456号,\(p1.xmdm),,\(p1.name)一标段,\(qsh.uscc),\(qsh.name),一标段,1,江西誠信置业有限公司,\(hx.uscc),"28,650.00",2026年10月20日\r

"""))
try write("dtjg/DTJG_HTBA_20261120_01.csv", gb18030("""
XMDM,GCDM,XMMC,JSDWDM,JSDWMC,HTBABH,HTLX,ZBFS,ZBTZSBH,CBDWMC,CBDWDM,HTJE,QDRQ,BARQ\r
\(p1.xmdm),,\(p1.name),\(qsh.uscc),\(qsh.name),HTBA3601112026110001,1,1,赣招字[2026]0456号,江西誠信置业有限公司,\(hx.uscc),"28,650.00",2026/10/28,20261101\r
\(p1.xmdm),,\(p1.name),\(qsh.uscc),\(qsh.name),HTBA3601112026110002,2,3,,南昌诚建监理有限公司,\(hx.uscc),186.5,2026/10/29,20261102\r

"""))
try write("dtjg/DTJG_SGXK_20261120_01.csv", gb18030("""
XMDM,GCDM,XMMC,JSDWDM,JSDWMC,SGXKZBH,SGDWMC,SGDWDM,JLDWMC,JLDWDM,HTJE,JZMJ,FZJG,FZRQ,SLSJ,CNSX\r
\(p1.xmdm),,\(p1.name),\(qsh.uscc),\(qsh.name),360111202611180101,江西誠信置业有限公司,\(hx.uscc),南昌诚建监理有限公司,\(hx.uscc),"28,650.00","121,345.67",南昌市青山湖区住房和城乡建设局,2026-11-18,2026-11-12 10:00:00,7\r

"""))
try write("dtjg/DTJG_JGYSBA_20261120_01.csv", gb18030("""
XMDM,GCDM,XMMC,JSDWDM,JSDWMC,JGYSBABH,JGYSLX,BAJG,BARQ\r
\(p2.xmdm),,\(p2.name),\(qsh.uscc),\(qsh.name),JGBA3601112026001,1,南昌市青山湖区住房和城乡建设局,2026-11-19\r

"""))
print("samples written under \(root)/")
