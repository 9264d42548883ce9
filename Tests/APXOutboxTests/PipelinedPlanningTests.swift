import APXCore
import Foundation
import APXDomain
import SQLiteDB
import Testing
import TestSupport
@testable import APXOutbox
@testable import APXStore

/// Gov files planned with their bytes rendered and hashed on a second thread: each file's row
/// holds exactly the bytes of its records in position order and their digest, under the id its
/// records point to; a failure while a file renders throws and leaves nothing planned.
@Suite struct PipelinedPlanningTests {
    static func store(_ ws: TempWorkspace) throws -> Store {
        try FileManager.default.createDirectory(atPath: ws.path("db"), withIntermediateDirectories: true)
        return try Store(path: ws.path("db/approval.sqlite"), runID: "test", asOf: Day(iso: "2026-11-21")!)
    }

    /// 300 keys, every fifth corrected (an invalidation and version 2 in one group): 420 records.
    static func queue(_ s: Store) throws {
        let q = PushQueue(store: s)
        try s.transaction {
            for i in 0..<300 { _ = try q.enqueue(key: .project(gcdm: "G-\(i)"), payload: "<XMDM>G-\(i)</XMDM><XMMC>项目&amp;\(i)</XMMC>") }
        }
        try s.transaction {
            for i in stride(from: 0, to: 300, by: 5) {
                _ = try q.enqueue(key: .project(gcdm: "G-\(i)"), payload: "<XMDM>G-\(i)</XMDM><XMMC>更正\(i)</XMMC>")
            }
        }
    }

    @Test func eachPlannedFileHoldsItsRecordsBytesAndDigestUnderTheirFileID() throws {
        let ws = TempWorkspace()
        let s = try Self.store(ws)
        try Self.queue(s)
        let names = try OutboxPlanner(store: s, maxRecordsPerFile: 7).planGov(asOf: s.asOf)
        #expect(names.count >= 50)
        let db = try Database(path: ws.path("db/approval.sqlite"))
        let files = try db.rows("SELECT id, name, batch, record_count, sha256, content, planned_at FROM outbox_file ORDER BY batch")
        #expect(files.map { $0.int("id") ?? 0 } == Array(1...files.count))
        #expect(files.map { $0.int("batch") ?? 0 } == Array(1...files.count))
        #expect(files.map { $0.text("name") } == names)
        var seen = Set<Int>()
        for file in files {
            let id = file.int("id") ?? 0
            let ids = try db.rows("SELECT id FROM push_record WHERE file_id = ? ORDER BY position", id).map { $0.int("id") ?? 0 }
            let positions = try db.rows("SELECT position FROM push_record WHERE file_id = ? ORDER BY position", id).map { $0.int("position") ?? 0 }
            #expect(positions == Array(1...ids.count) && ids.count == file.int("record_count"))
            #expect(ids.count <= 7)
            seen.formUnion(ids)
            // The bytes are those of the records in position order, rendered on this thread.
            let keys = try db.rows("SELECT DISTINCT dfsjzj FROM push_record WHERE file_id = ?", id).map { $0.text("dfsjzj") }
            let candidates = try keys.flatMap { try s.pushRecords(target: .gov, key: try #require(PushKey(dfsjzj: $0))) }
            let records = ids.compactMap { rid in candidates.first { $0.id == rid } }
            #expect(records.count == ids.count)
            guard case .blob(let stored) = file["content"] else { Issue.record("no content"); continue }
            let content = try OutboxPublisher.decoded(stored, .zlib, name: file.text("name"))
            #expect(stored.count < content.count, "kept compressed")
            #expect(content == GovFile.render(name: file.text("name"), batch: file.int("batch") ?? 0, createdAt: file.text("planned_at"), records: records))
            #expect(file.text("sha256") == SHA256.hex(content))
            // A group is never split: an invalidation and its new version in one file.
            for group in Set(records.map(\.group)) {
                #expect(try db.scalar("SELECT count(DISTINCT file_id) FROM push_record WHERE group_id = ?", group).int == 1)
            }
        }
        #expect(seen.count == 420)   // 300 first versions, 60 invalidations and their version 2
        #expect(try db.scalar("SELECT count(*) FROM push_record WHERE file_id IS NULL").int == 0)
        // Published, every file's bytes match its recorded digest (hashed once, on the second thread).
        let published = try OutboxPublisher(store: s, outboxRoot: ws.path("outbox")).publishPlanned()
        #expect(published.count == files.count)
        for file in files {
            #expect(try SHA256.file(at: ws.path("outbox/gov/" + file.text("name"))).hex == file.text("sha256"))
        }
    }

    @Test func aFailureReadingTheNextFileWhileOneRendersPlansNothing() throws {
        let ws = TempWorkspace()
        let s = try Self.store(ws)
        try Self.queue(s)
        // A damaged row past the first file: read while the first file's bytes render.
        let db = try Database(path: ws.path("db/approval.sqlite"))
        try db.run("UPDATE push_record SET kind = 'NOSUCHKIND' WHERE id = (SELECT id FROM push_record ORDER BY group_id, valid, id LIMIT 1 OFFSET 30)")
        #expect(throws: DatabaseError.self) { try OutboxPlanner(store: s, maxRecordsPerFile: 7).planGov(asOf: s.asOf) }
        #expect(try db.scalar("SELECT count(*) FROM outbox_file").int == 0)
        #expect(try db.scalar("SELECT count(*) FROM push_record WHERE file_id IS NOT NULL").int == 0)
        #expect((try db.scalar("SELECT value FROM counter WHERE name = 'batch.gov'").int ?? 0) == 0)
        // Repaired, the next planning starts at batch 1 and file 1.
        try db.run("UPDATE push_record SET kind = '' WHERE kind = 'NOSUCHKIND'")
        let names = try OutboxPlanner(store: s, maxRecordsPerFile: 7).planGov(asOf: s.asOf)
        #expect(names.first == GovFile.name(asOf: s.asOf, batch: 1))
        #expect(try db.scalar("SELECT min(id) FROM outbox_file").int == 1)
    }
}
