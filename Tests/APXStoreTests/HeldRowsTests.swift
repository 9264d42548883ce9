import APXCore
import Foundation
import Testing
@testable import APXStore

/// Audit rows and input-record notes held in the transaction and inserted many to a
/// statement land as one INSERT each would have written them: same ids in the same order,
/// the first note of a key kept, readable inside the transaction, gone with a rollback.
@Suite struct HeldRowsTests {
    struct Boom: Error {}

    func audit(_ s: Store) throws -> [String] {
        try s.db.rows("SELECT id, entity_id, action FROM audit WHERE entity = 'project' ORDER BY id")
            .map { "\($0.text("entity_id")) \($0.text("action"))" }
    }

    @Test func rowsAcrossSeveralStatementsKeepTheirOrderAndAreReadableInsideTheTransaction() throws {
        let t = try TempStore()
        let file = try t.inputFile()
        let n = 64 * 3 + 5
        try t.store.transaction {
            for i in 1...n {
                try t.store.audit(.project, "P\(i)", "created")
                try t.store.noteInputRecord(fileID: file, record: i, kind: .project, key: "P\(i)", xmdm: "P\(i)", arrival: "created")
                // A repeat of a key in the same file keeps the first note.
                try t.store.noteInputRecord(fileID: file, record: i + 1000, kind: .project, key: "P\(i)", xmdm: "P\(i)", arrival: "v2")
            }
            #expect(try t.store.inputRecords(fileID: file).count == n)
            #expect(try audit(t.store).count == n)
        }
        let s = try t.reopened()
        #expect(try audit(s) == (1...n).map { "P\($0) created" })
        let ids = try s.db.rows("SELECT id FROM audit WHERE entity = 'project' ORDER BY id").map { $0.int("id") ?? 0 }
        #expect(ids == Array(ids[0]..<(ids[0] + n)), "consecutive ids")
        let notes = try s.inputRecords(fileID: file)
        #expect(notes.map(\.record) == Array(1...n) && notes.allSatisfy { $0.arrival == "created" })
    }

    @Test func aRolledBackSavepointDropsOnlyItsOwnRows() throws {
        let t = try TempStore()
        let file = try t.inputFile()
        try t.store.transaction {
            try t.store.audit(.project, "A", "created")
            try? t.store.transaction {
                for i in 1...70 { try t.store.audit(.project, "B\(i)", "created") }
                try t.store.noteInputRecord(fileID: file, record: 1, kind: .project, key: "B", xmdm: "B", arrival: "created")
                throw Boom()
            }
            try t.store.audit(.project, "C", "created")
        }
        let s = try t.reopened()
        #expect(try audit(s) == ["A created", "C created"])
        #expect(try s.inputRecords(fileID: file).isEmpty)
    }

    @Test func theIngestMarkCountsTheRowsHeldBeforeIt() throws {
        let t = try TempStore()
        let file = try t.inputFile()
        try t.store.transaction {
            for i in 1...10 { try t.store.audit(.project, "P\(i)", "created") }
            try t.store.markIngestStart(fileID: file)
        }
        let s = try t.reopened()
        let last = try s.db.scalar("SELECT max(id) FROM audit").int
        #expect(try s.db.scalar("SELECT audit_id FROM input_mark WHERE input_file_id = ?", file).int == last)
    }
}
