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
        try store.db.run("""
            INSERT INTO outbox_file (target, name, batch, record_count, sha256, content, state, run_id, planned_at)
            VALUES ('gov', ?, ?, ?, ?, ?, 'PLANNED', ?, ?)
            """, name, batch, chunk.count, SHA256.hex(content), SQLValue.blob(content), store.runID, createdAt)
        let fileID = Int(store.db.lastInsertRowID)
        for (position, row) in chunk.enumerated() {
            try store.db.run("UPDATE push_record SET file_id = ?, position = ? WHERE id = ?",
                             fileID, position + 1, row.int("id"))
        }
        try store.audit("outbox", name, "planned", to: "PLANNED", detail: "\(chunk.count) records")
        return name
    }
}
