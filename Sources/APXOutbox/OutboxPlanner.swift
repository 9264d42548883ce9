import APXCore
import APXDomain
import APXStore
import Flate

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
    /// A file's bytes are rendered and hashed on a second thread while this one assigns its
    /// records and reads the next file's (at most one file ahead); its row is written once
    /// both are done, under the id its records were assigned to, in the same transaction.
    @discardableResult
    public func planGov(asOf: Day) throws -> [String] {
        try store.transaction {
            var names: [String] = []
            var fileID = try store.nextOutboxFileID()
            // Groups at or below this are in a file (PushGroupOrder): the last group taken.
            var floor = try store.plannedGroupFloor(target: .gov)
            var chunk = try nextChunk(above: floor)
            while !chunk.isEmpty {
                let batch = try store.nextCounter("batch.gov")
                let name = GovFile.name(asOf: asOf, batch: batch)
                let createdAt = Timestamp.now()
                let records = chunk
                // Kept compressed until published (OutboxContentEncoding); level 1: the
                // second thread renders, hashes and compresses while this one assigns.
                let rendered = BackgroundValue { () -> (content: [UInt8], sha256: String, encoding: OutboxContentEncoding) in
                    let content = GovFile.render(name: name, batch: batch, createdAt: createdAt, records: records)
                    let sha256 = SHA256.hex(content)
                    guard let deflated = try? Flate.deflate(content, container: .zlib, level: 1) else { return (content, sha256, .raw) }
                    return (deflated, sha256, .zlib)
                }
                let next: [QueuedPushRecord]
                do {
                    try store.assignPushRecords(chunk.map(\.id), toFile: fileID)
                    floor = chunk.last!.group
                    next = try nextChunk(above: floor)
                    CrashPoint.hit("gov file assigned, its bytes rendering")
                } catch {
                    _ = rendered.value()
                    throw error
                }
                let (content, sha256, encoding) = rendered.value()
                try store.insertPlannedOutboxFile(id: fileID, target: .gov, name: name, batch: batch, recordCount: chunk.count,
                                                  sha256: sha256, content: content, encoding: encoding, plannedAt: createdAt)
                try store.audit(.outbox, name, "planned", to: "PLANNED", detail: "\(chunk.count) records")
                names.append(name)
                chunk = next
                fileID += 1
            }
            return names
        }
    }

    /// The next unplanned records, whole groups only, at most `maxRecordsPerFile` (a single
    /// larger group still goes out whole, in a file of its own), of groups above `floor`.
    private func nextChunk(above floor: Int) throws -> [QueuedPushRecord] {
        let rows = try store.unplannedPushRecords(target: .gov, above: floor, limit: maxRecordsPerFile + 1)
        guard rows.count > maxRecordsPerFile else { return rows }
        // Drop the trailing group if it may continue past what was read.
        let lastGroup = rows.last!.group
        var end = rows.count
        while end > 0 && rows[end - 1].group == lastGroup { end -= 1 }
        if end == 0 {
            // One group larger than a file: take all of it.
            return try store.unplannedPushRecords(target: .gov, group: lastGroup)
        }
        return Array(rows[0..<end])
    }

    /// Plans one notices file with every notice not yet in a file.
    @discardableResult
    public func planNotices(asOf: Day) throws -> String? {
        try store.transaction {
            let notices = try store.unplannedNotices()
            guard !notices.isEmpty else { return nil }
            let batch = try store.nextCounter("batch.notices")
            let name = NoticeFile.name(asOf: asOf, batch: batch)
            let content = NoticeFile.render(notices.map(\.cells))
            let fileID = try store.insertPlannedOutboxFile(target: .notices, name: name, batch: batch, recordCount: notices.count,
                                                           sha256: SHA256.hex(content), content: content, plannedAt: Timestamp.now())
            for (i, notice) in notices.enumerated() {
                try store.assignNotice(notice.id, toFile: fileID, position: i + 1)
            }
            try store.audit(.outbox, name, "planned", to: "PLANNED", detail: "\(notices.count) notices")
            return name
        }
    }
}
