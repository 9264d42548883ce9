import APXCore
import XMLStream

/// The record layouts of the sources of spec 02, read into `SourceRecord`s.
public enum SourceFormats {
    public static let tzxmRequired = ["XMDM", "XMMC", "LXLX", "TZPTLX", "XZQHDM", "ZTZE", "LXSJ", "JSDW"]
    public static let rkqqRequired = ["QQBH", "XMDM", "XMMC", "XZQHDM", "ZTZE", "SQDWDM", "SQDWMC", "SPLCLX", "SQSJ"]

    /// tzxm XML: `<TZXMSJ><XM>…<JSDWLB><JSDW xh="1">…` — units ordered by `xh`.
    public static func tzxmXML(path: String, options: ReadOptions, _ body: (SourceRecord) throws -> Void) throws {
        _ = try RecordReaders.xml(path: path, rootName: "TZXMSJ", recordName: "XM", options: options) { node, record in
            var record = record
            let listed = node.child("JSDWLB")?.children("JSDW") ?? []
            let ordered = listed.enumerated().sorted { a, b in
                let xa = Int(a.element.attributes["xh"] ?? "") ?? Int.max
                let xb = Int(b.element.attributes["xh"] ?? "") ?? Int.max
                return xa == xb ? a.offset < b.offset : xa < xb
            }.map(\.element)
            record.units = ordered.map { SourceRecord.Unit(name: $0.value("DWMC") ?? "", code: $0.value("TYSHXYDM") ?? "") }
            record.fields["JSDW"] = record.units.isEmpty ? "" : "\(record.units.count)"
            try body(record)
        }
    }

    public static func tzxmCSV(path: String, options: ReadOptions, _ body: (SourceRecord) throws -> Void) throws {
        try RecordReaders.csv(path: path, required: tzxmRequired, options: options, units: "JSDW", body)
    }

    public static func rkqqCSV(path: String, options: ReadOptions, _ body: (SourceRecord) throws -> Void) throws {
        try RecordReaders.csv(path: path, required: rkqqRequired, options: options, body)
    }
}
