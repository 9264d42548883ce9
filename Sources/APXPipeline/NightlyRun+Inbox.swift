import APXCore
import APXDrop
import APXStore

/// How a run accounts for inbox entries it does not take: each one is listed by name
/// (`summary.inbox`) and the run goes on with the others.
extension NightlyRun {
    func account(_ skip: ClaimSkip, source: String, name: String) {
        let entry = InboxAccount.Entry(source: source, name: name, why: skip.why)
        switch skip.kind {
        case .notReadable: summary.inbox.notReadable.append(entry)
        case .skipped: summary.inbox.skipped.append(entry)
        }
        log.event("file.skipped", [("source", .string(source)), ("readable", .bool(skip.kind != .notReadable))])
    }

    /// Moves a claimed entry; a move the entry itself refuses (`Finalizer.EntryMoveFailure`)
    /// is warned about and retried by the next run's recovery, the run goes on.
    func finishAccounted(_ row: InputFileRow, finalizer: Finalizer, verifyHash: Bool) throws {
        do {
            try finalizer.finish(row, verifyHash: verifyHash)
        } catch let failure as Finalizer.EntryMoveFailure {
            let why = "claimed as \(row.outcome) but cannot be moved (\(failure.reason)): retried every run"
            unmovable[row.source + "/" + row.name] = why
            summary.warnings.append("inbox/\(row.source)/\(row.name): \(why)")
            log.event("file.unmovable", [("source", .string(row.source)), ("id", .int(row.id))])
        }
    }

    /// Recovery: finishes every recorded-but-unmoved entry; returns how many it moved.
    func finishAllAccounted(_ finalizer: Finalizer) throws -> Int {
        var count = 0
        for row in try store.inputFilesAwaitingMove() {
            try finishAccounted(row, finalizer: finalizer, verifyHash: true)
            if unmovable[row.source + "/" + row.name] == nil { count += 1 }
        }
        return count
    }

    /// Attachments still in `sgt/` after the claims: waiting, or orphaned once older than
    /// the orphan period (`periods.orphan_marker_days`). Never deleted.
    func accountAttachments(_ source: Source, left: Set<FileName>, ages: [FileName: Double]) {
        let period = Double(settings.orphanMarkerDays) * 86_400
        for name in left.sorted() {
            let age = ages[name] ?? 0
            if age > period {
                let days = Int(age / 86_400)
                summary.inbox.orphanAttachments.append(.init(source: source.folder, name: name.escaped,
                                                             why: "no result has listed it for \(days) days"))
                log.event("attachment.orphan", [("source", .string(source.folder)), ("ageDays", .int(days))])
            } else {
                summary.inbox.attachments.append(.init(source: source.folder, name: name.escaped,
                                                       why: "attachment waiting for the XML that lists it"))
            }
        }
    }
}
