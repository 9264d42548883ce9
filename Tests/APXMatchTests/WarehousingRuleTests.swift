import APXCore
import APXDomain
import APXMatch
import APXStore
import Testing
import TestSupport

/// Spec 03 "Warehousing requests" rules 1–6, one test each, on a store: the investment
/// platform's record is the reference for a request.
@Suite struct WarehousingRuleTests {
    let qqbh = "RK2026112000001"

    @Test func rule1_aRequestForAnXMDMNoExtractHasIsPendingProjectNotFound() throws {
        let bed = try MatchBed()
        try bed.request()
        let outcomes = try bed.evaluateRequests()
        #expect(outcomes[.pending] == 1)
        let row = try #require(try bed.store.request(qqbh))
        #expect(row.state == RequestState.pending && row.reasons == ["PROJECT_NOT_FOUND"])
        #expect(try bed.store.project(MatchBed.xmdm)?.state == ProjectState.pending)
    }

    @Test func rule1_aPendingRequestIsRetriedAndGoesInOnceTheExtractArrives() throws {
        let bed = try MatchBed()
        try bed.request()
        try bed.evaluateRequests()
        try bed.platform(bed.project())
        #expect(try bed.evaluateRequests()[.warehoused] == 1)
        #expect(try bed.store.project(MatchBed.xmdm)?.state == ProjectState.warehoused)
    }

    @Test func rule1_stillNotFoundAfterThePendingPeriodGoesToManualMigration() throws {
        let bed = try MatchBed(asOf: "2026-10-01")
        try bed.request()
        try bed.evaluateRequests()
        bed.store.asOf = Day(iso: "2026-10-31")!           // 30 days: still waiting
        #expect(try bed.evaluateRequests()[.pending] == 1)
        bed.store.asOf = Day(iso: "2026-11-01")!           // 31 days
        #expect(try bed.evaluateRequests()[.migration] == 1)
        let row = try #require(try bed.store.request(qqbh))
        #expect(row.state == RequestState.migration && row.reasons == ["PROJECT_NOT_FOUND", "MIGRATION"])
        #expect(try bed.store.project(MatchBed.xmdm)?.state == ProjectState.migration)
        let item = try #require(try bed.openReviews(.request, qqbh).first)
        #expect(item.kind == .migration)
    }

    @Test func rule2_aRequestingUnitThatIsNoConstructionUnitIsManualMigrationUnitNotOnProject() throws {
        let bed = try MatchBed()
        try bed.platform(bed.project())
        try bed.request(unit: MatchBed.stranger)
        #expect(try bed.evaluateRequests()[.migration] == 1)
        let row = try #require(try bed.store.request(qqbh))
        #expect(row.state == RequestState.migration && row.reasons == ["UNIT_NOT_ON_PROJECT"])
        let item = try #require(try bed.openReviews(.request, qqbh).first)
        #expect(item.kind == .migration && item.fields.first?.field == "SQDWDM" && item.fields.first?.theirs == MatchBed.stranger)
        #expect(try bed.store.project(MatchBed.xmdm)?.state == ProjectState.migration)
    }

    @Test func rule3_aConstructionUnitThatIsNotTheLeadGoesToReviewNotLeadUnit() throws {
        let bed = try MatchBed()
        try bed.platform(bed.project())
        try bed.request(unit: MatchBed.partner)
        #expect(try bed.evaluateRequests()[.review] == 1)
        let row = try #require(try bed.store.request(qqbh))
        #expect(row.state == RequestState.review && row.reasons == ["NOT_LEAD_UNIT"])
        let item = try #require(try bed.openReviews(.request, qqbh).first)
        #expect(item.fields.map(\.field) == ["SQDWDM"] && item.fields[0].ours == MatchBed.lead)
        #expect(try bed.store.project(MatchBed.xmdm)?.state == ProjectState.review)
    }

