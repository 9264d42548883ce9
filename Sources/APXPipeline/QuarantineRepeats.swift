import APXCore
import APXDrop
import APXStore

extension NightlyRun {
    /// Verdicts that depend on other files than the quarantined bytes: the same XML again
    /// (with its attachments now delivered) must be read afresh.
    static let verdictsBeyondTheBytes: Set<ReasonCode> = [.attachmentMissing, .attachmentMismatch]

    /// A delivery of bytes already waiting in quarantine under the same source and name is
    /// not quarantined again: it is recorded as a `DUPLICATE` of that entry and archived
    /// (nothing is deleted; the quarantined copy stays the one to fix). Returns the new row's
    /// id, or nil when the bytes are not in the open backlog (or its file is gone from disk,
    /// or its verdict depended on its attachments). Runs inside the claim's transaction.
    func recordRepeat(of file: InboxScan.Ready, sha: String, size: Int64, finalizer: Finalizer,
                      companions register: (Int) throws -> Void) throws -> Int? {
        let source = file.source
        guard let entry = try store.openQuarantineEntry(source: source, name: file.name, sha256: sha),
              !NightlyRun.verdictsBeyondTheBytes.contains(ReasonCode(entry.code)),
              DurableFile.exists(workspace.path(entry.destination)) else { return nil }
        let dest = try finalizer.destination(source: source, name: file.name, outcome: .duplicate, asOf: store.asOf)
        let id = try store.insertInputFile(source: source, name: file.name, sha256: sha, size: size,
                                           outcome: .init(outcome: .duplicate, reason: .duplicate,
                                                          message: "same bytes already in quarantine as \(entry.destination) (\(entry.code))"),
                                           destination: dest)
        try store.markDuplicate(id, of: entry.id)
        try register(id)
        return id
    }
}
