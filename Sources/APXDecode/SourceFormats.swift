import APXCore
import APXDomain
import XMLStream

/// The record layouts of the sources of spec 02, read into `SourceRecord`s.
public enum SourceFormats {
    public static let tzxmRequired = ["XMDM", "XMMC", "LXLX", "TZPTLX", "XZQHDM", "ZTZE", "LXSJ", "JSDW"]
    public static let rkqqRequired = ["QQBH", "XMDM", "XMMC", "XZQHDM", "ZTZE", "SQDWDM", "SQDWMC", "SPLCLX", "SQSJ"]

    /// tzxm XML: `<TZXMSJ><XM>…<JSDWLB><JSDW xh="1">…` — units ordered by `xh`.
    /// The investment platform's XML extract, read from the token stream (TZXMTokenReader).
    public static func tzxmXML(path: String, options: ReadOptions, _ body: (SourceRecord) throws -> Void) throws {
        try TZXMTokenReader.read(path: path, rootName: "TZXMSJ", recordName: "XM", options: options, body)
    }

    public static func tzxmCSV(path: String, options: ReadOptions, _ body: (SourceRecord) throws -> Void) throws {
        try RecordReaders.csv(path: path, required: tzxmRequired, options: options, units: "JSDW", body)
    }

    public static func rkqqCSV(path: String, options: ReadOptions, _ body: (SourceRecord) throws -> Void) throws {
        try RecordReaders.csv(path: path, required: rkqqRequired, options: options, body)
    }
}

/// An attachment a drawing-review result lists under FJLB.
public struct ListedAttachment: Equatable, Sendable {
    public let name: String
    public let size: String
    public let sha256: String
}

extension SourceFormats {
    /// Required columns: those whose value a record needs. A column whose value may be
    /// empty (GCDM, BDMC, ZBTZSBH, QDRQ, the SGXK builder/supervisor/amount/area and
    /// time-limit columns) may also be absent from the header.
    public static let dtjgCommon = ["XMDM", "XMMC", "JSDWDM", "JSDWMC"]
    public static func dtjgRequired(_ kind: ResultExportKind) -> [String] {
        switch kind {
        case .bidAward: return dtjgCommon + ["ZBTZSBH", "ZBFS", "ZBDWMC", "ZBDWDM", "ZBJE", "ZBRQ"]
        case .contract: return dtjgCommon + ["HTBABH", "HTLX", "ZBFS", "CBDWMC", "CBDWDM", "HTJE", "BARQ"]
        case .constructionPermit: return dtjgCommon + ["SGXKZBH", "FZJG", "FZRQ"]
        case .completion: return dtjgCommon + ["JGYSBABH", "JGYSLX", "BAJG", "BARQ"]
        }
    }

    public static func dtjgCSV(path: String, kind: ResultExportKind, options: ReadOptions, _ body: (SourceRecord) throws -> Void) throws {
        try RecordReaders.csv(path: path, required: dtjgRequired(kind), options: options, body)
    }

    static let maxAttachments = 1000

    /// sgt: the whole `SGTSC` document is one record (`lx` attribute, fields flattened as
    /// `JSDW.DWMC`, attachments listed separately).
    public static func sgt(path: String, options: ReadOptions) throws -> (lx: String, record: SourceRecord, attachments: [ListedAttachment]) {
        var lx = ""
        var fields: [String: String] = [:]
        var attachments: [ListedAttachment] = []
        do {
            let reader = try XMLStreamReader(path: path, limits: XMLLimits(maxDepth: options.maxXMLDepth,
                                                                          maxTextBytes: options.maxXMLTextBytes))
            try reader.forEachRecord(root: { name, attributes in
                guard name == "SGTSC" else { throw DecodeError(.xmlRoot, "root element is <\(name)>, expected <SGTSC>") }
                lx = attributes["lx"] ?? ""
            }) { _, node in
                if node.name == "FJLB" {
                    for fj in node.children("FJ") {
                        guard attachments.count < maxAttachments else {
                            throw DecodeError(.tooLarge, "more than \(maxAttachments) attachments")
                        }
                        attachments.append(ListedAttachment(name: fj.value("WJM") ?? "", size: fj.value("DX") ?? "",
                                                            sha256: fj.value("SHA256") ?? ""))
                    }
                } else if node.children.isEmpty {
                    if fields[node.name] == nil { fields[node.name] = node.text }
                } else {
                    RecordReaders.flatten(node, prefix: node.name, into: &fields)
                }
            }
        } catch let error as XMLStreamError {
            throw DecodeError(RecordReaders.code(for: error.kind), error.message, line: error.line)
        }
        return (lx, SourceRecord(number: 1, line: nil, fields: fields), attachments)
    }
}

extension SourceFormats {
    public static let jsqqRequired = ["QQBH", "XMDM", "SQDWDM", "SQSJ"]

    public static func jsqqCSV(path: String, options: ReadOptions, _ body: (SourceRecord) throws -> Void) throws {
        try RecordReaders.csv(path: path, required: jsqqRequired, options: options, body)
    }

    /// gov-receipt: `<HZ wjm=… clsj=…><JL dfsjzj bbh sjsczt sbyy/>…</HZ>`; returns `wjm`.
    public static func govReceipt(path: String, options: ReadOptions, _ body: (SourceRecord) throws -> Void) throws -> String {
        let root = try RecordReaders.xml(path: path, rootName: "HZ", recordName: "JL", options: options) { node, record in
            var r = record
            for (k, v) in node.attributes { r.fields[k] = v }
            try body(r)
        }
        return root["wjm"] ?? ""
    }

    /// archive-receipt: `<DAHZ xmdm bm jszt jsrq sm/>` — the root's attributes are the record.
    public static func archiveReceipt(path: String, options: ReadOptions) throws -> SourceRecord {
        let root = try RecordReaders.xml(path: path, rootName: "DAHZ", recordName: "", options: options) { _, _ in }
        return SourceRecord(number: 1, line: nil, fields: root)
    }
}
