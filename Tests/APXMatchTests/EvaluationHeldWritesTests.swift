import APXCore
import APXDomain
@testable import APXMatch
@testable import APXStore
import Testing
import TestSupport

/// A page holds its result and request state changes and its review items and writes them by
/// one statement per table at its end (`Store.holdingEvaluationWrites`). What the page reads
/// on demand in between sees them, so the page still decides as the single path (which writes
/// at once): the same tables, row for row (`EvaluationPageEquivalenceTests.dump`). A rollback
/// drops what is held.
@Suite struct EvaluationHeldWritesTests {
    typealias Twins = EvaluationPageEquivalenceTests
    static let p2 = Twins.p2

    /// RKA (not the lead unit) opens a review item and puts its project in review; RKB, later in
    /// the same page, warehouses the project: it finds RKA open (a held state change), answers it
    /// and closes its review item (a held item) — as the single path does.
    @Test(arguments: [1, 1000])
    func aReviewItemOpenedInAPageIsClosedByALaterRequestOfThePage(batchSize: Int) throws {
        let (paged, single) = try Twins.twins()
        for bed in [paged, single] {
            try bed.platform(bed.project(Self.p2, xmmc: "赣江大桥"))
            try bed.request("RKA", xmdm: Self.p2, xmmc: "赣江大桥", unit: MatchBed.partner)
            try bed.request("RKB", xmdm: Self.p2, xmmc: "赣江大桥")
            try bed.request("RKC", xmdm: Self.p2, xmmc: "赣江大桥")
        }
        _ = try Warehousing(store: paged.store, settings: paged.settings).evaluateOpenRequests(batchSize: batchSize)
        try Twins.singlePathRequests(single, batchSize: batchSize)
        try Twins.expectSame(paged.store, single.store, "pages of \(batchSize)")
        #expect(try paged.store.request("RKA")?.state == RequestState.answered)
        #expect(try paged.store.request("RKB")?.state == RequestState.warehoused)
        #expect(try paged.store.request("RKC")?.state == RequestState.answered)
        let items = try paged.store.reviews(all: true).filter { $0.subjectID == "RKA" }
        #expect(items.count == 1)
        #expect(items.first?.state == .closed)
        #expect(items.first?.fields.map(\.field) == ["SQDWDM"])
    }

    /// A project code that is no plain key is read on demand, so the prerequisite check of a
    /// result asks the table — which must already hold the WAREHOUSED of an earlier result of
    /// the same page (a held change, written before that read).
    @Test(arguments: [1, 2000])
    func anOnDemandPrerequisiteReadSeesTheHeldStateOfAnEarlierResultOfThePage(batchSize: Int) throws {
        let catalogue = try Catalogue.parse(Catalogue.standardText + "\nSELF | 3 | manual | yes | SELF if K=1 | 自依赖事项\n")
        let reference = Reference(catalogue: catalogue, calendar: try WorkingCalendar())
        let (paged, single) = try Twins.twins(reference: reference)
        let odd = "2019-360102-47-03-01234\u{FF15}"   // a full-width digit: not a plain key
        for bed in [paged, single] {
            try bed.warehoused(bed.project(odd))
            try bed.deliver(bed.result("SELF", "S-1", xmdm: odd, attributes: ["K": "0"]))
            try bed.deliver(bed.result("SELF", "S-2", xmdm: odd, attributes: ["K": "1"]))
            try bed.deliver(bed.result("GHXK", "GH-N", xmdm: odd, xmmc: "完全不同的名字"))   // a review item
        }
        _ = try ResultMatching(store: paged.store, settings: paged.settings, reference: reference).evaluateOpenResults(batchSize: batchSize)
        try Twins.singlePathResults(single, batchSize: batchSize)
        try Twins.expectSame(paged.store, single.store, "on-demand prerequisite, pages of \(batchSize)")
        #expect(try paged.latest("SELF", "S-2").state == ResultState.warehoused)
        #expect(try paged.latest("GHXK", "GH-N").state == ResultState.review)
    }

