import APXCore
import APXDomain
import Testing
@testable import APXStore

/// Review items (fields, decisions, closing) and notices (one per type and subject).
@Suite struct ReviewAndNoticeRepositoryTests {
    static let xmdm = "2019-360102-47-03-012345"

    @Test func aReviewItemIsReadBackWithItsFieldsInOrderAndItsSimilarity() throws {
        let t = try TempStore()
        let fields = [FieldDifference(field: "XMMC", ours: "甲项目", theirs: "乙项目", similarity: 0.5),
                      FieldDifference(field: "ZTZE", ours: "1.00", theirs: "2.00")]
        let id = try t.store.openReview(kind: .review, subjectType: .request, subjectID: "RK1", xmdm: Self.xmdm,
                                        reasons: [.keyMismatch, .notLeadUnit], fields: fields)
        let item = try #require(try t.reopened().review(id))
        #expect(item.kind == .review && item.subjectType == .request && item.subjectID == "RK1" && item.xmdm == Self.xmdm)
        #expect(item.reasons == ["KEY_MISMATCH", "NOT_LEAD_UNIT"] && item.state == ReviewState.open)
        #expect(item.fields == fields && item.createdOn == "2026-11-21" && item.decidedBy == nil)
    }

    @Test func aDecisionRecordsWhoWhenWhyAndWhatWasSetAndTheItemStays() throws {
        let t = try TempStore()
        let id = try t.store.openReview(kind: .review, subjectType: .result, subjectID: "7", xmdm: Self.xmdm, reasons: [])
        try t.store.decideReview(id, state: ReviewState.accepted, by: "张三", note: "核实无误", changes: "ZTZE=35000.00")
        let s = try t.reopened()
        let item = try #require(try s.review(id))
        #expect(item.state == ReviewState.accepted && item.decidedBy == "张三" && item.note == "核实无误")
        #expect(item.changes == "ZTZE=35000.00" && item.decidedAt?.isEmpty == false)
        #expect(try s.reviews(all: false).isEmpty && s.reviews(all: true).map(\.id) == [id])
        #expect(try s.openReviews(subjectType: .result, subjectID: "7").isEmpty)
    }

    @Test func closingAnItemIsDoneByApxWithTheCause() throws {
        let t = try TempStore()
        let id = try t.store.openReview(kind: .review, subjectType: .project, subjectID: Self.xmdm, xmdm: Self.xmdm,
                                        reasons: [.platformChanged])
        try t.store.closeReview(id, note: "platform data agrees again")
        let item = try #require(try t.reopened().review(id))
        #expect(item.state == ReviewState.closed && item.decidedBy == "apx" && item.note == "platform data agrees again")
    }

    @Test func replacingTheFieldsOfAnItemKeepsOnlyTheNewOnes() throws {
        let t = try TempStore()
        let id = try t.store.openReview(kind: .review, subjectType: .project, subjectID: Self.xmdm, xmdm: Self.xmdm,
                                        reasons: [.platformChanged], fields: [FieldDifference(field: "XMMC", ours: "a", theirs: "b")])
        try t.store.replaceReviewFields(id, [FieldDifference(field: "ZTZE", ours: "1.00", theirs: "3.00")])
        #expect(try t.reopened().review(id)?.fields.map(\.field) == ["ZTZE"])
    }

    @Test func aNoticeIsCreatedOncePerTypeAndSubject() throws {
        let t = try TempStore()
        try t.store.ensureProject(Self.xmdm, state: ProjectState.ending)
        var n = Notice(lx: .archiveReminder, text: "请按期移交档案")
        n.xmdm = Self.xmdm
        n.unitCode = "A1"
        #expect(try t.store.notify(n, subject: "DACX:\(Self.xmdm):2027-02-18"))
        #expect(try !t.reopened().notify(n, subject: "DACX:\(Self.xmdm):2027-02-18"))
        n.lx = .creditRecord
        #expect(try t.store.notify(n, subject: "XYJL:\(Self.xmdm):2027-02-18"))
        let numbers = try t.store.projectHistory(Self.xmdm).filter { $0.type == "notice" && $0.action == "created" }.compactMap { e in
            if case .string(let s)? = e.fields.first(where: { $0.0 == "tzbh" })?.1 { return s } else { return nil }
        }
        #expect(numbers == ["TZ20261121000001", "TZ20261121000002"])
    }
}
