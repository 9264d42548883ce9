import APXCore
import APXDomain
import Foundation
import Testing
@testable import APXStore

/// `assignPushRecords` puts records in a file at positions 1, 2, … in the order given —
/// by an id range when the ids are consecutive and ascending, by the list otherwise; both
/// leave the same rows.
@Suite struct PushAssignmentTests {
    private func queued(_ n: Int) throws -> (TempStore, [Int]) {
        let t = try TempStore()
        let q = PushQueue(store: t.store)
        try t.store.transaction {
            for i in 0..<n { _ = try q.enqueue(key: .handling(sxbm: "JSYDGH", key: "SL-\(i)"), payload: "<A>\(i)</A>") }
        }
        let ids = try t.store.unplannedPushRecords(target: .gov, limit: 100).map(\.id)
        return (t, ids)
    }

    private func placed(_ s: Store) throws -> [String] {
        try s.db.rows("SELECT id, file_id, position FROM push_record ORDER BY id").map {
            "\($0[0].text):\($0[1].text):\($0[2].text)"
        }
    }

    @Test func consecutiveIdsTakeTheirPositionsInOrder() throws {
        let (t, ids) = try queued(6)
        #expect(ids == Array(ids[0]...ids[0] + 5))
        try t.store.transaction {
            try t.store.assignPushRecords(Array(ids[0..<4]), toFile: 7)
            try t.store.assignPushRecords(Array(ids[4...]), toFile: 8)
        }
        #expect(try placed(t.store) == zip(ids, ["7:1", "7:2", "7:3", "7:4", "8:1", "8:2"]).map { "\($0):\($1)" })
        #expect(try t.store.unplannedPushRecords(target: .gov, limit: 100).isEmpty)
    }

    /// A gap, a descent or a repeat takes the list path: positions follow the list's order.
    @Test func idsOutOfSequenceFollowTheListOrder() throws {
        let (t, ids) = try queued(6)
        try t.store.transaction {
            try t.store.assignPushRecords([ids[0], ids[2], ids[3]], toFile: 1)      // a gap
            try t.store.assignPushRecords([ids[5], ids[4]], toFile: 2)              // descending
        }
        #expect(try placed(t.store) == ["\(ids[0]):1:1", "\(ids[1])::", "\(ids[2]):1:2", "\(ids[3]):1:3",
                                         "\(ids[4]):2:2", "\(ids[5]):2:1"])
        // One id alone is a range of one.
        try t.store.transaction { try t.store.assignPushRecords([ids[1]], toFile: 3) }
        #expect(try placed(t.store)[1] == "\(ids[1]):3:1")
    }
}