    /// A page that throws after holding changes leaves nothing of them (its transaction rolls
    /// back and the held rows go with it), and the next page starts with nothing held: the review
    /// id the failed page took is given again.
    @Test func aRolledBackPageDropsWhatItHeld() throws {
        let bed = try MatchBed()
        try bed.warehoused()
        try bed.deliver(bed.result("GHXK", "GH-1"))
        let row = try bed.latest("GHXK", "GH-1")
        let reviewsBefore = try bed.store.reviews(all: true).count
        struct Stop: Error {}
        var heldID = 0
        #expect(throws: Stop.self) {
            try bed.store.transaction {
                try bed.store.holdingEvaluationWrites {
                    try bed.store.setResultState(row, ResultState.review, reasons: ["NAME_MISMATCH"])
                    heldID = try bed.store.openReview(kind: .review, subjectType: .result, subjectID: String(row.id), xmdm: MatchBed.xmdm,
                                                      reasons: [ReasonCode("NAME_MISMATCH")],
                                                      fields: [FieldDifference(field: "XMMC", ours: "a", theirs: "b", similarity: 0.5)])
                    throw Stop()
                }
            }
        }
        #expect(bed.store.held == nil)
        #expect(try bed.latest("GHXK", "GH-1").state == ResultState.new)
        #expect(try bed.store.reviews(all: true).count == reviewsBefore)
        #expect(try bed.store.db.scalar("SELECT count(*) FROM review_field").int == 0)
        #expect(try bed.store.db.scalar("SELECT count(*) FROM audit WHERE entity = 'review' AND entity_id = ?", String(heldID)).int == 0)

        let id = try bed.store.transaction {
            try bed.store.holdingEvaluationWrites {
                try bed.store.setResultState(row, ResultState.review, reasons: ["NAME_MISMATCH"])
                return try bed.store.openReview(kind: .review, subjectType: .result, subjectID: String(row.id), xmdm: MatchBed.xmdm,
                                                reasons: [ReasonCode("NAME_MISMATCH")])
            }
        }
        #expect(id == heldID)
        #expect(try bed.latest("GHXK", "GH-1").state == ResultState.review)
        #expect(try bed.store.review(id)?.reasons == ["NAME_MISMATCH"])
    }

    /// Two changes of one result in one page: the later wins, as written one at a time.
    @Test func theLaterOfTwoHeldChangesOfARowWins() throws {
        let bed = try MatchBed()
        try bed.warehoused()
        try bed.deliver(bed.result("GHXK", "GH-1"))
        let row = try bed.latest("GHXK", "GH-1")
        try bed.store.transaction {
            try bed.store.holdingEvaluationWrites {
                try bed.store.setResultState(row, ResultState.pending, reasons: ["PREREQ_MISSING"], missing: ["SGTSC"])
                try bed.store.setResultState(row, ResultState.review, reasons: ["NAME_MISMATCH"])
            }
        }
        let now = try bed.latest("GHXK", "GH-1")
        #expect(now.state == ResultState.review)
        #expect(now.reasons == ["NAME_MISMATCH"])
        #expect(now.missing.isEmpty)
    }
}

/// Held page writes follow the transaction's boundaries: a savepoint inside the page writes
/// what was held before it, and its rollback drops only what was held inside it.
@Suite struct EvaluationHeldWritesSavepointTests {
    @Test func aSavepointRolledBackInsideAPageDropsOnlyWhatItHeld() throws {
        let bed = try MatchBed()
        try bed.warehoused()
        try bed.deliver(bed.result("GHXK", "GH-1"))
        try bed.deliver(bed.result("GHXK", "GH-2"))
        let first = try bed.latest("GHXK", "GH-1"), second = try bed.latest("GHXK", "GH-2")
        let reviewsBefore = try bed.store.reviews(all: true).count
        struct Stop: Error {}
        let kept = try bed.store.transaction {
            try bed.store.holdingEvaluationWrites { () -> Int in
                try bed.store.setResultState(first, ResultState.pending, reasons: ["PREREQ_MISSING"], missing: ["SGTSC"])
                #expect(throws: Stop.self) {
                    try bed.store.transaction {
                        try bed.store.setResultState(second, ResultState.review, reasons: ["NAME_MISMATCH"])
                        _ = try bed.store.openReview(kind: .review, subjectType: .result, subjectID: String(second.id),
                                                     xmdm: MatchBed.xmdm, reasons: [ReasonCode("NAME_MISMATCH")])
                        throw Stop()
                    }
                }
                // The id the rolled-back savepoint took is given again.
                return try bed.store.openReview(kind: .review, subjectType: .result, subjectID: String(first.id),
                                                xmdm: MatchBed.xmdm, reasons: [ReasonCode("PREREQ_MISSING")])
            }
        }
        #expect(try bed.latest("GHXK", "GH-1").state == ResultState.pending)
        #expect(try bed.latest("GHXK", "GH-2").state == ResultState.new)
        let reviews = try bed.store.reviews(all: true)
        #expect(reviews.count == reviewsBefore + 1)
        #expect(reviews.last?.id == kept && reviews.last?.subjectID == String(first.id))
    }
}
