import APXCore
import APXDomain
import Foundation
import Testing
@testable import APXStore

private struct Boom: Error {}

/// `Store.holdingInputRecords`: a file's notes written a batch per statement, in the order
/// they were made — a record noted again keeps its first note across a batch's edge, as one at
/// a time, and a record repeating another's key has its own — and none of them when the ingest
/// throws and its transaction rolls back.
@Suite struct HeldInputRecordsTests {
    static let xmdm = ProjectAndRequestRepositoryTests.xmdm
    static let batch = Store.heldNotesPerStatement

    /// Notes records 1…`count`; record `repeatAt` repeats record 1's key (another arrival).
    func note(_ s: Store, file: Int, count: Int, repeatAt: Int? = nil) throws {
        for n in 1...count {
            let key = n == repeatAt ? "ZBTZS:ZB-1" : "ZBTZS:ZB-\(n)"
            try s.noteInputRecord(fileID: file, record: n, kind: .result, key: key, xmdm: Self.xmdm,
                                  arrival: n == repeatAt ? "unchanged" : "inserted")
        }
    }

    @Test func notesAcrossSeveralBatchesAreAllWrittenARepeatedKeyKeptAndARecordNotedAgainKeepsItsFirstNote() throws {
        let t = try TempStore()
        let file = try t.inputFile()
        let count = 2 * Self.batch + 7
        try t.store.transaction {
            try t.store.holdingInputRecords {
                // Past the first batch: record 1 noted again is written by a later statement than its first note.
                try note(t.store, file: file, count: Self.batch + 5, repeatAt: Self.batch + 3)
                try t.store.noteInputRecord(fileID: file, record: 1, kind: .result, key: "ZBTZS:ZB-1", xmdm: Self.xmdm, arrival: "v2")
                for n in (Self.batch + 6)...count {
                    try t.store.noteInputRecord(fileID: file, record: n, kind: .result, key: "ZBTZS:ZB-\(n)", xmdm: Self.xmdm, arrival: "inserted")
                }
                #expect(try t.store.db.scalar("SELECT count(*) FROM input_record").int == 2 * Self.batch - 1, "full batches written as they fill (the note again ignored)")
            }
            #expect(try t.store.db.scalar("SELECT count(*) FROM input_record").int == count, "the rest at the end")
        }
        let back = try t.reopened().inputRecords(fileID: file)
        #expect(back.count == count)
        #expect(back.filter { $0.key == "ZBTZS:ZB-1" }.map { "\($0.record) \($0.arrival)" } == ["1 inserted", "\(Self.batch + 3) unchanged"],
                "record 1's first note, and the record that repeats its key")
        #expect(back.map(\.record) == Array(1...count), "in record order")
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
