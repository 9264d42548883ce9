import APXCore
import Foundation
import APXDomain
import Testing
import TestSupport
@testable import APXOutbox
@testable import APXStore

private func store(_ ws: TempWorkspace) throws -> Store {
    try FileManager.default.createDirectory(atPath: ws.path("db"), withIntermediateDirectories: true)
    return try Store(path: ws.path("db/approval.sqlite"), runID: "test", asOf: Day(iso: "2026-11-21")!)
}

@Suite struct PushQueueTests {
    @Test func unchangedPayloadIsNeverQueuedAgain() throws {
        let ws = TempWorkspace()
        let s = try store(ws)
        let q = PushQueue(store: s)
        #expect(try s.transaction { try q.enqueue(key: .project(gcdm: "1"), payload: "<A>1</A>") } == 1)
        #expect(try s.transaction { try q.enqueue(key: .project(gcdm: "1"), payload: "<A>1</A>") } == 0)
    }

    @Test func changedPayloadQueuesInvalidationThenNextVersion() throws {
        let ws = TempWorkspace()
        let s = try store(ws)
        let q = PushQueue(store: s)
        try s.transaction { _ = try q.enqueue(key: .project(gcdm: "1"), payload: "<A>1</A>") }
        #expect(try s.transaction { try q.enqueue(key: .project(gcdm: "1"), payload: "<A>2</A>") } == 2)
        let rows = try s.pushRecords(target: .gov, key: .project(gcdm: "1"))
        #expect(rows.map { "\($0.version)/\($0.valid ? 1 : 0)/\($0.payload)" }
                == ["1/1/<A>1</A>", "1/0/<A>1</A>", "2/1/<A>2</A>"])
    }
}

@Suite struct OutboxTests {
    @Test func batchesAreGaplessAndFilesHoldAtMostTheLimitKeepingGroupsTogether() throws {
        let ws = TempWorkspace()
        let s = try store(ws)
        let q = PushQueue(store: s)
        try s.transaction {
            for i in 1...5 { _ = try q.enqueue(key: .project(gcdm: "\(i)"), payload: "<A>\(i)</A>") }
        }
        try OutboxPlanner(store: s, maxRecordsPerFile: 2).planGov(asOf: s.asOf)
        try s.transaction {
            // A correction group (invalidation + v2) must not be split across files.
            _ = try q.enqueue(key: .project(gcdm: "1"), payload: "<A>1b</A>")
            _ = try q.enqueue(key: .project(gcdm: "9"), payload: "<A>9</A>")
        }
        try OutboxPlanner(store: s, maxRecordsPerFile: 2).planGov(asOf: s.asOf)
        let files = try s.outboxFiles(target: .gov)
        #expect(files.map(\.batch) == [1, 2, 3, 4, 5])
        #expect(files.map(\.recordCount) == [2, 2, 1, 2, 1])
        let published = try OutboxPublisher(store: s, outboxRoot: ws.path("outbox")).publishPlanned()
        #expect(published.map(\.name) == (1...5).map { GovFile.name(asOf: s.asOf, batch: $0) })
        let fourth = try #require(ws.read("outbox/gov/SZWJ_20261121_000004.xml"))
        #expect(fourth.contains("bbh=\"1\" sjyxbs=\"0\" sjwxyy="))
        #expect(fourth.contains("bbh=\"2\" sjyxbs=\"1\""))
    }

    @Test func publicationCompletesAfterACrashBetweenRenameAndMarker() throws {
        let ws = TempWorkspace()
        let s = try store(ws)
        try s.transaction { _ = try PushQueue(store: s).enqueue(key: .project(gcdm: "1"), payload: "<A/>") }
        let name = try #require(try OutboxPlanner(store: s, maxRecordsPerFile: 10).planGov(asOf: s.asOf).first)
        // Simulate a run killed after the rename: data file present, no .sha256, no .ok, still PLANNED.
        let row = try #require(try s.plannedOutboxFileIDs().first.flatMap { try s.plannedOutboxFile(id: $0) })
        guard let stored = row.content else { Issue.record("no content"); return }
        let content = try OutboxPublisher.decoded(stored, row.contentEncoding, name: name)
        try DurableFile.makeDirectories(ws.path("outbox/gov"))
        try DurableFile.publish(content, directory: ws.path("outbox/gov"), name: name)
        FileManager.default.createFile(atPath: ws.path("outbox/gov/.\(name).tmp"), contents: Data("partial".utf8))
        let publisher = OutboxPublisher(store: s, outboxRoot: ws.path("outbox"))
        publisher.removeStaleTemporaries()
        #expect(try publisher.publishPlanned().count == 1)
        #expect(ws.read("outbox/gov/\(name).sha256") == "\(row.sha256)  \(name)\n")
        #expect(ws.exists("outbox/gov/\(name).ok"))
        #expect(!ws.exists("outbox/gov/.\(name).tmp"))
        #expect(try publisher.publishPlanned().isEmpty)
    }

