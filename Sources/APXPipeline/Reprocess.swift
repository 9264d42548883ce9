import APXCore
import APXDecode
import APXDomain
import APXDrop
import APXMatch
import APXStore
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// What `apx reprocess` puts back through the pipeline (spec 05).
public struct ReprocessSelection: Sendable {
    public enum Scope: Sendable {
        case quarantined(source: Source?)
        case file(String)
        case project(String)
        case run(String)
    }
    public let scope: Scope
    public init(_ scope: Scope) { self.scope = scope }
}

extension NightlyRun {
    /// Before claiming: quarantined files go back to their drop folder (with marker and
    /// companions) to be claimed like new ones; processed files are read again where they
    /// are archived (records rejected before may now pass; the rest are no-ops); a project's
    /// pushes are re-rendered (unchanged ones are not queued).
    func reprocess(_ selection: ReprocessSelection) throws {
        var quarantined: [InputFileRow] = []
        var processed: [InputFileRow] = []
        switch selection.scope {
        case .quarantined(let source): quarantined = try store.quarantinedFiles(source: source)
        case .file(let name):
            quarantined = try store.quarantinedFiles(name: name)
            processed = try store.processedFiles(name: name)
        case .run(let run):
            quarantined = try store.quarantinedFiles(run: run)
            processed = try store.processedFiles(run: run)
        case .project(let xmdm):
            try refreshPushes(xmdm: Normalize.code(xmdm))
        }
        for row in quarantined { try requeue(row) }
        for row in processed { try reread(row) }
        log.event("reprocess", [("requeued", .int(quarantined.count)), ("reread", .int(processed.count))])
    }

    /// Reads a processed file again where it is archived, in one transaction.
    func reread(_ row: InputFileRow) throws {
        guard let ingestor = NightlyRun.ingestors[row.source] else { return }
        let path = workspace.path(row.destination)
        guard DurableFile.exists(path), let dropName = DropName(source: row.source, name: row.name) else { return }
        var companions: [String: String] = [:]
        for c in try store.companions(fileID: row.id) { companions[c.name] = c.destination }
        let (sha, size) = try SHA256.file(at: path)
        let claimed = ClaimedFile(source: row.source, name: row.name, dropName: dropName, path: path, sha256: sha, size: size,
                                  destination: row.destination, companions: companions)
        let context = IngestContext(store: store, settings: settings, reference: reference, file: claimed,
                                    workspaceRoot: workspace.root)
        do {
            // The file's rejects file is rewritten like a move: recorded as due in the same
            // transaction, done by the finalizer (or by the next run's recovery).
            let result = try store.transaction {
                let result = try context.ingestChecked(ingestor, path: path, fileID: row.id)
                try store.markAwaitingMove(row.id)
                return result
            }
            CrashPoint.hit("reread committed")
            summary.recordsRead += result.recordsRead
            summary.recordsRejected += result.rejectedRecords
            if let updated = try store.inputFile(id: row.id) {
                try Finalizer(store: store, workspace: workspace).finish(updated, verifyHash: true)
            }
        } catch let error as DecodeError {
            // Read fine before, not now (e.g. a stricter configuration): it stays as it was.
            summary.warnings.append("not reprocessed: \(row.destination): \(error.code)")
        } catch let skip as ClaimSkip {
            summary.warnings.append("not reprocessed: \(row.destination): \(skip.why)")
        }
    }

    func refreshPushes(xmdm: String) throws {
        try store.transaction {
            try ResultMatching(store: store, settings: settings, reference: reference).refreshPushes(xmdm: xmdm)
        }
    }
}
