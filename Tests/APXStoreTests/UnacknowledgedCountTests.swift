import APXCore
import APXDomain
import Foundation
import SQLiteDB
import Testing
@testable import APXStore

/// `unacknowledged(olderThan:limit:)` from the files' counts of records without a receipt
/// (`outbox_file.unreceipted`, migration 017) gives what the join over every pushed record gave
/// (the oracle below, the query it replaced), whatever was published and answered.
@Suite struct UnacknowledgedCountTests {
    /// The query `unacknowledged` ran before 017: count and sample over the pushed records.
    static func oracle(_ s: Store, olderThan days: Int, limit: Int) throws -> (count: Int, sample: [String]) {
        let cutoff = s.asOf.adding(days: -days).compact
        let count = try s.db.scalar("""
            SELECT count(*) FROM push_record r JOIN outbox_file f ON f.id = r.file_id
            WHERE f.target = 'gov' AND f.state = 'PUBLISHED' AND r.receipt_state IS NULL AND substr(f.name, 6, 8) < ?
            """, cutoff).int ?? 0
        let sample = try s.db.rows("""
            SELECT f.name, r.dfsjzj, r.version, substr(f.name, 6, 8) AS day FROM push_record r
            JOIN outbox_file f ON f.id = r.file_id
            WHERE f.target = 'gov' AND f.state = 'PUBLISHED' AND r.receipt_state IS NULL AND substr(f.name, 6, 8) < ?
            ORDER BY f.batch, r.position LIMIT ?
            """, cutoff, limit).map { "\($0[0].text) \($0[1].text) v\($0[2].text) \($0[3].text)" }
        return (count, sample)
    }

    static func answer(_ s: Store, olderThan days: Int, limit: Int) throws -> (count: Int, sample: [String]) {
        let u = try s.unacknowledged(olderThan: days, limit: limit)
        return (u.count, u.sample.map { "\($0.0) \($0.1) v\($0.2) \($0.3)" })
    }

    /// The store's answer equals the oracle's for every cutoff around the files' days and
    /// every kind of limit (none, a few, more than there are, all).
    static func expectSameAsTheJoin(_ s: Store, _ comment: String = "", sourceLocation: SourceLocation = #_sourceLocation) throws {
        for days in 0...9 {
            for limit in [0, 1, 2, 3, 5, 7, 200, -1] {
                let got = try answer(s, olderThan: days, limit: limit), want = try oracle(s, olderThan: days, limit: limit)
                #expect(got.count == want.count, "days \(days) limit \(limit) \(comment)", sourceLocation: sourceLocation)
                #expect(got.sample == want.sample, "days \(days) limit \(limit) \(comment)", sourceLocation: sourceLocation)
            }
        }
        try expectCountsTrue(s, sourceLocation: sourceLocation)
    }

