import APXCore
import APXDrop
import APXStore

/// How a run accounts for inbox entries it does not take: each one is listed by name
/// (`summary.inbox`) and the run goes on with the others.
extension NightlyRun {
    func account(_ skip: ClaimSkip, source: Source, name: String) {
        let entry = InboxAccount.Entry(source: source, name: name, why: skip.why)
        switch skip.kind {
        case .notReadable: summary.inbox.notReadable.append(entry)
        case .skipped: summary.inbox.skipped.append(entry)
        }
        log.event("file.skipped", [("source", .string(source.rawValue)), ("readable", .bool(skip.kind != .notReadable))])
    }

    /// Moves a claimed entry; a move the entry itself refuses (`Finalizer.EntryMoveFailure`)
    /// is warned about and retried by the next run's recovery, the run goes on.
    func finishAccounted(_ row: InputFileRow, finalizer: Finalizer, verifyHash: Bool) throws {
        do {
            try finalizer.finish(row, verifyHash: verifyHash)
        } catch let failure as Finalizer.EntryMoveFailure {
            let why = "claimed as \(row.outcome) but cannot be moved (\(failure.reason)): retried every run"
            unmovable[row.source.folder + "/" + row.name] = why
            summary.inbox.skipped.append(.init(source: row.source, name: row.name, why: why))
            summary.warnings.append("inbox/\(row.source)/\(row.name): \(why)")
            log.event("file.unmovable", [("source", .string(row.source.rawValue)), ("id", .int(row.id))])
        }
    }

    /// Recovery: finishes every recorded-but-unmoved entry; returns how many it moved.
    func finishAllAccounted(_ finalizer: Finalizer) throws -> Int {
        var count = 0
        var listed: Set<Int> = []
        for row in try store.inputFilesAwaitingMove() {
            try finishAccounted(row, finalizer: finalizer, verifyHash: true)
            if unmovable[row.source.folder + "/" + row.name] == nil { count += 1 }
            fileDetails.append(try recoveredDetail(row))
            listed.insert(row.id)
        }
        // Claimed by a run that was killed before its report: this report lists them.
        for row in try store.inputFilesOfInterruptedRuns() where !listed.contains(row.id) {
            fileDetails.append(try recoveredDetail(row))
        }
        return count
    }

    /// The attachments that travelled with a file: name and destination.
    func companionsJSON(_ fileID: Int) throws -> JSON {
        .array(try store.companions(fileID: fileID).map { .object([("name", .string($0.name)), ("destination", .string($0.destination))]) })
    }

    func recoveredDetail(_ row: InputFileRow) throws -> JSON {
        .object([("source", .string(row.source.rawValue)), ("name", .string(row.name)),
                 ("outcome", .string(row.outcome.rawValue)), ("code", row.reason.map(JSON.string) ?? .null),
                 ("message", row.message.map(JSON.string) ?? .null),
                 ("records", .int(row.recordsRead)), ("rejected", .int(row.recordsRejected)),
                 ("destination", .string(row.destination)),
                 ("companions", try companionsJSON(row.id)),
                 ("recovered", .bool(true))])
    }

    /// Attachments still in `sgt/` after the claims: waiting, or orphaned once older than
    /// the orphan period (`periods.orphan_marker_days`). Never deleted.
    func accountAttachments(_ source: Source, left: Set<FileName>, ages: [FileName: Double]) {
        let period = Double(settings.orphanMarkerDays) * 86_400
        for name in left.sorted() {
            let age = ages[name] ?? 0
            if age > period {
                let days = Int(age / 86_400)
                summary.inbox.orphanAttachments.append(.init(source: source, name: name.escaped,
                                                             why: "no result has listed it for \(days) days"))
                log.event("attachment.orphan", [("source", .string(source.folder)), ("ageDays", .int(days))])
            } else {
                summary.inbox.attachments.append(.init(source: source, name: name.escaped,
                                                       why: "attachment waiting for the XML that lists it"))
            }
        }
    }
}
