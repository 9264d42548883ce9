import APXCore
import APXDecode
import APXDomain
import APXDrop
import APXStore
#if canImport(Glibc)
import Glibc
#endif

/// A ready entry as looked at before its claim: its `lstat`, kind, size, limit and hash.
/// An entry never read (not regular, over its limit) carries a hash of what it was instead.
struct ProbedEntry {
    let stat: stat
    let kind: EntryKind
    let size: Int64
    let limit: Int64
    let sha256: String
}

/// What one claim recorded, once committed.
struct ClaimRecord: Equatable {
    enum Outcome: Equatable {
        case processed
        /// Bytes processed before.
        case duplicate
        /// Bytes already waiting in quarantine under this name.
        case repeatOfQuarantined
        /// Quarantined (its reason is on the input_file row).
        case quarantined
    }
    let fileID: Int
    var outcome: Outcome
    /// Quarantine entries of this name settled by it.
    var quarantineSettled = 0
    var platformReviews = 0
    var projectsEnded = 0
}

extension NightlyRun {
    /// Looks at a ready entry and hashes it; nil (accounted in `summary.inbox`) when it cannot
    /// be claimed now. A file over its limit is not read.
    func probe(_ file: InboxScan.Ready) throws -> ProbedEntry? {
        let st: stat
        do {
            st = try ClaimProbe.look(file)
        } catch let skip as ClaimSkip {
            account(skip, source: file.source, name: file.name)
            return nil
        }
        let kind = EntryKind(mode: st.st_mode)
        let size = Int64(st.st_size)
        let limit = settings.maxBytes(forFileNamed: file.name)
        let sha: String
        if kind != .file {
            sha = SHA256.hex("not a regular file: " + file.name)
        } else if size > limit {
            sha = SHA256.hex("too large: \(file.name) \(size) \(st.st_mtim.tv_sec)")
        } else {
            do {
                sha = try SHA256.file(at: file.path).hex
            } catch let error as FileError {
                account(.reading(error), source: file.source, name: file.name)
                return nil
            }
        }
        return ProbedEntry(stat: st, kind: kind, size: size, limit: limit, sha256: sha)
    }

    /// The facts `ClaimDecision.classify` decides on; read inside the claim's transaction.
    func facts(_ file: InboxScan.Ready, _ probed: ProbedEntry) throws -> ClaimFacts {
        ClaimFacts(source: file.source, kind: probed.kind, size: probed.size, limit: probed.limit,
                   dropName: file.dropName,
                   processedBefore: try store.wasProcessed(sha256: probed.sha256),
                   quarantined: try quarantinedBytes(of: file, sha: probed.sha256))
    }

    /// Classifies the entry and records the decision — the input_file row, its companions, the
    /// ingestion of its records — in one transaction, which commits only if the entry is still
    /// the one that was probed (else `ClaimSkip`, and nothing is recorded).
    /// A file-level problem of a file being ingested (`DecodeError`) rolls the whole claim
    /// back — the file's partial records with it — and the claim is written again, as
    /// quarantined, in a transaction of its own (no savepoint around the ingest: statements
    /// inside one journal what they touch in memory).
    func record(_ file: InboxScan.Ready, _ probed: ProbedEntry, ingestor: SourceIngestor, finalizer: Finalizer,
                attachments: Set<FileName>) throws -> ClaimRecord {
        do {
            return try store.transaction {
                try ClaimProbe.checked(file, since: probed.stat) {
                    let decision = ClaimDecision.classify(try facts(file, probed))
                    return try write(decision, file, probed, ingestor: ingestor, finalizer: finalizer, attachments: attachments)
                }
            }
        } catch let failed as IngestFailed {
            // Rolled back, not yet written again: the file is still in the inbox, unclaimed.
            CrashPoint.hitInside("claim rolled back for quarantine")
            return try store.transaction {
                try ClaimProbe.checked(file, since: probed.stat) {
                    try write(failed.decision, file, probed, ingestor: ingestor, finalizer: finalizer, attachments: attachments,
                              failedIngest: failed.error)
                }
            }
        }
    }

    /// Thrown out of the claim's transaction when its file's ingest found a file-level problem.
    private struct IngestFailed: Error {
        let decision: ClaimDecision
        let error: DecodeError
    }

