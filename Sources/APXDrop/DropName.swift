import APXCore

/// A drop name read by its source's pattern (spec 02), made once when the scan recognises
/// it: what the name carries, so that no one cuts the name again.
public struct DropName: Sendable, Equatable {
    /// `yyyyMMdd_N…N` of the dated patterns: the day and the serial as spelt.
    public struct Stamp: Sendable, Equatable {
        public let date: Day
        /// The 8 date digits as the name spells them.
        public let digits: String
        public let serial: String
        /// `yyyyMMdd_NN`: orders the files of one source (e.g. tzxm extracts).
        public var text: String { digits + "_" + serial }
    }

    public enum Pattern: Sendable, Equatable {
        /// `TZXM_yyyyMMdd_NN.xml|csv`.
        case projectExtract(Stamp, isXML: Bool)
        /// `RKQQ_yyyyMMdd_NN.csv`.
        case warehousingRequests(Stamp)
        /// `JSQQ_yyyyMMdd_NN.csv`.
        case endRequests(Stamp)
        /// `DTJG_<KIND>_yyyyMMdd_NN.csv`.
        case resultExport(ResultExportKind, Stamp)
        /// `SGT_SL|BJ_<SLBH>.xml`.
        case drawingReview(DrawingReviewKind, slbh: String)
        /// `*.pdf` in `manual/`: its key information is in the document.
        case manualResult
        /// `HZ_<push file name>`: `HZ_SZWJ_yyyyMMdd_NNNNNN.xml`.
        case govReceipt(answers: String, Stamp)
        /// `HZ_DA_<XMDM>_yyyyMMdd[_N].xml`: the answer to package `DA_<XMDM>_yyyyMMdd[_N]`
        /// (the digits are not checked as a date: the receipt names the package it answers).
        case archiveReceipt(package: String, xmdm: String)
    }

    public let source: Source
    /// Escaped (`FileName.escaped`), as stored.
    public let name: String
    public let pattern: Pattern

    /// Reads `name` (escaped) by `source`'s pattern; nil when it does not fit.
    public init?(source: Source, name: String) {
        guard let pattern = DropName.pattern(source, name) else { return nil }
        self.source = source
        self.name = name
        self.pattern = pattern
    }

    static func pattern(_ source: Source, _ name: String) -> Pattern? {
        switch source {
        case .tzxm:
            guard let (stamp, ext) = NamePattern.dated(name, prefix: "TZXM_", serialDigits: 2, extensions: ["xml", "csv"]) else { return nil }
            return .projectExtract(stamp, isXML: ext == "xml")
        case .rkqq: return NamePattern.dated(name, prefix: "RKQQ_", serialDigits: 2, extensions: ["csv"]).map { .warehousingRequests($0.0) }
        case .jsqq: return NamePattern.dated(name, prefix: "JSQQ_", serialDigits: 2, extensions: ["csv"]).map { .endRequests($0.0) }
        case .dtjg:
            for kind in ResultExportKind.allCases {
                if let (stamp, _) = NamePattern.dated(name, prefix: "DTJG_\(kind.rawValue)_", serialDigits: 2, extensions: ["csv"]) {
                    return .resultExport(kind, stamp)
                }
            }
            return nil
        case .sgt:
            for kind in [DrawingReviewKind.acceptance, .result] where name.hasPrefix("SGT_\(kind.rawValue)_") && name.hasSuffix(".xml") {
                let slbh = name.dropFirst(7).dropLast(4)
                guard !slbh.isEmpty && slbh.allSatisfy({ $0.isLetter && $0.isASCII || $0.isASCIIDigit || $0 == "-" }) else { return nil }
                return .drawingReview(kind, slbh: String(slbh))
            }
            return nil
        case .manual: return name.lowercased().hasSuffix(".pdf") && name.count > 4 ? .manualResult : nil
        case .govReceipt:
            guard name.hasPrefix("HZ_") else { return nil }
            let answers = String(name.dropFirst(3))
            return NamePattern.dated(answers, prefix: "SZWJ_", serialDigits: 6, extensions: ["xml"]).map { .govReceipt(answers: answers, $0.0) }
        case .archiveReceipt:
            guard name.hasPrefix("HZ_DA_"), name.hasSuffix(".xml") else { return nil }
            let body = name.dropFirst(6).dropLast(4)
            guard body.count >= 24 + 9 else { return nil }
            // `_yyyyMMdd`, or `_yyyyMMdd_N` for the answer to a second package of the same day.
            let tail = body.dropFirst(24)
            guard tail.first == "_" else { return nil }
            let parts = tail.dropFirst().split(separator: "_", omittingEmptySubsequences: false)
            guard (1...2).contains(parts.count), parts[0].count == 8,
                  parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isASCIIDigit) }) else { return nil }
            return .archiveReceipt(package: "DA_" + String(body), xmdm: String(body.prefix(24)))
        }
    }
}
