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

    /// Plans every queued gov record; returns the planned files' names.
    @discardableResult
    public func planGov(asOf: Day) throws -> [String] {
        try store.transaction {
            let rows = try store.db.rows("""
                SELECT id, kind, dfsjzj, version, valid, invalid_reason, payload, group_id FROM push_record
                WHERE target = 'gov' AND file_id IS NULL ORDER BY group_id, valid ASC, id
                """)
            guard !rows.isEmpty else { return [] }
            // Chunk by group so an invalidation and its new version share a file.
            var chunks: [[Row]] = [[]]
            var i = 0
            while i < rows.count {
                let group = rows[i].int("group_id")
                var j = i
                while j < rows.count && rows[j].int("group_id") == group { j += 1 }
                let groupRows = Array(rows[i..<j])
                if chunks[chunks.count - 1].count + groupRows.count > maxRecordsPerFile && !chunks[chunks.count - 1].isEmpty {
                    chunks.append([])
                }
                chunks[chunks.count - 1] += groupRows
                i = j
            }
            var names: [String] = []
            for chunk in chunks {
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
                names.append(name)
            }
            return names
        }
    }
}
