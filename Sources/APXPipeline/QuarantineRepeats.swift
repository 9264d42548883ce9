import APXCore
import APXDrop
import APXStore

extension NightlyRun {
    /// The open quarantine entry holding these bytes under this source and name, if any, and
    /// whether its file is still on disk (a fact for `ClaimDecision.classify`). Read inside the
    /// claim's transaction.
    func quarantinedBytes(of file: InboxScan.Ready, sha: String) throws -> ClaimFacts.QuarantinedBytes? {
        guard let entry = try store.openQuarantineEntry(source: file.source, name: file.name, sha256: sha) else {
            return nil
        }
        return .init(id: entry.id, destination: entry.destination, code: ReasonCode(entry.code),
                     onDisk: DurableFile.exists(workspace.path(entry.destination)))
    }

    /// A delivery of bytes already waiting in quarantine under the same source and name is
    /// not quarantined again: it is recorded as a `DUPLICATE` of that entry and archived
    /// (nothing is deleted; the quarantined copy stays the one to fix). Returns the new row's id.
    func recordRepeat(of file: InboxScan.Ready, entry: ClaimFacts.QuarantinedBytes, sha: String, size: Int64,
                      finalizer: Finalizer) throws -> Int {
        let source = file.source
        let dest = try finalizer.destination(source: source, name: file.name, outcome: .duplicate, asOf: store.asOf)
        let id = try store.insertInputFile(source: source, name: file.name, sha256: sha, size: size,
                                           outcome: .init(outcome: .duplicate, reason: .duplicate,
                                                          message: "same bytes already in quarantine as \(entry.destination) (\(entry.code))"),
                                           destination: dest)
        try store.markDuplicate(id, of: entry.id)
        return id
    }
}
