import APXCore
import APXDomain
import Foundation
import Testing
import TestSupport
@testable import APXStore

private func store(_ ws: TempWorkspace) throws -> Store {
    try FileManager.default.createDirectory(atPath: ws.path("db"), withIntermediateDirectories: true)
    return try Store(path: ws.path("db/approval.sqlite"), runID: "test", asOf: Day(iso: "2026-11-21")!)
}

private func versions(_ s: Store, _ key: PushKey) throws -> [String] {
    try s.pushRecords(target: .gov, key: key).map { "v\($0.version)/\($0.valid ? 1 : 0)/\($0.payload)/g\($0.group)" }
}

/// The push queue's versions (spec 04) on a real database.
@Suite struct PushQueueVersionTests {
    let key = PushKey.handling(sxbm: "JSYDGH", key: "SL-1")

    @Test func unchangedPayloadIsNotQueuedAgain() throws {
        let ws = TempWorkspace()
        let s = try store(ws)
        let q = PushQueue(store: s)
        #expect(try s.transaction { try q.enqueue(key: key, payload: "<A/>") } == 1)
        #expect(try s.transaction { try q.enqueue(key: key, payload: "<A/>") } == 0)
        #expect(try versions(s, key) == ["v1/1/<A/>/g1"])
        let record = try #require(try s.pushRecords(target: .gov, key: key).first)
        #expect(record.kind == .handling && record.key == key)
    }

    @Test func changedPayloadQueuesInvalidationAndNextVersionAsOneGroup() throws {
        let ws = TempWorkspace()
        let s = try store(ws)
        let q = PushQueue(store: s)
        try s.transaction { _ = try q.enqueue(key: key, payload: "<A>1</A>") }
        #expect(try s.transaction { try q.enqueue(key: key, payload: "<A>2</A>", changeReason: "成果新版本") } == 2)
        #expect(try versions(s, key) == ["v1/1/<A>1</A>/g1", "v1/0/<A>1</A>/g2", "v2/1/<A>2</A>/g2"])
        let invalidation = try s.pushRecords(target: .gov, key: key)[1]
        #expect(invalidation.invalidReason == "成果新版本")
        #expect(try q.latest(target: .gov, key: key).map { "\($0.version) \($0.valid) \($0.payload)" } == "2 true <A>2</A>")
    }

    @Test func invalidateAloneQueuesOnlyTheInvalidationOnce() throws {
        let ws = TempWorkspace()
        let s = try store(ws)
        let q = PushQueue(store: s)
        #expect(try s.transaction { try q.invalidate(key: key, reason: "gone") } == false)   // nothing to invalidate
        try s.transaction { _ = try q.enqueue(key: key, payload: "<A/>") }
        #expect(try s.transaction { try q.invalidate(key: key, reason: "成果已删除（回收站）") })
        #expect(try s.transaction { try q.invalidate(key: key, reason: "again") } == false)
        #expect(try versions(s, key) == ["v1/1/<A/>/g1", "v1/0/<A/>/g2"])
        // Queued again after the invalidation: the next version, no second invalidation.
        #expect(try s.transaction { try q.enqueue(key: key, payload: "<A/>") } == 1)
        #expect(try versions(s, key).last == "v2/1/<A/>/g3")
    }

    @Test func forceResendsAnUnchangedPayloadAsTheNextVersion() throws {
        let ws = TempWorkspace()
        let s = try store(ws)
        let q = PushQueue(store: s)
        try s.transaction { _ = try q.enqueue(key: key, payload: "<A/>") }
        #expect(try s.transaction { try q.enqueue(key: key, payload: "<A/>", changeReason: "更正", force: true) } == 2)
        #expect(try versions(s, key) == ["v1/1/<A/>/g1", "v1/0/<A/>/g2", "v2/1/<A/>/g2"])
    }

    @Test func keysAreIndependent() throws {
        let ws = TempWorkspace()
        let s = try store(ws)
        let q = PushQueue(store: s)
        let document = PushKey.document(sxbm: "JSYDGH", number: "SL-1")
        try s.transaction {
            _ = try q.enqueue(key: key, payload: "<A/>")
            _ = try q.enqueue(key: document, payload: "<A/>")
        }
        #expect(try versions(s, key) == ["v1/1/<A/>/g1"])
        #expect(try versions(s, document) == ["v1/1/<A/>/g2"])
        #expect(try s.pushRecords(target: .gov, key: document).first?.kind == .document)
    }
}

/// Outbox-file rows: planned with their bytes in one transaction, published once.
@Suite struct OutboxFileRowTests {
    @Test func unplannedRecordsAreReadGroupByGroupAndAssignedToAFile() throws {
        let ws = TempWorkspace()
        let s = try store(ws)
        let q = PushQueue(store: s)
        let a = PushKey.project(gcdm: "A"), b = PushKey.project(gcdm: "B")
        try s.transaction {
            _ = try q.enqueue(key: a, payload: "<A>1</A>")
            _ = try q.enqueue(key: b, payload: "<B/>")
            _ = try q.enqueue(key: a, payload: "<A>2</A>")
        }
        let all = try s.unplannedPushRecords(target: .gov, limit: 10)
        #expect(all.map { "\($0.key) v\($0.version)/\($0.valid ? 1 : 0) g\($0.group)" }
                == ["XM:A v1/1 g1", "XM:B v1/1 g2", "XM:A v1/0 g3", "XM:A v2/1 g3"])
        #expect(try s.unplannedPushRecords(target: .gov, group: 3).map(\.version) == [1, 2])
        #expect(try s.unplannedPushRecords(target: .gov, limit: 2).count == 2)

