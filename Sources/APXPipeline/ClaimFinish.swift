import APXCore
import APXDrop
import APXStore

extension NightlyRun {
    /// After a claim's commit: the run's accounting (counts, log event, the report's file
    /// detail with its first rejects), then the move (`finishAccounted`). A run killed in
    /// between is finished by the next run's recovery, which lists the file again.
    func finishClaim(_ recorded: ClaimRecord, _ file: InboxScan.Ready, _ probed: ProbedEntry,
                     finalizer: Finalizer) throws -> InputFileRow {
        summary.quarantineSettled += recorded.quarantineSettled
        summary.projectsReview += recorded.platformReviews
        summary.projectsEnded += recorded.projectsEnded
        let source = file.source, sha = probed.sha256, fileID = recorded.fileID
        summary.claimed += 1
        CrashPoint.hit("file committed")
        guard let row = try store.inputFile(id: fileID) else { throw FileError("record", file.path) }
        switch recorded.outcome {
        case .processed: summary.processed += 1
        case .duplicate: summary.duplicate += 1
        case .repeatOfQuarantined: summary.alreadyQuarantined += 1
        case .quarantined: summary.quarantined += 1
        }
        summary.recordsRead += row.recordsRead
        summary.recordsRejected += row.recordsRejected
        if let reason = row.reason { summary.reasons[reason, default: 0] += 1 }
        log.event("file", [("source", .string(source.rawValue)), ("sha256", .string(String(sha.prefix(16)))),
                           ("outcome", .string(row.outcome.rawValue)), ("code", .string(row.reason ?? "")),
                           ("records", .int(row.recordsRead)), ("rejected", .int(row.recordsRejected))])
        // The run report lists each file's record rejects (the first 100; all are in NAME.rejects.csv).
        let rejects = row.recordsRejected > 0 ? try store.rejects(fileID: row.id) : []
        fileDetails.append(.object([("source", .string(source.rawValue)), ("name", .string(row.name)), ("outcome", .string(row.outcome.rawValue)),
                                    ("code", row.reason.map(JSON.string) ?? .null), ("message", row.message.map(JSON.string) ?? .null),
                                    ("line", row.line.map(JSON.int) ?? .null),
                                    ("records", .int(row.recordsRead)), ("rejected", .int(row.recordsRejected)),
                                    ("destination", .string(row.destination)),
                                    ("companions", try companionsJSON(row.id)),
                                    ("alreadyQuarantined", .bool(row.duplicateOf != nil)),
                                    ("rejects", .array(rejects.prefix(100).map { r in
                                        .object([("line", r.line.map(JSON.int) ?? .null), ("record", .int(r.record)),
                                                 ("field", .string(r.field)), ("code", .string(r.code.rawValue)),
                                                 ("message", .string(r.message))])
                                    }))]))
        try finishAccounted(row, finalizer: finalizer, verifyHash: false)
        return row
    }
}
