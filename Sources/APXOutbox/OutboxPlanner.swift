import APXCore
import APXStore
import SQLiteDB

/// Turns queued push records into planned push files, in one transaction: batch numbers
/// are taken from a counter in that transaction (gapless, never reused) and the file's
/// bytes are fixed in the database before anything touches the outbox folder.
public struct OutboxPlanner {
    public let store: Store
    public let maxRecordsPerFile: Int

    public init(store: Store, maxRecordsPerFile: Int) {
        self.store = store
        self.maxRecordsPerFile = maxRecordsPerFile
    }

    /// Plans every queued gov record; returns the planned files' names. Records are read
    /// a file's worth at a time (whole groups), so memory does not grow with the queue.
    @discardableResult
    public func planGov(asOf: Day) throws -> [String] {
        try store.transaction {
            var names: [String] = []
            while true {
                let chunk = try nextChunk()
                if chunk.isEmpty { break }
                names.append(try planFile(chunk, asOf: asOf))
            }
            return names
        }
    }

    /// The next unplanned records, whole groups only, at most `maxRecordsPerFile` (a single
    /// larger group still goes out whole, in a file of its own).
    private func nextChunk() throws -> [Row] {
        let rows = try store.db.rows("""
            SELECT id, kind, dfsjzj, version, valid, invalid_reason, payload, group_id FROM push_record
            WHERE target = 'gov' AND file_id IS NULL ORDER BY group_id, valid ASC, id LIMIT ?
            """, maxRecordsPerFile + 1)
        guard rows.count > maxRecordsPerFile else { return rows }
        // Drop the trailing group if it may continue past what was read.
        let lastGroup = rows.last!.int("group_id")
        var end = rows.count
        while end > 0 && rows[end - 1].int("group_id") == lastGroup { end -= 1 }
        if end == 0 {
            // One group larger than a file: take all of it.
            return try store.db.rows("""
                SELECT id, kind, dfsjzj, version, valid, invalid_reason, payload, group_id FROM push_record
                WHERE target = 'gov' AND file_id IS NULL AND group_id = ? ORDER BY valid ASC, id
                """, lastGroup)
        }
        return Array(rows[0..<end])
    }

    private func planFile(_ chunk: [Row], asOf: Day) throws -> String {
        let batch = try store.nextCounter("batch.gov")
        let name = GovFile.name(asOf: asOf, batch: batch)
        let createdAt = Timestamp.now()
        let records = chunk.map {
            GovFile.Record(kind: $0.text("kind"), dfsjzj: $0.text("dfsjzj"), version: $0.int("version") ?? 1,
                           valid: $0.int("valid") == 1, invalidReason: $0.text("invalid_reason"),
                           payload: $0.text("payload"))
        }
        let content = Array(GovFile.render(name: name, batch: batch, createdAt: createdAt, records: records).utf8)
        let fileID = try insertPlanned(target: "gov", name: name, batch: batch, count: chunk.count, sha256: SHA256.hex(content),
                                       content: content, at: createdAt)
        for (position, row) in chunk.enumerated() {
            try store.db.run("UPDATE push_record SET file_id = ?, position = ? WHERE id = ?",
                             fileID, position + 1, row.int("id"))
        }
        try store.audit("outbox", name, "planned", to: "PLANNED", detail: "\(chunk.count) records")
        return name
    }

    /// Plans one notices file with every notice not yet in a file.
    @discardableResult
    public func planNotices(asOf: Day) throws -> String? {
        try store.transaction {
            let rows = try store.db.rows("SELECT * FROM notice WHERE file_id IS NULL ORDER BY id")
            guard !rows.isEmpty else { return nil }
            let batch = try store.nextCounter("batch.notices")
            let name = NoticeFile.name(asOf: asOf, batch: batch)
            let content = NoticeFile.render(rows.map {
                [$0.text("tzbh"), $0.text("lx"), $0.text("xmdm"), $0.text("gcdm"), $0.text("dwtyshxydm"), $0.text("dwmc"),
                 $0.text("sxbm"), $0.text("nr"), $0.text("sj")]
            })
            let fileID = try insertPlanned(target: "notices", name: name, batch: batch, count: rows.count,
                                           sha256: SHA256.hex(content), content: content, at: Timestamp.now())
            for (i, row) in rows.enumerated() {
                try store.db.run("UPDATE notice SET file_id = ?, position = ? WHERE id = ?", fileID, i + 1, row.int("id"))
            }
            try store.audit("outbox", name, "planned", to: "PLANNED", detail: "\(rows.count) notices")
            return name
        }
    }

    /// Plans an archive package (caller's transaction): a name not used before
    /// (`DA_<XMDM>_<yyyyMMdd>.zip`, then `_2`, `_3` …) and the plan with its SHA-256.
    public func planArchive(xmdm: String, asOf: Day, plan: ArchivePlan, root: String) throws -> (name: String, fileID: Int) {
        var n = 1
        var name = ""
        repeat {
            name = "DA_\(xmdm)_\(asOf.compact)\(n == 1 ? "" : "_\(n)").zip"
            n += 1
        } while try store.db.row("SELECT 1 FROM outbox_file WHERE name = ?", name) != nil
        let digest = try plan.build(root: root, into: HashSink())
        var hasher = digest.hasher
        let batch = try store.nextCounter("batch.archive")
        let id = try insertPlanned(target: "archive", name: name, batch: batch, count: plan.entries.count,
                                   sha256: hasher.finalizeHex(), content: plan.json, at: Timestamp.now())
        try store.audit("outbox", name, "planned", to: "PLANNED", detail: "archive package")
        return (name, id)
    }

    /// Records a planned file: its bytes (or, for a package, its plan) and digest are fixed
    /// here, in the caller's transaction, before anything is written to the outbox.
    private func insertPlanned(target: String, name: String, batch: Int, count: Int, sha256: String,
                               content: [UInt8], at: String) throws -> Int {
        try store.db.run("""
            INSERT INTO outbox_file (target, name, batch, record_count, sha256, content, state, run_id, planned_at)
            VALUES (?, ?, ?, ?, ?, ?, 'PLANNED', ?, ?)
            """, target, name, batch, count, sha256, SQLValue.blob(content), store.runID, at)
        store.contentPlannedHere.insert(Int(store.db.lastInsertRowID))
        return Int(store.db.lastInsertRowID)
    }
}
