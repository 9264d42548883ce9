import APXCore
import APXDomain
import Testing
@testable import APXStore

/// `pushedRecord(fileName:dfsjzj:version:)`, the record a receipt line answers: found by its
/// key in the unique (target, dfsjzj, version, valid) index, not among its file's records, and
/// only in the file the line names.
@Suite struct ReceiptLookupTests {
    typealias Bed = UnacknowledgedCountTests.Bed

    @Test func theRecordIsFoundByItsKeyNotByWalkingItsFile() throws {
        let bed = try Bed()
        try bed.file(day: "20261120", records: 3)
        let plan = try bed.s.db.rows("EXPLAIN QUERY PLAN \(Store.pushedRecordSQL)", "SZWJ_20261120_000001.xml", "BL:X", 1)
            .map { $0.text("detail") }
        #expect(plan.contains { $0.contains("push_record") && $0.contains("(target=? AND dfsjzj=? AND version=?)") }, "\(plan)")
        #expect(!plan.contains { $0.contains("push_record_in_file") || $0.contains("TEMP B-TREE") }, "\(plan)")
    }

    /// A key sent in two files (v1, then its invalidation and v2 in a correction): each file
    /// answers for its own records only; a version or file it does not hold finds nothing.
    @Test func eachFileAnswersForItsOwnRecordsOnly() throws {
        let bed = try Bed()
        let key = PushKey.handling(sxbm: "JSYDGH", key: "SL-X")
        let first = try plan(bed, key: key, payload: "<A>1</A>", batch: 1)
        let second = try plan(bed, key: key, payload: "<A>2</A>", batch: 2)
        let inFirst = try #require(try bed.s.pushedRecord(fileName: first, dfsjzj: key.dfsjzj, version: 1))
        #expect(inFirst.valid && inFirst.version == 1)
        let invalidation = try #require(try bed.s.pushedRecord(fileName: second, dfsjzj: key.dfsjzj, version: 1))
        #expect(!invalidation.valid && invalidation.id != inFirst.id)
        #expect(try bed.s.pushedRecord(fileName: second, dfsjzj: key.dfsjzj, version: 2)?.valid == true)
        #expect(try bed.s.pushedRecord(fileName: first, dfsjzj: key.dfsjzj, version: 2) == nil)
        #expect(try bed.s.pushedRecord(fileName: "SZWJ_20261121_000009.xml", dfsjzj: key.dfsjzj, version: 1) == nil)
        #expect(try bed.s.pushedRecord(fileName: first, dfsjzj: "BL:JSYDGH:SL-Y", version: 1) == nil)
    }

    /// Queues `payload` for `key` and plans the records queued into gov file `batch`.
    func plan(_ bed: Bed, key: PushKey, payload: String, batch: Int) throws -> String {
        try bed.s.transaction { _ = try PushQueue(store: bed.s).enqueue(key: key, payload: payload) }
        let ids = try bed.s.unplannedPushRecords(target: .gov, limit: 100).map(\.id)
        let name = "SZWJ_20261121_\(String(format: "%06d", batch)).xml"
        try bed.s.transaction {
            let id = try bed.s.nextOutboxFileID()
            try bed.s.assignPushRecords(ids, toFile: id)
            try bed.s.insertPlannedOutboxFile(id: id, target: .gov, name: name, batch: batch, recordCount: ids.count,
                                              sha256: "x", content: [1], plannedAt: "t")
        }
        return name
    }
}
