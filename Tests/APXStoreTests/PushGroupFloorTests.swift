import APXCore
import APXDomain
import Testing
@testable import APXStore

/// `plannedGroupFloor` is the group of the last record of the target's latest file; records
/// above it that are not in a file are the unplanned ones (`unplannedPushRecords`,
/// `hasUnplannedPushRecords`), read through `push_record_group_order`.
@Suite struct PushGroupFloorTests {
    @Test func theFloorIsTheLastPlannedGroupAndRecordsAboveItAreUnplanned() throws {
        let t = try TempStore()
        let s = t.store
        let q = PushQueue(store: s)
        try s.transaction {
            for i in 0..<4 { _ = try q.enqueue(key: .project(gcdm: "G\(i)"), payload: "<XMDM>G\(i)</XMDM>") }
        }
        #expect(try s.plannedGroupFloor(target: .gov) == PushGroupOrder.noFloor)
        #expect(try s.hasUnplannedPushRecords(target: .gov))
        let all = try s.unplannedPushRecords(target: .gov, limit: 10)
        #expect(all.map(\.group) == [1, 2, 3, 4])
        try s.transaction {
            let id = try s.insertPlannedOutboxFile(target: .gov, name: "SZWJ_20261121_000001.xml", batch: 1, recordCount: 2,
                                                   sha256: SHA256.hex([1]), content: [1], plannedAt: "t")
            try s.assignPushRecords(all.prefix(2).map(\.id), toFile: id)
        }
        #expect(try s.plannedGroupFloor(target: .gov) == 2)
        #expect(try s.unplannedPushRecords(target: .gov, limit: 10).map(\.group) == [3, 4])
        #expect(try s.unplannedPushRecords(target: .gov, above: 3, limit: 10).map(\.group) == [4])
        #expect(try s.plannedGroupFloor(target: .notices) == PushGroupOrder.noFloor)
        try s.transaction {
            let id = try s.insertPlannedOutboxFile(target: .gov, name: "SZWJ_20261121_000002.xml", batch: 2, recordCount: 2,
                                                   sha256: SHA256.hex([2]), content: [2], plannedAt: "t")
            try s.assignPushRecords(all.suffix(2).map(\.id), toFile: id)
        }
        #expect(try s.plannedGroupFloor(target: .gov) == 4)
        #expect(try !s.hasUnplannedPushRecords(target: .gov))
        #expect(try s.unplannedPushRecords(target: .gov, limit: 10).isEmpty)
    }

    /// A payload read back through the cursor and decoded from its stored bytes is the text
    /// that was queued, repeats and escapes included.
    @Test func payloadsReadFromStoredBytesDecodeToWhatWasQueued() throws {
        let t = try TempStore()
        let q = PushQueue(store: t.store)
        let payloads = ["<XMDM>2026-330100-48-01-000001</XMDM><GCDM>2026-330100-48-01-000001</GCDM>",
                        "<XMDM>A\u{1}\u{3}B</XMDM><GCDM>A\u{1}\u{3}B</GCDM><XMMC>项目</XMMC>",
                        "<DW><DWMC>单位</DWMC><TYSHXYDM>91330100</TYSHXYDM></DW><SPSXBM>91330100</SPSXBM>", "plain"]
        try t.store.transaction {
            for (i, p) in payloads.enumerated() { _ = try q.enqueue(key: .project(gcdm: "P\(i)"), payload: p) }
        }
        let records = try t.store.unplannedPushRecords(target: .gov, limit: 10)
        #expect(records.map(\.payload) == payloads)
        for (r, p) in zip(records, payloads) {
            var out: [UInt8] = [0x41]
            r.appendPayload(to: &out)
            #expect(out == [0x41] + Array(p.utf8))
            #expect(PushPayloadCodec.decode(PushPayloadCodec.encode(p)) == p)
        }
    }
}
