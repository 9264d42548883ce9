import APXCore
import APXDomain
import APXStore

extension Ending {
    /// Plans an archive package (caller's transaction): a name not used before and the plan
    /// with the SHA-256 of the ZIP it builds (`packageDigest`, from the outbox), fixed in
    /// the database before anything is written to the outbox.
    func planArchive(xmdm: String, plan: ArchivePlan) throws -> (name: String, fileID: Int) {
        var attempt = 1
        var name = ""
        repeat {
            name = ArchiveManifest.fileName(xmdm: xmdm, asOf: store.asOf, attempt: attempt)
            attempt += 1
        } while try store.outboxFileExists(name: name)
        let sha256 = try packageDigest(plan, workspaceRoot)
        let batch = try store.nextCounter("batch.archive")
        let id = try store.insertPlannedOutboxFile(target: .archive, name: name, batch: batch, recordCount: plan.entries.count,
                                                   sha256: sha256, content: plan.json, plannedAt: Timestamp.now())
        try store.audit(.outbox, name, "planned", to: "PLANNED", detail: "archive package")
        return (name, id)
    }
}
