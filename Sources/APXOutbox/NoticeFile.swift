import APXCore

/// The notices file (spec 04): UTF-8 with BOM, CRLF, header row.
public enum NoticeFile {
    public static let header = ["TZBH", "LX", "XMDM", "GCDM", "DWTYSHXYDM", "DWMC", "SXBM", "NR", "SJ"]

    public static func name(asOf: Day, batch: Int) -> String { "TZ_\(asOf.compact)_\(String(format: "%06d", batch)).csv" }

    public static func render(_ rows: [[String]]) -> [UInt8] {
        var text = CSVText.line(header)
        for row in rows { text += CSVText.line(row.map(CSVText.formulaSafe)) }
        return [0xEF, 0xBB, 0xBF] + Array(text.utf8)
    }
}
