import APXCore
import APXDrop
import APXStore
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Putting a quarantined file back into its drop folder, crash-safe: the intent is committed
/// first (`requeue_pending`), then companions, the data file and — last in — its marker move;
/// the intent is cleared after. A run killed in between is finished by the next one's
/// recovery (`finishRequeues`), which repeats the same idempotent steps: a data file never
/// waits in the inbox without its marker.
extension NightlyRun {
    /// Moves a quarantined file (and its companions) back into its drop folder.
    func requeue(_ row: InputFileRow) throws {
        let from = workspace.path(row.destination)
        let to = inboxPath(row)
        let inQuarantine = DurableFile.exists(from)
        // Left by an interrupted requeue of an older apx: the data file in the inbox, its marker not.
        let stranded = !inQuarantine && DurableFile.exists(to) && !DurableFile.exists(to + ".ok")
            && (try? SHA256.file(at: to).hex) == row.sha256
        guard inQuarantine || stranded else { return }
        if inQuarantine && DurableFile.exists(to) {
            warnNewerDelivery(row)
            return
        }
        try store.transaction { try store.markRequeueIntent(row.id) }
        CrashPoint.hit("requeue intent committed")
        try completeRequeue(row)
    }

    /// Finishes every requeue a killed run left half done (recovery).
    func finishRequeues() throws -> Int {
        let rows = try store.pendingRequeues()
        for row in rows { try completeRequeue(row) }
        return rows.count
    }

    private func inboxPath(_ row: InputFileRow) -> String { workspace.inbox + "/" + row.source.folder + "/" + row.name }

    /// A newer delivery holds the name in the inbox: the quarantined file stays where it is.
    private func warnNewerDelivery(_ row: InputFileRow) {
        summary.warnings.append("not reprocessed: inbox/\(row.source)/\(row.name) exists (a newer delivery)")
    }

    /// The moves of a requeue, each done only if still needed; then the intent is cleared.
    func completeRequeue(_ row: InputFileRow) throws {
        let from = workspace.path(row.destination)
        let dir = workspace.inbox + "/" + row.source.folder
        let to = inboxPath(row)
        try DurableFile.makeDirectories(dir)
        if DurableFile.exists(from) && DurableFile.exists(to) {
            // A new delivery took the name while the requeue was interrupted: it stays in quarantine.
            try store.transaction { try store.cancelRequeue(row.id) }
            warnNewerDelivery(row)
            return
        }
        // Companions first, each data file before its marker.
        for companion in try store.companions(fileID: row.id) {
            let quarantined = workspace.path(companion.destination)
            let back = dir + "/" + companion.name
            if DurableFile.exists(quarantined) && !DurableFile.exists(back) { try DurableFile.move(quarantined, to: back) }
            if DurableFile.exists(quarantined + ".ok") && DurableFile.exists(back) && !DurableFile.exists(back + ".ok") {
                try DurableFile.move(quarantined + ".ok", to: back + ".ok")
            }
        }
        if DurableFile.exists(from) { try DurableFile.move(from, to: to) }
        // The marker last: moved from quarantine, or written when it was never there. Only
        // while the data file waits in the inbox (it may already have been claimed again).
        if DurableFile.exists(to) && !DurableFile.exists(to + ".ok") {
            if DurableFile.exists(from + ".ok") {
                try DurableFile.move(from + ".ok", to: to + ".ok")
            } else {
                try DurableFile.publish([], directory: dir, name: row.name + ".ok")
            }
        }
        RawPath.unlink(RawPath.directory(from) + "/" + FileName.sidecar(RawPath.lastComponent(from), ".reason.json"))
        CrashPoint.hit("before marking requeued")
        try store.transaction { try store.markRequeued(row.id) }
    }
}
