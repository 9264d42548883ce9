import APXCore
import APXDomain
import Foundation
import Testing
@testable import APXStore

/// The vocabulary as stored: raw values are exactly the spec's (and the database's) words,
/// every value passes the schema's CHECK, and an unknown stored value is refused by name.
@Suite struct StoredVocabularyTests {
    func store() throws -> Store {
        let dir = NSTemporaryDirectory() + "/apx-vocab-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return try Store(path: dir + "/approval.sqlite", runID: "test", asOf: Day(iso: "2026-11-21")!)
    }

    @Test func rawValuesAreTheStoredWords() {
        #expect(ProjectState.allCases.map(\.rawValue) == ["PLATFORM_ONLY", "PENDING", "REVIEW", "MIGRATION", "WAREHOUSED", "ENDING", "ENDED"])
        #expect(ResultState.allCases.map(\.rawValue) == ["NEW", "PENDING", "REVIEW", "WAREHOUSED", "REJECTED", "SUPERSEDED", "RECYCLED"])
        #expect(RequestState.allCases.map(\.rawValue) == ["NEW", "PENDING", "REVIEW", "MIGRATION", "WAREHOUSED", "REJECTED", "ANSWERED"])
        #expect(ReviewState.allCases.map(\.rawValue) == ["OPEN", "ACCEPTED", "REJECTED", "CLOSED"])
        #expect(InputFileOutcome.allCases.map(\.rawValue) == ["PROCESSED", "DUPLICATE", "QUARANTINED"])
        #expect(ReviewKind.allCases.map(\.rawValue) == ["REVIEW", "MIGRATION"])
        #expect(NoticeType.allCases.map(\.rawValue).sorted() == ["DACX", "DATH", "JSBH", "SXCB", "SXDB", "SXDC", "XYJL"])
        #expect(Source.allCases.map(\.rawValue) == ["tzxm", "rkqq", "sgt", "dtjg", "manual", "jsqq", "gov-receipt", "archive-receipt"])
        #expect(Set(Source.all) == Set(Source.allCases))
    }

    @Test func aValueInAMessageIsItsStoredWord() {
        #expect("\(ProjectState.platformOnly)" == "PLATFORM_ONLY")
        #expect("\(Source.govReceipt)/x" == "gov-receipt/x")
        #expect("\(InputFileOutcome.quarantined)" == "QUARANTINED")
    }

    @Test func everyProjectStateRoundTripsThroughTheSchema() throws {
        let store = try store()
        for (i, state) in ProjectState.allCases.enumerated() {
            let xmdm = "2019-360102-47-03-0000\(i)"
            try store.ensureProject(xmdm, state: state)
            #expect(try store.project(xmdm)?.state == state)
        }
    }

    @Test func everyReviewKindStateAndSubjectPassesTheSchema() throws {
        let store = try store()
        for kind in ReviewKind.allCases {
            for subject in ReviewSubject.allCases {
                for state in [ReviewState.open, .closed] {
                    let id = try store.openReview(kind: kind, subjectType: subject, subjectID: "S", xmdm: "X", reasons: [], state: state)
                    let item = try #require(try store.review(id))
                    #expect(item.kind == kind && item.subjectType == subject && item.state == state)
                }
            }
        }
    }

    @Test func anUnknownStoredStateIsRefusedWithTheValue() throws {
        let store = try store()
        try store.ensureProject("2019-360102-47-03-012345", state: .pending)
        // A state written by something else (a newer apx, a hand edit) is never read as a default.
        try store.db.run("PRAGMA ignore_check_constraints = 1")
        try store.db.run("UPDATE project SET state = 'LIMBO' WHERE xmdm = ?", "2019-360102-47-03-012345")
        #expect { try store.project("2019-360102-47-03-012345") } throws: { error in
            guard let e = error as? StoreError, case .unknownValue(let column, let raw, _) = e else { return false }
            return column == "state" && raw == "LIMBO" && "\(e)".contains("LIMBO")
        }
    }

    @Test func anUnknownStoredOutcomeOrSourceIsRefused() throws {
        let store = try store()
        let id = try store.insertInputFile(source: .rkqq, name: "RKQQ_20261120_01.csv", sha256: "ab", size: 1,
                                           outcome: .init(outcome: .processed), destination: "archive/x")
        #expect(try store.inputFile(id: id)?.outcome == .processed)
        #expect(try store.inputFile(id: id)?.source == .rkqq)
        try store.db.run("PRAGMA ignore_check_constraints = 1")
        try store.db.run("UPDATE input_file SET source = 'fax' WHERE id = ?", id)
        #expect(throws: StoreError.self) { try store.inputFile(id: id) }
    }
}
