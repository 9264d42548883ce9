import APXCore
import APXDomain
import Foundation
import Testing
@testable import APXStore

private struct Boom: Error {}

/// `HistoryIndexes`: the audit rows and input records a history looks up are in its tables
/// only after `indexHistory` (a run's last step), and a history reads the same before and
/// after it — whatever a killed run, a rolled-back transaction or a file read again left.
@Suite struct HistoryIndexesTests {
    static let xmdm = ProjectAndRequestRepositoryTests.xmdm

    /// A project's story as compared here: every event but its time.
    static func story(_ s: Store, _ xmdm: String = xmdm) throws -> [String] {
        try s.projectHistory(xmdm).map { e in
            "\(e.type) \(e.action) " + e.fields.map { "\($0.0)=\($0.1.serialized())" }.joined(separator: " ")
        }
    }

    static func unindexed(_ s: Store) throws -> (audit: Int, files: Int) {
        (try s.db.scalar("SELECT count(*) FROM audit WHERE id > (SELECT audit_id FROM history_indexed)").int ?? -1,
         try s.db.scalar("SELECT count(*) FROM input_file_unindexed").int ?? -1)
    }

    /// A project with a request, a state change, and a file's notes of it and of another project.
    func night(_ t: TempStore, notes: Int = 3) throws -> Int {
        let file = try t.inputFile()
        try t.store.transaction {
            try t.store.ensureProject(Self.xmdm, state: ProjectState.platformOnly)
            try t.store.setProjectState(Self.xmdm, ProjectState.warehoused, detail: "RK1")
            try t.store.ensureProject("2020-000000-00-00-000001", state: ProjectState.platformOnly)
            try t.store.holdingInputRecords {
                for n in 1...notes {
                    try t.store.noteInputRecord(fileID: file, record: n, kind: .result, key: "ZBTZS:ZB-\(n)",
                                                xmdm: n == 2 ? "2020-000000-00-00-000001" : Self.xmdm, arrival: "inserted")
                }
            }
        }
        return file
    }

    @Test func aHistoryReadsTheSameBeforeTheIndexCatchesUpAsAfterIt() throws {
        let t = try TempStore()
        let file = try night(t)
        let auditRows = try t.store.db.scalar("SELECT count(*) FROM audit").int ?? 0
        #expect(auditRows >= 3)
        #expect(try Self.unindexed(t.store) == (auditRows, 1), "every audit row and the one file")
        // Read on another connection, as `apx project history` does, before and after.
        let before = try Self.story(t.reopened())
        #expect(before.contains { $0.hasPrefix("input claimed") && $0.contains("ZBTZS:ZB-1") && $0.contains("ZBTZS:ZB-3") && !$0.contains("ZB-2") })
        #expect(before.contains { $0.hasPrefix("project state") })
        #expect(try t.reopened().hasSeenProject("2020-000000-00-00-000001"))
        let indexed = try t.store.indexHistory()
        #expect(indexed.auditRows == auditRows && indexed.files == 1)
        #expect(try Self.unindexed(t.store) == (0, 0))
        #expect(try t.store.db.scalar("SELECT count(*) FROM input_record_by_project WHERE input_file_id = ?", file).int == 3)
        #expect(try Self.story(t.reopened()) == before)
        #expect(try t.reopened().hasSeenProject("2020-000000-00-00-000001"))
        #expect(try !t.reopened().hasSeenProject("2020-000000-00-00-000002"))
    }

    @Test func indexingAgainIndexesNothingAndAHistoryHalfIndexedReadsEveryRowOnce() throws {
        let t = try TempStore()
        _ = try night(t)
        try t.store.indexHistory()
        #expect(try t.store.indexHistory() == (0, 0))
        // A second night not indexed (a run killed before its last step): old rows from the
        // index, new ones from the rows themselves, none twice.
        try t.store.setProjectState(Self.xmdm, ProjectState.ending, detail: "JS1")
        let second = try t.inputFile()
        try t.store.transaction {
            try t.store.noteInputRecord(fileID: second, record: 1, kind: .project, key: Self.xmdm, xmdm: Self.xmdm, arrival: "unchanged")
        }
        let halfway = try Self.story(t.reopened())
        #expect(halfway.filter { $0.hasPrefix("project state") }.count == 2)
        #expect(halfway.filter { $0.hasPrefix("input claimed") }.count == 2)
        try t.store.indexHistory()
        #expect(try Self.story(t.reopened()) == halfway)
    }