    @Test func publisherRefusesToOverwriteForeignContent() throws {
        let ws = TempWorkspace()
        let s = try store(ws)
        try s.transaction { _ = try PushQueue(store: s).enqueue(key: .project(gcdm: "1"), payload: "<A/>") }
        let name = try #require(try OutboxPlanner(store: s, maxRecordsPerFile: 10).planGov(asOf: s.asOf).first)
        try DurableFile.makeDirectories(ws.path("outbox/gov"))
        FileManager.default.createFile(atPath: ws.path("outbox/gov/\(name)"), contents: Data("other".utf8))
        #expect(throws: OutboxError.self) { try OutboxPublisher(store: s, outboxRoot: ws.path("outbox")).publishPlanned() }
        #expect(ws.read("outbox/gov/\(name)") == "other")
    }

    @Test func aGovFileIsKeptCompressedUntilPublishedAndPublishedAsRendered() throws {
        let ws = TempWorkspace()
        let s = try store(ws)
        let q = PushQueue(store: s)
        try s.transaction {
            for i in 1...200 { _ = try q.enqueue(key: .project(gcdm: "G-\(i)"), payload: "<XMDM>G-\(i)</XMDM><XMMC>南昌市安置房建设项目\(i)</XMMC>") }
        }
        let name = try #require(try OutboxPlanner(store: s, maxRecordsPerFile: 500).planGov(asOf: s.asOf).first)
        let row = try #require(try s.plannedOutboxFileIDs().first.flatMap { try s.plannedOutboxFile(id: $0) })
        let stored = try #require(row.content)
        #expect(row.contentEncoding == .zlib)
        let content = try OutboxPublisher.decoded(stored, .zlib, name: name)
        #expect(stored.count * 4 < content.count, "stored \(stored.count) bytes for \(content.count)")
        #expect(SHA256.hex(content) == row.sha256, "the digest is of the file's bytes")
        #expect(try OutboxPublisher(store: s, outboxRoot: ws.path("outbox")).publishPlanned().count == 1)
        let published = try #require(FileManager.default.contents(atPath: ws.path("outbox/gov/\(name)")))
        #expect([UInt8](published) == content)
        #expect(ws.read("outbox/gov/\(name).sha256") == "\(row.sha256)  \(name)\n")
    }

    @Test func aFilePlannedRawBeforeTheMigrationIsPublishedAsItIs() throws {
        let ws = TempWorkspace()
        let s = try store(ws)
        let bytes = Array("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<SJBS/>\n".utf8)
        let name = GovFile.name(asOf: s.asOf, batch: 1)
        try s.transaction {
            _ = try s.insertPlannedOutboxFile(target: .gov, name: name, batch: 1, recordCount: 0, sha256: SHA256.hex(bytes),
                                              content: bytes, plannedAt: Timestamp.now())
        }
        s.contentPlannedHere.removeAll()   // as if an earlier run planned it: the digest is checked
        let row = try #require(try s.plannedOutboxFileIDs().first.flatMap { try s.plannedOutboxFile(id: $0) })
        #expect(row.contentEncoding == .raw)
        #expect(try OutboxPublisher(store: s, outboxRoot: ws.path("outbox")).publishPlanned().count == 1)
        #expect(FileManager.default.contents(atPath: ws.path("outbox/gov/\(name)")).map { [UInt8]($0) } == bytes)
    }

    @Test func aDecodedRowThatDoesNotInflateIsCorruptNotACrash() throws {
        for stored: [UInt8] in [[], [0x78, 0x9c], Array("not zlib at all".utf8), [0x78, 0x9c, 0xff, 0xff, 0xff, 0xff]] {
            #expect(throws: OutboxError.self) { try OutboxPublisher.decoded(stored, .zlib, name: "F.xml") }
        }
    }

    @Test func aWorkspaceFromBeforeMigration016PublishesItsPlannedFileAfterTheUpgrade() throws {
        let ws = TempWorkspace()
        let text = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<SJBS wjm=\"old\"/>\n"
        let name = "SZWJ_20261120_000001.xml"
        do {
            // The schema as it was: no content_encoding column, the migration not applied, a file PLANNED.
            let old = try store(ws)
            try old.db.execute("""
                ALTER TABLE outbox_file DROP COLUMN content_encoding;
                DELETE FROM schema_migrations WHERE id = '016-outbox-content-encoding';
                INSERT INTO outbox_file (target, name, batch, record_count, sha256, content, state, run_id, planned_at)
                VALUES ('gov', '\(name)', 1, 0, '\(SHA256.hex(Array(text.utf8)))', CAST('\(text)' AS BLOB), 'PLANNED', 'old', '2026-11-20T23:00:00+08:00');
                """)
        }
        let s = try store(ws)   // migrates
        let row = try #require(try s.plannedOutboxFileIDs().first.flatMap { try s.plannedOutboxFile(id: $0) })
        #expect(row.contentEncoding == .raw)
        #expect(try OutboxPublisher(store: s, outboxRoot: ws.path("outbox")).publishPlanned().map(\.name) == [name])
        #expect(ws.read("outbox/gov/\(name)") == text)
        #expect(ws.exists("outbox/gov/\(name).ok"))
    }
}