        try s.transaction {
            let id = try s.insertPlannedOutboxFile(target: .gov, name: "SZWJ_20261121_000001.xml", batch: 1, recordCount: 2,
                                                   sha256: SHA256.hex([1, 2, 3]), content: [1, 2, 3], plannedAt: "t")
            for (i, r) in all.prefix(2).enumerated() { try s.assignPushRecord(r.id, toFile: id, position: i + 1) }
        }
        #expect(try s.unplannedPushRecords(target: .gov, limit: 10).map(\.group) == [3, 3])
    }

    @Test func plannedFileKeepsItsBytesUntilPublished() throws {
        let ws = TempWorkspace()
        let s = try store(ws)
        let content: [UInt8] = Array("<SJBS/>".utf8)
        let id = try s.transaction {
            try s.insertPlannedOutboxFile(target: .gov, name: "SZWJ_20261121_000001.xml", batch: 1, recordCount: 3,
                                          sha256: SHA256.hex(content), content: content, plannedAt: "2026-11-21T01:00:00")
        }
        #expect(try s.outboxFileExists(name: "SZWJ_20261121_000001.xml"))
        #expect(try !s.outboxFileExists(name: "SZWJ_20261121_000002.xml"))
        #expect(try s.plannedOutboxFileIDs() == [id])
        let planned = try #require(try s.plannedOutboxFile(id: id))
        #expect(planned.target == .gov && planned.name == "SZWJ_20261121_000001.xml" && planned.recordCount == 3)
        #expect(planned.content == content && planned.sha256 == SHA256.hex(content))
        #expect(try s.outboxFiles().map(\.state) == [.planned])

        try s.transaction { try s.markOutboxFilePublished(id: id, at: "2026-11-21T01:00:01") }
        #expect(try s.plannedOutboxFileIDs().isEmpty)
        let row = try #require(try s.outboxFiles(target: .gov).first)
        #expect(row.state == .published && row.batch == 1 && row.sha256 == SHA256.hex(content))
        #expect(try s.plannedOutboxFile(id: id)?.content == nil)   // the bytes live in the outbox now
        #expect(try s.outboxFileExists(name: "SZWJ_20261121_000001.xml"))
        #expect(try s.outboxFiles(target: .archive).isEmpty)
    }

    @Test func noticesAreReadWithTheirFileColumnsAndAssignedOnce() throws {
        let ws = TempWorkspace()
        let s = try store(ws)
        var notice = Notice(lx: .endRejected, text: "退回")
        notice.xmdm = "2021-360111-48-01-000001"
        notice.unitName = "南昌建投"
        #expect(try s.transaction { try s.notify(notice, subject: "JSBH:Q1") })
        let unplanned = try s.unplannedNotices()
        #expect(unplanned.count == 1)
        let cells = try #require(unplanned.first?.cells)
        #expect(cells.count == 9 && cells[0].hasPrefix("TZ20261121") && cells[1] == "JSBH" && cells[2] == notice.xmdm)
        #expect(cells[5] == "南昌建投" && cells[7] == "退回")
        try s.transaction {
            let id = try s.insertPlannedOutboxFile(target: .notices, name: "TZ_20261121_000001.csv", batch: 1, recordCount: 1,
                                                   sha256: SHA256.hex([]), content: [], plannedAt: "t")
            try s.assignNotice(unplanned[0].id, toFile: id, position: 1)
        }
        #expect(try s.unplannedNotices().isEmpty)
    }
}

/// Typed rows for what the report and `apx report` read; failures classified for exit codes.
@Suite struct StoreRowTests {
    @Test func runRowIsTyped() throws {
        let ws = TempWorkspace()
        let s = try store(ws)
        #expect(try s.runRow(id: nil) == nil)
        try s.recordRunStart(command: "run")
        #expect(try s.runRow(id: "test").map { "\($0.id) \($0.asOf) \($0.command) \($0.finishedAt == nil)" } == "test 2026-11-21 run true")
        #expect(try s.runRow(id: nil) == nil)   // not finished yet
        try s.recordRunEnd(exitCode: 65, summary: "{}")
        let last = try #require(try s.runRow(id: nil))
        #expect(last.exitCode == 65 && last.summary == "{}" && last.finishedAt != nil)
        #expect(try s.lastCompletedRun().map { "\($0.id) \($0.asOf.iso)" } == "test 2026-11-21")
    }

    @Test func storeFailureClassifiesOnlyDatabaseErrors() throws {
        struct Other: Error {}
        #expect(StoreFailure.classify(Other()) == nil)
        let ws = TempWorkspace()
        let s = try store(ws)
        // A column the result set lacks is a database failure naming the column and the SQL.
        let error = try #require(throws: (any Error).self) { _ = try s.db.row("SELECT 1 AS one")?.column("two") }
        guard case .failed(let description)? = StoreFailure.classify(error) else {
            Issue.record("expected failed, got \(String(describing: StoreFailure.classify(error)))"); return
        }
        #expect(description.contains("two") && description.contains("SELECT 1 AS one"))
        // Opening a database in a folder that does not exist cannot create it.
        let missing = ws.path("no/such/folder/approval.sqlite")
        let openError = try #require(throws: (any Error).self) { _ = try Store(path: missing, runID: "r", asOf: Day(iso: "2026-11-21")!) }
        guard case .cannotOpen(let path, _)? = StoreFailure.classify(openError) else {
            Issue.record("expected cannotOpen, got \(String(describing: StoreFailure.classify(openError)))"); return
        }
        #expect(path == missing)
    }
}
