import APXCore
import APXFixtures
import Foundation

/// Writers for result inputs: sgt XML (+ attachments), dtjg CSV, manual PDF.
public enum ResultBuilders {
    public struct Attachment: Sendable {
        public let name: String
        public let bytes: [UInt8]
        public init(name: String, bytes: [UInt8]) { self.name = name; self.bytes = bytes }
        public var sha256: String { SHA256.hex(bytes) }
    }

    public static func sgt(lx: String, slbh: String, xmdm: String, gcdm: String? = nil, xmmc: String,
                           jsdw: (name: String, uscc: String), slsj: String = "2026-10-10T09:30:00+08:00", cnsx: Int = 10,
                           rqsl: Int = 0, hgsbh: String = "", bjsj: String = "2026-10-21T16:00:00+08:00", scjl: Int = 1,
                           attachments: [Attachment] = [], listedOverride: [(String, String, String)]? = nil) -> String {
        func x(_ s: String) -> String {
            s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
        }
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<SGTSC lx=\"\(lx)\" scsj=\"2026-11-20T18:00:00+08:00\">\n"
        out += "  <SLBH>\(slbh)</SLBH>\n  <XMDM>\(xmdm)</XMDM>\n"
        if let gcdm { out += "  <GCDM>\(gcdm)</GCDM>\n" }
        out += "  <XMMC>\(x(xmmc))</XMMC>\n"
        out += "  <JSDW><DWMC>\(x(jsdw.name))</DWMC><TYSHXYDM>\(jsdw.uscc)</TYSHXYDM></JSDW>\n"
        out += "  <SJDW><DWMC>江西省建筑设计研究总院</DWMC><TYSHXYDM></TYSHXYDM></SJDW>\n"
        out += "  <SCJG><DWMC>江西省施工图审查中心</DWMC><TYSHXYDM></TYSHXYDM></SCJG>\n"
        out += "  <SLSJ>\(slsj)</SLSJ>\n  <CNSX>\(cnsx)</CNSX>\n  <RQSL>\(rqsl)</RQSL>\n"
        if lx == "BJ" {
            out += "  <HGSBH>\(x(hgsbh))</HGSBH>\n  <BJSJ>\(bjsj)</BJSJ>\n  <SCJL>\(scjl)</SCJL>\n  <JZMJ>12345.67</JZMJ>\n  <FJLB>\n"
            let listed = listedOverride ?? attachments.map { ($0.name, String($0.bytes.count), $0.sha256) }
            for (name, size, sha) in listed {
                out += "    <FJ><WJM>\(x(name))</WJM><DX>\(size)</DX><SHA256>\(sha)</SHA256></FJ>\n"
            }
            out += "  </FJLB>\n"
        }
        out += "</SGTSC>\n"
        return out
    }

    /// A dtjg export of `kind`: the kind's columns in a scrambled order, values from
    /// `rows` (missing ones empty).
    public static func dtjg(kind: String, rows: [[String: String]]) -> String {
        let common = ["XMDM", "GCDM", "XMMC", "JSDWDM", "JSDWMC"]
        let specific: [String: [String]] = [
            "ZBTZS": ["ZBTZSBH", "BDMC", "ZBFS", "ZBDWMC", "ZBDWDM", "ZBJE", "ZBRQ"],
            "HTBA": ["HTBABH", "HTLX", "ZBFS", "ZBTZSBH", "CBDWMC", "CBDWDM", "HTJE", "QDRQ", "BARQ"],
            "SGXK": ["SGXKZBH", "SGDWMC", "SGDWDM", "JLDWMC", "JLDWDM", "HTJE", "JZMJ", "FZJG", "FZRQ", "SLSJ", "CNSX"],
            "JGYSBA": ["JGYSBABH", "JGYSLX", "BAJG", "BARQ"],
        ]
        let header = (specific[kind]!.reversed() + common + ["BZ"]).map { $0 }
        return Builders.csv(header: header, rows: rows.map { row in header.map { row[$0] ?? "" } })
    }

    public static func manualPDF(_ info: [(String, String)], layout: PDFWriter.Layout = .classic,
                                 form: PDFWriter.TextForm = .hexUTF16, encrypted: Bool = false) -> [UInt8] {
        PDFWriter.document(info: info, layout: layout, form: form, encrypted: encrypted, pageText: info.first { $0.0 == "WJBH" }?.1 ?? "apx")
    }
}