    @Test func rule4_anyKeyDifferenceGoesToReviewListingEachFieldWithBothValues() throws {
        let bed = try MatchBed()
        try bed.platform(bed.project())
        try bed.request(xmmc: "青山湖区京东大道住宅", xzqhdm: "360112", ztze: "35000.01")
        #expect(try bed.evaluateRequests()[.review] == 1)
        #expect(try bed.store.request(qqbh)?.reasons == ["KEY_MISMATCH"])
        let item = try #require(try bed.openReviews(.request, qqbh).first)
        #expect(item.fields.map(\.field) == ["XMMC", "XZQHDM", "ZTZE"])
        #expect(item.fields[0].ours == MatchBed.name && item.fields[0].theirs == "青山湖区京东大道住宅")
        #expect(item.fields[0].similarity != nil)
        #expect(item.fields[2].ours == "35000.00" && item.fields[2].theirs == "35000.01")
    }

    @Test func rule4_namesEqualAfterNormalisationAndBracketFoldingMatch() throws {
        let bed = try MatchBed()
        try bed.platform(bed.project(xmmc: "青山湖区（一期）项目"))
        try bed.request(xmmc: "青山湖区【一期】 项目")
        #expect(try bed.evaluateRequests()[.warehoused] == 1)
    }

    @Test func rule3And4_aNonLeadUnitWithKeyDifferencesIsOneReviewWithBothReasons() throws {
        let bed = try MatchBed()
        try bed.platform(bed.project())
        try bed.request(ztze: "1.00", unit: MatchBed.partner)
        try bed.evaluateRequests()
        #expect(try bed.store.request(qqbh)?.reasons == ["NOT_LEAD_UNIT", "KEY_MISMATCH"])
        #expect(try bed.openReviews(.request, qqbh).count == 1)
    }

    @Test func rule5_aVerifiedRequestIsWarehousedWithTheRequestedSPLCLXAndPushed() throws {
        let bed = try MatchBed()
        try bed.platform(bed.project())
        try bed.request(splclx: 2)
        #expect(try bed.evaluateRequests()[.warehoused] == 1)
        let project = try #require(try bed.store.project(MatchBed.xmdm))
        #expect(project.state == ProjectState.warehoused && project.splclx == 2 && project.warehousedOn == "2026-11-21")
        #expect(try bed.store.request(qqbh)?.state == RequestState.warehoused)
        #expect(try bed.store.projectData(MatchBed.xmdm, kind: .approved) == bed.project())
        let push = try #require(try bed.push("XM:\(MatchBed.xmdm)"))
        #expect(push.version == 1 && push.valid)
    }

    @Test func rule6_aSecondRequestForAWarehousedProjectIsAnsweredAlreadyWarehousedAndChangesNothing() throws {
        let bed = try MatchBed()
        try bed.warehoused(splclx: 3)
        try bed.request("RK2026112000002", splclx: 1)
        #expect(try bed.evaluateRequests()[.answered] == 1)
        let row = try #require(try bed.store.request("RK2026112000002"))
        #expect(row.state == RequestState.answered && row.reasons == ["ALREADY_WAREHOUSED"])
        #expect(try bed.openReviews(.request, "RK2026112000002").isEmpty)     // closed at once
        let items = try bed.store.reviews(all: true).filter { $0.subjectID == "RK2026112000002" }
        #expect(items.count == 1 && items[0].state == ReviewState.closed)
        #expect(try bed.store.project(MatchBed.xmdm)?.splclx == 3)
        #expect(try bed.push("XM:\(MatchBed.xmdm)")?.version == 1)
    }

    @Test func rule5_warehousingAnswersTheProjectsOtherOpenRequestsAndClosesTheirItems() throws {
        let bed = try MatchBed()
        try bed.platform(bed.project())
        try bed.request("RK2026112000002", unit: MatchBed.partner)          // rule 3: review
        try bed.evaluateRequests()
        #expect(try bed.openReviews(.request, "RK2026112000002").count == 1)
        try bed.request(qqbh)                                              // the lead's own request
        #expect(try bed.evaluateRequests()[.warehoused] == 1)
        let other = try #require(try bed.store.request("RK2026112000002"))
        #expect(other.state == RequestState.answered && other.reasons == ["ALREADY_WAREHOUSED"])
        #expect(try bed.openReviews(.request, "RK2026112000002").isEmpty)
    }
}
