import APXCore
import APXDomain
import Foundation
import SQLiteDB
import Testing
@testable import APXStore

private struct Boom: Error {}

/// `input_record` as the tests compare it: every column, in key order.
private func inputRows(_ s: Store) throws -> [String] {
    try s.db.rows("SELECT input_file_id, kind, key, record, xmdm, arrival, typeof(arrival) FROM input_record ORDER BY 1, 2, 3").map {
        $0.values.map { $0.string ?? "∅" }.joined(separator: "|")
    }
}

/// A file's notes as an ingest makes them: resent keys (the first note is kept), every
/// arrival form (coded words, `vN`, other text), several kinds and projects.
private func notes(_ s: Store, file: Int, count: Int) throws {
    let arrivals = ["inserted", "unchanged", "v2", "v17", "known", "created", "odd arrival", ""]
    for n in 0..<count {
        let kind: InputRecordKind = n % 3 == 0 ? .project : (n % 3 == 1 ? .request : .result)
        try s.noteInputRecord(fileID: file, record: n + 1, kind: kind, key: "K\(n / 6)",
                              xmdm: "2026-330100-48-01-\(String(format: "%06d", n % 13))", arrival: arrivals[n % arrivals.count])
    }
}

/// Input-record notes made in a transaction are held with the audit rows (`HeldRows`) and
/// written by one feed statement at its boundaries: the table ends exactly as with one
/// INSERT OR IGNORE per note, readers in the transaction see the notes, a rollback drops them.
@Suite struct HeldInputRecordTests {
    @Test func notesMadeInATransactionAreHeldThenWrittenAsOneInsertOrIgnoreEachWould() throws {
        let held = try TempStore(), direct = try TempStore()
        let (hf, df) = (try held.inputFile(), try direct.inputFile())
        #expect(hf == df)
        try direct.store.db.execute("PRAGMA synchronous = OFF")
        try notes(direct.store, file: df, count: 500)
        try held.store.transaction {
            try notes(held.store, file: hf, count: 500)
            #expect(try held.store.db.scalar("SELECT count(*) FROM input_record").int == 0)
        }
        let rows = try inputRows(held.store)
        #expect(rows == (try inputRows(direct.store)))
        // Each key's kind comes twice in six notes: the second note of each is ignored.
        #expect(rows.count == 251)
        #expect(try held.reopened().inputRecords(fileID: hf).map(\.arrival) == (try direct.store.inputRecords(fileID: df)).map(\.arrival))
    }

    @Test func moreNotesThanTheBoundAreWrittenOnTheWayWithTheFirstNoteOfAKeyKept() throws {
        let held = try TempStore(), direct = try TempStore()
        let (hf, df) = (try held.inputFile(), try direct.inputFile())
        try direct.store.db.execute("PRAGMA synchronous = OFF")
        let count = HeldRows.bound * 2 + 17
        try notes(direct.store, file: df, count: count)
        try held.store.transaction {
            try notes(held.store, file: hf, count: count)
            // Written when the bound was reached; the rest still held.
            let written = try held.store.db.scalar("SELECT count(*) FROM input_record").int ?? 0
            #expect(written > 0)
        }
        #expect(try inputRows(held.store) == (try inputRows(direct.store)))
    }

    @Test func aReaderInTheTransactionSeesTheHeldNotes() throws {
        let t = try TempStore()
        let file = try t.inputFile()
        let xmdm = "2026-330100-48-01-777777"
        try t.store.transaction {
            #expect(try !t.store.hasSeenProject(xmdm))
            try t.store.noteInputRecord(fileID: file, record: 1, kind: .result, key: "ZBTZS:1", xmdm: xmdm, arrival: "inserted")
            #expect(try t.store.hasSeenProject(xmdm))
            try t.store.noteInputRecord(fileID: file, record: 2, kind: .result, key: "ZBTZS:1", xmdm: xmdm, arrival: "v2")
            try t.store.noteInputRecord(fileID: file, record: 3, kind: .result, key: "ZBTZS:2", xmdm: xmdm, arrival: "v2")
            #expect(try t.store.inputRecords(fileID: file).map { "\($0.record) \($0.key) \($0.arrival)" }
                    == ["1 ZBTZS:1 inserted", "3 ZBTZS:2 v2"])
            try t.store.noteInputRecord(fileID: file, record: 4, kind: .project, key: xmdm, xmdm: xmdm, arrival: "created")
            #expect(try t.store.projectHistory(xmdm).filter { $0.type == "input" }.count == 1)
            #expect(try t.store.recordFates(fileID: file).count == 3)
        }
        #expect(try t.reopened().inputRecords(fileID: file).count == 3)
    }

    @Test func aSavepointRolledBackDropsItsNotesAndKeepsTheTransactionsEarlierOnes() throws {
        let t = try TempStore()
        let (first, second) = (try t.inputFile(), try t.inputFile())
        try t.store.transaction {
            try t.store.noteInputRecord(fileID: first, record: 1, kind: .request, key: "QQ1", xmdm: "X1", arrival: "inserted")
            #expect(throws: Boom.self) {
                try t.store.transaction {
                    try t.store.noteInputRecord(fileID: second, record: 1, kind: .request, key: "QQ2", xmdm: "X2", arrival: "inserted")
                    // A resend of the first file's key in the savepoint: dropped with it.
                    try t.store.noteInputRecord(fileID: first, record: 2, kind: .request, key: "QQ9", xmdm: "X1", arrival: "known")
                    throw Boom()
                }
            }
            try t.store.noteInputRecord(fileID: second, record: 1, kind: .request, key: "QQ3", xmdm: "X3", arrival: "known")
        }
        #expect(try inputRows(t.store) == ["\(first)|6|QQ1|1|X1|6|integer", "\(second)|6|QQ3|1|X3|7|integer"])
    }

    @Test func aTransactionRolledBackLeavesNoNote() throws {
        let t = try TempStore()
        let file = try t.inputFile()
        #expect(throws: Boom.self) {
            try t.store.transaction {
                try t.store.noteInputRecord(fileID: file, record: 1, kind: .result, key: "A:1", xmdm: "X", arrival: "inserted")
                throw Boom()
            }
        }
        #expect(try inputRows(t.store).isEmpty)
        // Outside a transaction a note is written at once.
        try t.store.noteInputRecord(fileID: file, record: 1, kind: .result, key: "A:1", xmdm: "X", arrival: "v3")
        #expect(try inputRows(t.store) == ["\(file)|7|A:1|1|X|-3|integer"])
    }
}
