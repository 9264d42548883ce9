/// Where a push file goes (spec 04): the provincial bureau, the notices file, the archive.
/// The raw value is the `target` column and the `outbox/<target>/` folder.
public enum PushTarget: String, Sendable, CaseIterable, CustomStringConvertible {
    case gov
    case notices
    case archive
}

/// The record type of a push record (`JL lx`, spec 04).
public enum PushKind: String, Sendable, CaseIterable, CustomStringConvertible {
    /// XMJBXX: a project or sub-project.
    case project = "XMJBXX"
    /// SPSXBL: the handling of an item.
    case handling = "SPSXBL"
    /// PFWJ: an approval document (a result).
    case document = "PFWJ"
}

/// The bureau's key of a pushed record (`dfsjzj`), formatted and parsed here only:
/// `XM:<GCDM>` (a project; GCDM = XMDM for the main project), `BL:<SXBM>:<SLBH or number>`
/// (item handling), `PF:<SXBM>:<number>` (an approval document). The SXBM and GCDM never
/// contain `:`; the last part of a `BL:`/`PF:` key may.
public enum PushKey: Hashable, Sendable, CustomStringConvertible {
    case project(gcdm: String)
    case handling(sxbm: String, key: String)
    case document(sxbm: String, number: String)

    public static let projectPrefix = "XM:"
    public static let handlingPrefix = "BL:"
    public static let documentPrefix = "PF:"

    /// The kind of record a key names.
    public var kind: PushKind {
        switch self {
        case .project: return .project
        case .handling: return .handling
        case .document: return .document
        }
    }

    /// The `dfsjzj` text.
    public var dfsjzj: String {
        switch self {
        case .project(let gcdm): return PushKey.projectPrefix + gcdm
        case .handling(let sxbm, let key): return PushKey.handlingPrefix + sxbm + ":" + key
        case .document(let sxbm, let number): return PushKey.documentPrefix + sxbm + ":" + number
        }
    }

    public var description: String { dfsjzj }

    /// The item code and the result's key (SLBH or number) of a handling or document key.
    public var item: (sxbm: String, key: String)? {
        switch self {
        case .project: return nil
        case .handling(let sxbm, let key): return (sxbm, key)
        case .document(let sxbm, let number): return (sxbm, number)
        }
    }

    /// Parses a `dfsjzj`; nil for anything this system does not write (unknown prefix,
    /// an empty part, a `:` inside a GCDM).
    public init?(dfsjzj: String) {
        // Split at the first two `:` (the rest may contain more) on the UTF-8 view. A `:`
        // with ASCII on both sides is a character of its own, so the cut is where the
        // character split below would make it; anything else takes that split.
        let utf8 = dfsjzj.utf8
        let colon = UInt8(ascii: ":")
        func standalone(_ i: String.UTF8View.Index) -> Bool {
            (i == utf8.startIndex || utf8[utf8.index(before: i)] < 0x80)
                && (utf8.index(after: i) == utf8.endIndex || utf8[utf8.index(after: i)] < 0x80)
        }
        guard let first = utf8.firstIndex(of: colon) else { return nil }
        let start1 = utf8.index(after: first)
        let second = utf8[start1...].firstIndex(of: colon)
        guard standalone(first), second.map(standalone) ?? true else { self.init(characters: dfsjzj); return }
        let part1 = dfsjzj[start1..<(second ?? utf8.endIndex)]
        guard !part1.isEmpty else { return nil }
        let prefix = dfsjzj[..<start1]
        guard let second else {
            guard prefix == PushKey.projectPrefix else { return nil }
            self = .project(gcdm: String(part1))
            return
        }
        let part2 = dfsjzj[utf8.index(after: second)...]
        guard !part2.isEmpty else { return nil }
        if prefix == PushKey.handlingPrefix {
            self = .handling(sxbm: String(part1), key: String(part2))
        } else if prefix == PushKey.documentPrefix {
            self = .document(sxbm: String(part1), number: String(part2))
        } else {
            return nil
        }
    }

    /// The parse by characters (a `:` combined with a neighbour is no separator).
    private init?(characters dfsjzj: String) {
        let parts = dfsjzj.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false).map(String.init)
        guard parts.count >= 2, !parts.dropFirst().contains(where: \.isEmpty) else { return nil }
        switch (parts[0] + ":", parts.count) {
        case (PushKey.projectPrefix, 2): self = .project(gcdm: parts[1])
        case (PushKey.handlingPrefix, 3): self = .handling(sxbm: parts[1], key: parts[2])
        case (PushKey.documentPrefix, 3): self = .document(sxbm: parts[1], number: parts[2])
        default: return nil
        }
    }
}
