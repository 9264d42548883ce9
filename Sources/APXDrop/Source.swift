import APXCore

/// A partner's drop folder under `inbox/` and the names it may deliver (spec 02).
public struct Source: Hashable, Sendable, CustomStringConvertible {
    public let folder: String
    public init(_ folder: String) { self.folder = folder }
    public var description: String { folder }

    public static let tzxm = Source("tzxm")
    public static let rkqq = Source("rkqq")
    public static let sgt = Source("sgt")
    public static let dtjg = Source("dtjg")
    public static let manual = Source("manual")
    public static let jsqq = Source("jsqq")
    public static let govReceipt = Source("gov-receipt")
    public static let archiveReceipt = Source("archive-receipt")

    /// Every source, in the order a run claims them.
    public static let all: [Source] = [.tzxm, .rkqq, .sgt, .dtjg, .manual, .jsqq, .govReceipt, .archiveReceipt]

    /// Files that travel with another file instead of being delivered on their own: the PDFs
    /// a drawing-review XML lists (spec 02: written before its marker, with no marker of
    /// their own). The scan asks only for entries without a marker: one with its own marker
    /// is a data file judged by the name patterns.
    public func isAttachment(_ name: String) -> Bool {
        self == .sgt && !name.lowercased().hasSuffix(".xml")
    }

    /// Whether `name` fits this folder's pattern.
    public func accepts(_ name: String) -> Bool {
        switch folder {
        case "tzxm": return NamePattern.dated(name, prefix: "TZXM_", serialDigits: 2, extensions: ["xml", "csv"])
        case "rkqq": return NamePattern.dated(name, prefix: "RKQQ_", serialDigits: 2, extensions: ["csv"])
        case "jsqq": return NamePattern.dated(name, prefix: "JSQQ_", serialDigits: 2, extensions: ["csv"])
        case "dtjg":
            for kind in ["ZBTZS", "HTBA", "SGXK", "JGYSBA"]
            where NamePattern.dated(name, prefix: "DTJG_\(kind)_", serialDigits: 2, extensions: ["csv"]) { return true }
            return false
        case "sgt":
            for kind in ["SL", "BJ"] where name.hasPrefix("SGT_\(kind)_") && name.hasSuffix(".xml") {
                let slbh = name.dropFirst(7).dropLast(4)
                return !slbh.isEmpty && slbh.allSatisfy { $0.isLetter && $0.isASCII || $0.isASCIIDigit || $0 == "-" }
            }
            return false
        case "manual": return name.lowercased().hasSuffix(".pdf") && name.count > 4
        case "gov-receipt":
            guard name.hasPrefix("HZ_") else { return false }
            return NamePattern.dated(String(name.dropFirst(3)), prefix: "SZWJ_", serialDigits: 6, extensions: ["xml"])
        case "archive-receipt":
            guard name.hasPrefix("HZ_DA_"), name.hasSuffix(".xml") else { return false }
            let body = name.dropFirst(6).dropLast(4)
            guard body.count >= 24 + 9 else { return false }
            // `_yyyyMMdd`, or `_yyyyMMdd_N` for the answer to a second package of the same day.
            let tail = body.dropFirst(24)
            guard tail.first == "_" else { return false }
            let parts = tail.dropFirst().split(separator: "_", omittingEmptySubsequences: false)
            return (1...2).contains(parts.count) && parts[0].count == 8 && parts.allSatisfy { !$0.isEmpty && $0.allSatisfy(\.isASCIIDigit) }
        default: return false
        }
    }
}

enum NamePattern {
    /// `PREFIX yyyyMMdd _ N…N . ext` with a real date.
    static func dated(_ name: String, prefix: String, serialDigits: Int, extensions: [String]) -> Bool {
        guard name.hasPrefix(prefix), let dot = name.lastIndex(of: ".") else { return false }
        let ext = name[name.index(after: dot)...].lowercased()
        guard extensions.contains(ext) else { return false }
        let body = name[name.index(name.startIndex, offsetBy: prefix.count)..<dot]
        let parts = body.split(separator: "_", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 8, parts[1].count == serialDigits,
              parts.allSatisfy({ $0.allSatisfy(\.isASCIIDigit) }) else { return false }
        let d = Array(parts[0])
        return Day(year: Int(String(d[0..<4]))!, month: Int(String(d[4..<6]))!, day: Int(String(d[6..<8]))!) != nil
    }
}
