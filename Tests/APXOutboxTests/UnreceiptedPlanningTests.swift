import APXCore
import APXDomain
import Foundation
import Testing
import TestSupport
@testable import APXOutbox
@testable import APXStore

/// The planner assigns a file's records before it writes the file's row (under
/// `nextOutboxFileID`): each gov file it plans still starts with all its records counted as
/// without a receipt (`outbox_file.unreceipted`, migration 017), and the unacknowledged count
/// and sample after publication are the join's.
@Suite struct UnreceiptedPlanningTests {
    @Test func plannedGovFilesCountEveryRecordAsWithoutAReceipt() throws {
        let ws = TempWorkspace()
        try FileManager.default.createDirectory(atPath: ws.path("db"), withIntermediateDirectories: true)
        let s = try Store(path: ws.path("db/approval.sqlite"), runID: "test", asOf: Day(iso: "2026-11-21")!)
        let q = PushQueue(store: s)
        try s.transaction {
            for i in 1...5 { _ = try q.enqueue(key: .project(gcdm: "\(i)"), payload: "<A>\(i)</A>") }
        }
        try OutboxPlanner(store: s, maxRecordsPerFile: 2).planGov(asOf: s.asOf)
        try s.transaction { _ = try q.enqueue(key: .project(gcdm: "1"), payload: "<A>1b</A>") }   // a group of two
        try OutboxPlanner(store: s, maxRecordsPerFile: 2).planGov(asOf: s.asOf)
        _ = try OutboxPublisher(store: s, outboxRoot: ws.path("outbox")).publishPlanned()

        let files = try s.outboxFiles(target: .gov)
        #expect(files.map(\.recordCount) == [2, 2, 1, 2])
        #expect(try s.db.rows("SELECT unreceipted FROM outbox_file WHERE target = 'gov' ORDER BY batch").map { $0[0].int ?? -1 } == [2, 2, 1, 2])

        func join() throws -> (Int, [String]) {
            let count = try s.db.scalar("""
                SELECT count(*) FROM push_record r JOIN outbox_file f ON f.id = r.file_id
                WHERE f.target = 'gov' AND f.state = 'PUBLISHED' AND r.receipt_state IS NULL AND substr(f.name, 6, 8) < '20261122'
                """).int ?? 0
            let sample = try s.db.rows("""
                SELECT f.name, r.dfsjzj, r.version FROM push_record r JOIN outbox_file f ON f.id = r.file_id
                WHERE f.target = 'gov' AND f.state = 'PUBLISHED' AND r.receipt_state IS NULL AND substr(f.name, 6, 8) < '20261122'
                ORDER BY f.batch, r.position LIMIT 3
                """).map { "\($0[0].text) \($0[1].text) v\($0[2].text)" }
            return (count, sample)
        }
        func store() throws -> (Int, [String]) {
            let u = try s.unacknowledged(olderThan: -1, limit: 3)   // the files of the as-of day are old enough
            return (u.count, u.sample.map { "\($0.0) \($0.1) v\($0.2)" })
        }
        #expect(try store().0 == 7)
        #expect(try store() == join())

        // The first file answered whole, one record of the last: the sample starts at the second file.
        for (file, key, version) in [(files[0].name, "XM:1", 1), (files[0].name, "XM:2", 1), (files[3].name, "XM:1", 2)] {
            let record = try #require(try s.pushedRecord(fileName: file, dfsjzj: key, version: version))
            try s.transaction { try s.recordReceipt(pushID: record.id, state: .accepted, reason: "") }
        }
        #expect(try s.db.rows("SELECT unreceipted FROM outbox_file WHERE target = 'gov' ORDER BY batch").map { $0[0].int ?? -1 } == [0, 2, 1, 1])
        #expect(try store().0 == 4)
        #expect(try store() == join())
    }
}