    /// Writes one decision; runs inside the claim's transaction.
    /// `failedIngest`: the file-level problem its ingest found in the claim rolled back — the
    /// file is recorded as quarantined for it without ingesting it again (only the names of
    /// its companions are read again, as for any claim).
    private func write(_ decision: ClaimDecision, _ file: InboxScan.Ready, _ probed: ProbedEntry, ingestor: SourceIngestor,
                       finalizer: Finalizer, attachments: Set<FileName>, failedIngest: DecodeError? = nil) throws -> ClaimRecord {
        let source = file.source
        let (sha, size) = (probed.sha256, probed.size)
        func destination(_ outcome: InputFileOutcome, _ name: String = file.name) throws -> String {
            try finalizer.destination(source: source, name: name, outcome: outcome, asOf: store.asOf)
        }
        /// Files that travel with this one get destinations beside it.
        func registerCompanions(_ id: Int) throws -> [String: String] {
            let names = ingestor.companions(path: file.path, options: IngestContext.readOptions(settings, file.source, file.name),
                                            inbox: attachments)
            var companions: [String: String] = [:]
            for name in names where name != file.name {
                let companionDest = try destination(.processed, name)
                try store.addCompanion(fileID: id, name: name, destination: companionDest)
                companions[name] = companionDest
            }
            return companions
        }

        switch decision {
        case .quarantine(let code, let message):
            var outcome = Store.FileOutcome(outcome: decision.outcome, reason: code, message: message)
            outcome.recordsRead = 0
            let id = try store.insertInputFile(source: source, name: file.name, sha256: sha, size: size, outcome: outcome,
                                               destination: try destination(decision.outcome))
            return ClaimRecord(fileID: id, outcome: .quarantined)

        case .duplicate:
            let id = try store.insertInputFile(source: source, name: file.name, sha256: sha, size: size,
                                               outcome: .init(outcome: decision.outcome, reason: .duplicate,
                                                              message: "same bytes already processed"),
                                               destination: try destination(decision.outcome))
            _ = try registerCompanions(id)
            // The good bytes again under a name waiting in quarantine: its data is in, so
            // the entry is settled as by a corrected file.
            var record = ClaimRecord(fileID: id, outcome: .duplicate)
            record.quarantineSettled = try store.settleQuarantine(source: source, name: file.name, byFileID: id)
            return record

        case .repeatOfQuarantined(let entry, let withCompanions):
            let id = try recordRepeat(of: file, entry: entry, sha: sha, size: size, finalizer: finalizer)
            if withCompanions { _ = try registerCompanions(id) }
            return ClaimRecord(fileID: id, outcome: .repeatOfQuarantined)

        case .process(let dropName):
            let dest = try destination(decision.outcome)
            let id = try store.insertInputFile(source: source, name: file.name, sha256: sha, size: size,
                                               outcome: .init(outcome: decision.outcome), destination: dest)
            let companions = try registerCompanions(id)
            let claimed = ClaimedFile(source: file.source, name: file.name, dropName: dropName, path: file.path, sha256: sha, size: size,
                                      destination: dest, companions: companions)
            if let error = failedIngest {
                try store.quarantineInputFile(id, reason: error.code, message: error.message, line: error.line,
                                              destination: try destination(.quarantined))
                // The XML and its attachments wait in quarantine together.
                var moved: [String: String] = [:]
                for name in companions.keys.sorted() { moved[name] = try destination(.quarantined, name) }
                try store.moveCompanionsToQuarantine(fileID: id, destinations: moved)
                return ClaimRecord(fileID: id, outcome: .quarantined)
            }
            let context = IngestContext(store: store, settings: settings, reference: reference, file: claimed,
                                        workspaceRoot: workspace.root)
            let result: IngestResult
            do {
                result = try context.ingestChecked(ingestor, path: file.path, fileID: id)
            } catch let error as DecodeError {
                throw IngestFailed(decision: decision, error: error)
            }
            var record = ClaimRecord(fileID: id, outcome: .processed)
            record.quarantineSettled = try store.settleQuarantine(source: source, name: file.name, byFileID: id)
            record.platformReviews = result.platformReviews
            record.projectsEnded = result.projectsEnded
            return record
        }
    }
}