    /// Every file's count is the number of its records without a receipt.
    static func expectCountsTrue(_ s: Store, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let rows = try s.db.rows("""
            SELECT f.name, f.unreceipted, (SELECT count(*) FROM push_record r WHERE r.file_id = f.id AND r.receipt_state IS NULL)
            FROM outbox_file f ORDER BY f.id
            """)
        for r in rows { #expect(r[1].int == r[2].int, "\(r[0].text): \(r[1].text) counted, \(r[2].text) without a receipt", sourceLocation: sourceLocation) }
    }

    /// A workspace's push files the way the night makes them, over a few days.
    final class Bed {
        let t: TempStore
        var s: Store { t.store }
        private var keys = 0
        private var batches: [PushTarget: Int] = [:]

        init() throws { t = try TempStore(asOf: "2026-11-21") }

        /// Queues `records` records of `target` and plans one file of them named for `day`
        /// (yyyyMMdd), published unless `publish` is false. The planner's order (records
        /// assigned under `nextOutboxFileID`, then the row) unless `rowFirst`.
        @discardableResult
        func file(day: String, records: Int, target: PushTarget = .gov, publish: Bool = true, rowFirst: Bool = false) throws -> String {
            let q = PushQueue(store: s)
            try s.transaction {
                for _ in 0..<records {
                    keys += 1
                    _ = try q.enqueue(target: target, key: .handling(sxbm: "JSYDGH", key: "SL-\(keys)"), payload: "<A>\(keys)</A>")
                }
            }
            let ids = try s.unplannedPushRecords(target: target, limit: 10_000).map(\.id)
            #expect(ids.count == records)
            let batch = (batches[target] ?? 0) + 1
            batches[target] = batch
            let prefix = target == .gov ? "SZWJ" : "XXXX"   // a non-gov file named like a gov one: the target excludes it
            let name = "\(prefix)_\(day)_\(String(format: "%06d", batch)).xml"
            try s.transaction {
                if rowFirst {
                    let id = try s.insertPlannedOutboxFile(target: target, name: name, batch: batch, recordCount: records,
                                                           sha256: "x", content: [1], plannedAt: "t")
                    for (i, r) in ids.enumerated() { try s.assignPushRecord(r, toFile: id, position: i + 1) }
                } else {
                    let id = try s.nextOutboxFileID()
                    try s.assignPushRecords(ids, toFile: id)
                    try s.insertPlannedOutboxFile(id: id, target: target, name: name, batch: batch, recordCount: records,
                                                  sha256: "x", content: [1], plannedAt: "t")
                }
            }
            if publish {
                let id = try #require(try s.outboxFiles(target: target).first { $0.name == name }?.id)
                try s.transaction { try s.markOutboxFilePublished(id: id, at: "t") }
            }
            return name
        }

        /// The file's records' keys, in file order.
        func keys(of file: String) throws -> [String] {
            try s.db.rows("""
                SELECT r.dfsjzj FROM push_record r JOIN outbox_file f ON f.id = r.file_id WHERE f.name = ? ORDER BY r.position
                """, file).map { $0[0].text }
        }

        /// A receipt for the record of `file` with key `dfsjzj`, as GovReceipts records it.
        func receipt(_ file: String, _ dfsjzj: String, _ state: ReceiptState, reason: String = "") throws {
            let record = try #require(try s.pushedRecord(fileName: file, dfsjzj: dfsjzj, version: 1))
            try s.transaction { try s.recordReceipt(pushID: record.id, state: state, reason: reason) }
        }
    }

    /// Files published on days around the cutoffs, some answered in part (accepted and
    /// rejected), one whole, one twice over, one planned only, one of another target.
    static func night() throws -> (Bed, [String]) {
        let bed = try Bed()
        let a = try bed.file(day: "20261114", records: 4)
        let b = try bed.file(day: "20261115", records: 3)
        let c = try bed.file(day: "20261115", records: 5, rowFirst: true)
        let d = try bed.file(day: "20261117", records: 2)
        let e = try bed.file(day: "20261118", records: 6)
        try bed.file(day: "20261113", records: 3, target: .archive)       // not gov
        try bed.file(day: "20261120", records: 1)
        try bed.file(day: "20261121", records: 2)
        try bed.file(day: "20261113", records: 2, publish: false)         // planned, not published
        try expectSameAsTheJoin(bed.s, "published, no receipt yet")
        return (bed, [a, b, c, d, e])
    }

    @Test func countAndSampleEqualTheJoinOnceFilesArePublishedWithoutReceipts() throws {
        let (bed, _) = try Self.night()
        #expect(try Self.answer(bed.s, olderThan: 3, limit: 200).count == 4 + 3 + 5 + 2)   // the files before the 18th
    }

    @Test func countAndSampleEqualTheJoinAfterAcceptedAndRejectedReceipts() throws {
        let (bed, files) = try Self.night()
        let a = try bed.keys(of: files[0]), c = try bed.keys(of: files[2]), d = try bed.keys(of: files[3])
        try bed.receipt(files[0], a[0], .accepted)
        try bed.receipt(files[0], a[2], .rejected, reason: "缺少字段")
        try Self.expectSameAsTheJoin(bed.s, "first file answered in part")
        for k in d { try bed.receipt(files[3], k, .accepted) }                      // a file answered whole
        try bed.receipt(files[2], c[4], .rejected, reason: "格式错误")               // the last record of a file
        try Self.expectSameAsTheJoin(bed.s, "one file whole, the last of another")
        for k in try bed.keys(of: files[1]) { try bed.receipt(files[1], k, .accepted) }
        try Self.expectSameAsTheJoin(bed.s, "two files whole")
        #expect(try Self.answer(bed.s, olderThan: 0, limit: 200).count == 2 + 4 + 6 + 1)   // before the 21st
    }

    @Test func aReceiptRecordedTwiceOrContradictedTakesTheRecordOffOnce() throws {
        let (bed, files) = try Self.night()
        let b = try bed.keys(of: files[1])
        try bed.receipt(files[1], b[1], .accepted)
        try bed.receipt(files[1], b[1], .accepted)                                  // the same answer again
        try Self.expectSameAsTheJoin(bed.s, "the same receipt twice")
        try bed.receipt(files[1], b[1], .rejected, reason: "重复")                  // a contradicting answer
        try bed.receipt(files[1], b[1], .rejected, reason: "又一次")
        try Self.expectSameAsTheJoin(bed.s, "contradicted")
        #expect(try Self.answer(bed.s, olderThan: 5, limit: 200).count == 4 + 3 - 1 + 5)
    }

    /// Nothing clears a receipt today; were one cleared, the record counts again.
    @Test func aReceiptClearedAgainCountsTheRecordAgain() throws {
        let (bed, files) = try Self.night()
        let e = try bed.keys(of: files[4])
        for k in e { try bed.receipt(files[4], k, .accepted) }
        try Self.expectSameAsTheJoin(bed.s, "answered")
        try bed.s.db.run("UPDATE push_record SET receipt_state = NULL, receipt_reason = NULL, receipt_at = NULL WHERE dfsjzj IN (?, ?)", e[1], e[4])
        try Self.expectSameAsTheJoin(bed.s, "two cleared")
    }

    /// A record's file is set once: one already in a file is not assigned again (the call
    /// fails, its transaction rolls back), so no file's count can miss it.
    @Test func aRecordAlreadyInAFileIsNotAssignedAgain() throws {
        let (bed, files) = try Self.night()
        let s = bed.s
        let inFile = try s.db.rows("SELECT r.id FROM push_record r JOIN outbox_file f ON f.id = r.file_id WHERE f.name = ? ORDER BY r.position",
                                   files[0]).map { $0[0].int ?? 0 }
        let target = try s.nextOutboxFileID()
        #expect(throws: StoreError.self) { try s.transaction { try s.assignPushRecords(inFile, toFile: target) } }
        #expect(throws: StoreError.self) { try s.transaction { try s.assignPushRecords([inFile[3], inFile[1]], toFile: target) } }
        #expect(throws: StoreError.self) { try s.transaction { try s.assignPushRecord(inFile[0], toFile: target, position: 1) } }
        #expect(try bed.keys(of: files[0]).count == 4)
        try Self.expectSameAsTheJoin(s, "after refused assignments")
    }

    /// A receipt answers a record of a file: one for a record in no file is refused.
    @Test func aReceiptForARecordInNoFileIsRefused() throws {
        let bed = try Bed()
        try bed.file(day: "20261115", records: 2)
        let q = PushQueue(store: bed.s)
        try bed.s.transaction { _ = try q.enqueue(key: .project(gcdm: "2021-360111-48-01-000001"), payload: "<A/>") }
        let waiting = try #require(try bed.s.unplannedPushRecords(target: .gov, limit: 10).first)
        #expect(throws: DatabaseError.self) { try bed.s.transaction { try bed.s.recordReceipt(pushID: waiting.id, state: .accepted, reason: "") } }
        try Self.expectSameAsTheJoin(bed.s)
    }

    /// The count reads the gov files alone, never a pushed record; the sample reads the
    /// records of one file by its index (walking only the files with records unanswered).
    @Test func theCountReadsNoPushRecordAndTheSampleOnlyAFilesRecords() throws {
        let (bed, _) = try Self.night()
        let count = try bed.s.db.rows("EXPLAIN QUERY PLAN \(UnreceiptedCounts.countSQL)", "20261120").map { $0.text("detail") }
        #expect(count.allSatisfy { !$0.contains("push_record") }, "\(count)")
        let files = try bed.s.db.rows("EXPLAIN QUERY PLAN \(UnreceiptedCounts.filesSQL)", "20261120", 200).map { $0.text("detail") }
        #expect(files.allSatisfy { !$0.contains("push_record") && !$0.contains("TEMP B-TREE") }, "\(files)")
        let records = try bed.s.db.rows("EXPLAIN QUERY PLAN \(UnreceiptedCounts.fileSampleSQL)", 1, 200).map { $0.text("detail") }
        #expect(records == ["SEARCH push_record USING INDEX push_record_in_file (file_id=?)"], "\(records)")
    }

    /// 017 counts each file's records without a receipt from the records themselves: a
    /// database from before it (no column, no triggers) with files published and answered.
    @Test func aDatabaseFromBefore017IsBackfilledFromItsRecords() throws {
        let (bed, files) = try Self.night()
        let a = try bed.keys(of: files[0])
        try bed.receipt(files[0], a[1], .rejected, reason: "缺少字段")
        for k in try bed.keys(of: files[3]) { try bed.receipt(files[3], k, .accepted) }
        let answers = try (0...9).map { try Self.oracle(bed.s, olderThan: $0, limit: -1) }
        try bed.s.db.execute("""
            DROP TRIGGER push_record_receipt_in_a_file;
            DROP TRIGGER push_record_receipt_counted;
            DROP TRIGGER push_record_deleted_counted;
            ALTER TABLE outbox_file DROP COLUMN unreceipted;
            DELETE FROM schema_migrations WHERE id = '017-outbox-file-unreceipted';
            """)
        // Answered while the schema was the old one: only the records know.
        let e = try bed.keys(of: files[4])
        try bed.s.db.run("UPDATE push_record SET receipt_state = 'ACCEPTED', receipt_reason = '', receipt_at = 't' WHERE dfsjzj IN (?, ?, ?)",
                         e[0], e[3], a[1])
        let reopened = try bed.t.reopened()
        #expect(try reopened.db.scalar("SELECT count(*) FROM schema_migrations WHERE id = '017-outbox-file-unreceipted'").int == 1)
        try Self.expectSameAsTheJoin(reopened, "migrated")
        #expect(try Self.answer(reopened, olderThan: 2, limit: -1).count == answers[2].count - 2)
        #expect(try reopened.db.scalar("SELECT unreceipted FROM outbox_file WHERE name = ?", files[3]).int == 0)
        #expect(try reopened.db.scalar("SELECT count(*) FROM sqlite_schema WHERE type = 'trigger' AND name LIKE 'push_record_%counted'").int == 2)
        // And kept from there on.
        try reopened.transaction {
            let record = try #require(try reopened.pushedRecord(fileName: files[4], dfsjzj: e[1], version: 1))
            try reopened.recordReceipt(pushID: record.id, state: .accepted, reason: "")
        }
        try Self.expectSameAsTheJoin(reopened, "answered after the migration")
    }
}