    @Test func aFileReadAgainIsMarkedAgainAndItsNewNotesAreFoundBeforeAndAfterIndexing() throws {
        let t = try TempStore()
        let file = try night(t, notes: 3)
        try t.store.indexHistory()
        // `apx reprocess` reads the file again under its own id: one record rejected before now passes.
        try t.store.transaction {
            try t.store.holdingInputRecords {
                try t.store.noteInputRecord(fileID: file, record: 4, kind: .result, key: "ZBTZS:ZB-4", xmdm: Self.xmdm, arrival: "inserted")
            }
        }
        #expect(try Self.unindexed(t.store).files == 1)
        let before = try Self.story(t.reopened())
        #expect(before.contains { $0.hasPrefix("input claimed") && $0.contains("ZBTZS:ZB-4") })
        #expect(try t.store.indexHistory().files == 1)
        #expect(try Self.story(t.reopened()) == before)
    }

    @Test func aRolledBackFileTakesItsNotesAndItsMarkWithIt() throws {
        let t = try TempStore()
        let file = try t.inputFile()
        #expect(throws: Boom.self) {
            try t.store.transaction {
                try t.store.holdingInputRecords {
                    for n in 1...(Store.heldNotesPerStatement + 5) {
                        try t.store.noteInputRecord(fileID: file, record: n, kind: .result, key: "ZBTZS:ZB-\(n)", xmdm: Self.xmdm, arrival: "inserted")
                    }
                    throw Boom()
                }
            }
        }
        #expect(try Self.unindexed(t.store).files == 0)
        #expect(t.store.heldNoteFiles.isEmpty)
        // A savepoint rolled back inside a transaction that commits: the same.
        try t.store.transaction {
            try? t.store.transaction {
                try t.store.noteInputRecord(fileID: file, record: 1, kind: .result, key: "ZBTZS:ZB-1", xmdm: Self.xmdm, arrival: "inserted")
                throw Boom()
            }
            try t.store.noteInputRecord(fileID: file, record: 2, kind: .result, key: "ZBTZS:ZB-2", xmdm: Self.xmdm, arrival: "inserted")
        }
        #expect(try Self.unindexed(t.store).files == 1, "marked again by the note that stayed")
        try t.store.indexHistory()
        #expect(try t.store.db.scalar("SELECT group_concat(key) FROM input_record_by_project").text == "ZBTZS:ZB-2")
    }

    @Test func anIndexingRolledBackWithItsTransactionLeavesTheRowsUnindexedAndFound() throws {
        let t = try TempStore()
        _ = try night(t)
        #expect(throws: Boom.self) {
            try t.store.transaction {
                try t.store.indexHistory()
                throw Boom()
            }
        }
        #expect(try Self.unindexed(t.store) == (t.store.db.scalar("SELECT count(*) FROM audit").int ?? 0, 1))
        #expect(try t.store.db.scalar("SELECT count(*) FROM audit_by_entity").int == 0)
        #expect(try Self.story(t.reopened()).contains { $0.hasPrefix("project state") })
    }

    @Test func auditRowsHeldInTheOpenTransactionAreWrittenAndIndexedByTheAuditHalf() throws {
        let t = try TempStore()
        try t.store.transaction {
            try t.store.ensureProject(Self.xmdm, state: ProjectState.platformOnly)   // held by the ledger
            #expect(try t.store.indexAuditTrail() == 1)
            #expect(try t.store.db.scalar("SELECT entity_id FROM audit_by_entity").text == Self.xmdm)
        }
        #expect(try Self.unindexed(t.store) == (0, 0))
    }

    @Test func auditRowsIndexedSeveralStatementsAPieceAreEachIndexedOnceUpToTheLast() throws {
        let t = try TempStore()
        for n in 1...10 { try t.store.audit(.project, "X\(n % 4)", "state", from: "A", to: "B") }
        let indexed = try t.store.transaction { try t.store.indexAuditTrail(perStatement: 3) }
        #expect(indexed == 10)
        #expect(try t.store.db.scalar("SELECT group_concat(audit_id) FROM (SELECT audit_id FROM audit_by_entity ORDER BY audit_id)").text
                == "1,2,3,4,5,6,7,8,9,10")
        #expect(try t.store.db.scalar("SELECT group_concat(audit_id) FROM audit_by_entity WHERE entity_id = 'X1'").text == "1,5,9")
        #expect(try Self.unindexed(t.store) == (0, 0))
    }
}
