import APXCore
import APXDomain
import APXMatch
import APXStore
import Testing
import TestSupport

/// Spec 03 "Review decisions": accept (optionally with corrected values), reject (set aside
/// with the reason), SUBPROJECT_UNKNOWN's split (in ResultRuleTests); every decision records
/// who, when and why and is never deleted.
@Suite struct ReviewDecisionRuleTests {
    let qqbh = "RK2026112000001"

    @Test func acceptingARequestReviewWithACorrectedValueWarehousesTheProjectWithIt() throws {
        let bed = try MatchBed()
        try bed.platform(bed.project())
        try bed.request(ztze: "34000.00")
        try bed.evaluateRequests()
        let item = try #require(try bed.openReviews(.request, qqbh).first)
        try bed.decisions.accept(item.id, by: "张三", note: "以批复为准", sets: [("ZTZE", "35500")])
        #expect(try bed.store.project(MatchBed.xmdm)?.state == ProjectState.warehoused)
        #expect(try bed.store.projectData(MatchBed.xmdm, kind: .approved)?.ztze == "35500.00")
        #expect(try bed.push("XM:\(MatchBed.xmdm)")?.payload.contains("35500.00") == true)
    }

    @Test func everyDecisionRecordsWhoWhenAndWhyAndIsKept() throws {
        let bed = try MatchBed()
        try bed.platform(bed.project())
        try bed.request(unit: MatchBed.partner)
        try bed.evaluateRequests()
        let id = try #require(try bed.openReviews(.request, qqbh).first?.id)
        try bed.decisions.accept(id, by: "张三", note: "牵头单位授权", sets: [])
        let item = try #require(try bed.store.review(id))
        #expect(item.state == ReviewState.accepted && item.decidedBy == "张三" && item.note == "牵头单位授权")
        #expect(item.decidedAt?.isEmpty == false)
        #expect(try bed.store.reviews(all: true).contains { $0.id == id })
    }

    @Test func aDecidedItemCannotBeDecidedAgain() throws {
        let bed = try MatchBed()
        try bed.platform(bed.project())
        try bed.request(unit: MatchBed.partner)
        try bed.evaluateRequests()
        let id = try #require(try bed.openReviews(.request, qqbh).first?.id)
        try bed.decisions.reject(id, by: "张三", note: "非牵头单位")
        #expect(throws: DecisionError.self) { try bed.decisions.accept(id, by: "李四", note: nil, sets: []) }
        #expect(try bed.store.review(id)?.decidedBy == "张三")
    }

    @Test func rejectingAResultSetsItAsideRejectedWithItsReasons() throws {
        let bed = try MatchBed()
        try bed.warehoused()
        try bed.deliver(bed.result("GHXK", "GH-1", xmmc: "别的项目"))
        try bed.evaluateResults()
        let row = try bed.latest("GHXK", "GH-1")
        let item = try #require(try bed.openReviews(.result, String(row.id)).first)
        try bed.decisions.reject(item.id, by: "张三", note: "不是本项目的证")
        let rejected = try #require(try bed.store.result(id: row.id))
        #expect(rejected.state == ResultState.rejected && rejected.reasons == ["NAME_MISMATCH"])
        #expect(try bed.push("PF:GHXK:GH-1") == nil)
    }

    @Test func rejectingARequestReviewLeavesTheProjectPlatformOnly() throws {
        let bed = try MatchBed()
        try bed.platform(bed.project())
        try bed.request(xmmc: "别的项目")
        try bed.evaluateRequests()
        let item = try #require(try bed.openReviews(.request, qqbh).first)
        try bed.decisions.reject(item.id, by: "张三", note: "名称不符")
        #expect(try bed.store.request(qqbh)?.state == RequestState.rejected)
        #expect(try bed.store.project(MatchBed.xmdm)?.state == ProjectState.platformOnly)
    }

    @Test func acceptingANameMismatchClearsThatCheckAndTheResultGoesOnThroughTheRest() throws {
        let bed = try MatchBed()
        try bed.warehoused()
        try bed.deliver(bed.result("SGTSC", "SC-1", xmmc: "别的名称"))
        try bed.evaluateResults()
        let row = try bed.latest("SGTSC", "SC-1")
        let item = try #require(try bed.openReviews(.result, String(row.id)).first)
        try bed.decisions.accept(item.id, by: "张三", note: "同一项目", sets: [])
        let after = try bed.latest("SGTSC", "SC-1")
        #expect(after.cleared.contains("NAME_MISMATCH"))
        #expect(after.state == ResultState.pending && after.reasons == ["PREREQ_MISSING"])   // rule 5 still applies
    }

    @Test func acceptingAProjectNotWarehousedItemIsRefusedWhileTheProjectIsStillOutOfTheLibrary() throws {
        let bed = try MatchBed(asOf: "2026-10-01")
        try bed.deliver(bed.result("GHXK", "GH-1"))
        try bed.evaluateResults()
        bed.store.asOf = Day(iso: "2026-11-01")!
        try bed.evaluateResults()
        let row = try bed.latest("GHXK", "GH-1")
        let item = try #require(try bed.openReviews(.result, String(row.id)).first)
        #expect(throws: DecisionError.self) { try bed.decisions.accept(item.id, by: "张三", note: nil, sets: []) }
        #expect(try bed.store.review(item.id)?.state == ReviewState.open)
        try bed.warehoused()
        try bed.decisions.accept(item.id, by: "张三", note: "项目已入库", sets: [])
        #expect(try bed.latest("GHXK", "GH-1").state == ResultState.warehoused)
    }
}
