import APXDomain

/// A push record's kind follows from its key's prefix (`XM:` XMJBXX, `BL:` SPSXBL, `PF:` PFWJ):
/// `push_record.kind` holds '' for "the key's kind" (migration 014-push-record-kind) and the
/// kind's name only where it is not the prefix's (never written by this system).
enum PushKindColumn {
    static let prefixes: [(prefix: String, kind: PushKind)] = [
        (PushKey.projectPrefix, .project), (PushKey.handlingPrefix, .handling), (PushKey.documentPrefix, .document),
    ]

    static func kind(ofKey dfsjzj: String) -> PushKind? {
        var u = dfsjzj.utf8.makeIterator()
        guard let a = u.next(), let b = u.next(), u.next() == UInt8(ascii: ":") else { return nil }
        switch (a, b) {
        case (UInt8(ascii: "X"), UInt8(ascii: "M")): return .project
        case (UInt8(ascii: "B"), UInt8(ascii: "L")): return .handling
        case (UInt8(ascii: "P"), UInt8(ascii: "F")): return .document
        default: return nil
        }
    }

    /// The kind a row's `kind` column means, its key already parsed.
    static func kind(stored: String, key: PushKey) -> PushKind? {
        stored.isEmpty ? key.kind : PushKind(rawValue: stored)
    }

    static func stored(_ kind: PushKind, key: PushKey) -> String {
        key.kind == kind ? "" : kind.rawValue
    }

    static func stored(_ kind: PushKind, dfsjzj: String) -> String {
        PushKindColumn.kind(ofKey: dfsjzj) == kind ? "" : kind.rawValue
    }

    /// The kind's name as the column means it.
    static func text(stored: String, key dfsjzj: String) -> String {
        stored.isEmpty ? (kind(ofKey: dfsjzj)?.rawValue ?? "") : stored
    }

    static var migration: String {
        let cases = prefixes.map { "WHEN '\($0.prefix)' THEN '\($0.kind.rawValue)'" }.joined(separator: " ")
        return "UPDATE push_record SET kind = '' WHERE kind = CASE substr(dfsjzj, 1, 3) \(cases) END;"
    }
}
