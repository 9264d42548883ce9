import APXCore
import APXDomain
import APXDrop

/// Everything a claim decision depends on, gathered before deciding: what `lstat` and the
/// hash said of the entry, whether its name fits its drop folder, and what the database
/// (and the quarantine folder) already hold of these bytes.
struct ClaimFacts: Equatable {
    /// An open quarantine entry of the same source, name and bytes.
    struct QuarantinedBytes: Equatable {
        let id: Int
        /// Workspace-relative path under quarantine/.
        let destination: String
        let code: ReasonCode
        /// Whether its file is still on disk (a repeat of a file gone from quarantine is read afresh).
        let onDisk: Bool
    }

    let source: Source
    let kind: EntryKind
    let size: Int64
    /// The size limit for this name (`Settings.maxBytes(forFileNamed:)`).
    let limit: Int64
    /// The name read by its folder's pattern; nil when it fits none.
    let dropName: DropName?
    /// The bytes were processed before (an input file with this hash is `PROCESSED`).
    let processedBefore: Bool
    let quarantined: QuarantinedBytes?
}

/// What a claim does with a ready entry, decided from its facts alone (no I/O).
/// The cases follow the file outcomes: one quarantine, two kinds of duplicate, one process.
enum ClaimDecision: Equatable {
    /// Refused without being read: quarantined with this reason.
    case quarantine(ReasonCode, message: String)
    /// The same bytes were processed before: archived as `DUPLICATE`; quarantine entries of
    /// its name are settled (its data is in).
    case duplicate
    /// The same bytes already wait in quarantine under this name: archived as a `DUPLICATE`
    /// of that entry, not quarantined again. `withCompanions`: its attachments travel with it
    /// (only a name that fits its folder lists any).
    case repeatOfQuarantined(ClaimFacts.QuarantinedBytes, withCompanions: Bool)
    /// Read and ingested under its parsed name (it may still end quarantined by what its
    /// content holds).
    case process(DropName)

    /// Verdicts that depend on other files than the quarantined bytes: the same XML again
    /// (with its attachments now delivered) must be read afresh.
    static let verdictsBeyondTheBytes: Set<ReasonCode> = [.attachmentMissing, .attachmentMismatch]

    /// Order matters: an entry that is no regular file is never read; a misnamed one is
    /// quarantined unless it repeats quarantined bytes; processed bytes are a duplicate before
    /// anything else; a size over the limit is refused only for bytes not seen before.
    static func classify(_ f: ClaimFacts) -> ClaimDecision {
        if f.kind != .file {
            return .quarantine(.nameUnknown, message: "\(f.kind.phrase), not a regular file (never read or followed)")
        }
        let repeated = f.quarantined.flatMap { q in
            q.onDisk && !verdictsBeyondTheBytes.contains(q.code) ? q : nil
        }
        guard let dropName = f.dropName else {
            if let repeated { return .repeatOfQuarantined(repeated, withCompanions: false) }
            return .quarantine(.nameUnknown, message: "name does not fit the \(f.source.folder) pattern")
        }
        if f.processedBefore { return .duplicate }
        if let repeated { return .repeatOfQuarantined(repeated, withCompanions: true) }
        if f.size > f.limit {
            return .quarantine(.tooLarge, message: "file is \(f.size) bytes, limit \(f.limit)")
        }
        return .process(dropName)
    }

    /// The input-file outcome this decision records first.
    var outcome: InputFileOutcome {
        switch self {
        case .quarantine: return .quarantined
        case .duplicate, .repeatOfQuarantined: return .duplicate
        case .process: return .processed
        }
    }
}
