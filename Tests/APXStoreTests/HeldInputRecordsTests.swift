import APXCore
import APXDomain
import Foundation
import Testing
@testable import APXStore

private struct Boom: Error {}

/// `Store.holdingInputRecords`: a file's notes written a batch per statement, in the order
/// they were made — the first note of a key kept across a batch's edge as one at a time —
/// and none of them when the ingest throws and its transaction rolls back.
@Suite struct HeldInputRecordsTests {
    static let xmdm = ProjectAndRequestRepositoryTests.xmdm
    static let batch = Store.heldNotesPerStatement

    /// Notes `count` records; record `repeatAt` repeats record 1's key (another arrival).
    func note(_ s: Store, file: Int, count: Int, repeatAt: Int? = nil) throws {
        for n in 1...count {
            let key = n == repeatAt ? "ZBTZS:ZB-1" : "ZBTZS:ZB-\(n)"
            try s.noteInputRecord(fileID: file, record: n, kind: .result, key: key, xmdm: Self.xmdm,
                                  arrival: n == repeatAt ? "unchanged" : "inserted")
        }
    }

    @Test func notesAcrossSeveralBatchesAreAllWrittenAndTheFirstNoteOfAKeyIsKeptAcrossABatchEdge() throws {
        let t = try TempStore()
        let file = try t.inputFile()
        let count = 2 * Self.batch + 7
        try t.store.transaction {
            try t.store.holdingInputRecords {
                // Past the first batch: the repeat is written by a later statement than the first note.
                try note(t.store, file: file, count: count, repeatAt: Self.batch + 3)
                #expect(try t.store.db.scalar("SELECT count(*) FROM input_record").int == 2 * Self.batch - 1, "full batches written as they fill (the repeat ignored)")
            }
            #expect(try t.store.db.scalar("SELECT count(*) FROM input_record").int == count - 1, "the rest at the end")
        }
        let back = try t.reopened().inputRecords(fileID: file)
        #expect(back.count == count - 1)
        #expect(back.first { $0.key == "ZBTZS:ZB-1" }.map { "\($0.record) \($0.arrival)" } == "1 inserted", "the first arrival's note")
        #expect(back.map(\.record) == Array(1...count).filter { $0 != Self.batch + 3 }, "in record order")
    }

    @Test func aThrowingIngestLeavesNoNoteOnceItsTransactionRollsBackAndTheNextFileNotesAtOnce() throws {
        let t = try TempStore()
        let file = try t.inputFile()
        #expect(throws: Boom.self) {
            try t.store.transaction {
                try t.store.holdingInputRecords {
                    try note(t.store, file: file, count: Self.batch + 10)
                    throw Boom()
                }
            }
        }
        #expect(try t.store.db.scalar("SELECT count(*) FROM input_record").int == 0)
        #expect(t.store.heldNotes == nil, "nothing held after it")
        // Outside `holdingInputRecords` a note is written at once again.
        try t.store.transaction {
            try note(t.store, file: file, count: 3)
            #expect(try t.store.db.scalar("SELECT count(*) FROM input_record").int == 3)
        }
    }

    @Test func outsideATransactionAndNestedTheBodyRunsAsItIs() throws {
        let t = try TempStore()
        let file = try t.inputFile()
        try t.store.holdingInputRecords {
            #expect(t.store.heldNotes == nil, "no transaction: written at once")
            try note(t.store, file: file, count: 2)
        }
        #expect(try t.store.db.scalar("SELECT count(*) FROM input_record").int == 2)
        try t.store.transaction {
            try t.store.holdingInputRecords {
                try t.store.holdingInputRecords { try note(t.store, file: file, count: 5) }
                #expect(try t.store.db.scalar("SELECT count(*) FROM input_record").int == 2, "the inner call held them in the outer one's batch")
            }
        }
        #expect(try t.store.db.scalar("SELECT count(*) FROM input_record").int == 5)
    }
}
