import APXCore
import APXDomain
import APXMatch
import APXStore
import Testing
import TestSupport

/// Spec 03 "Results" rules 1–6 (with the catalogue's prerequisites), order within a run and
/// versions, one test each, calling `ResultMatching` on a store.
@Suite struct ResultRuleTests {
    let sub = MatchBed.xmdm + "-0001"

    func split(_ bed: MatchBed, name: String = "1#楼") throws {
        _ = try bed.store.transaction { try Subprojects(store: bed.store).split(xmdm: MatchBed.xmdm, gcdm: sub, name: name, by: "李四") }
    }

    @Test func rule1_aResultForAProjectNotInTheLibraryIsPendingProjectNotWarehoused() throws {
        let bed = try MatchBed()
        try bed.platform(bed.project())
        try bed.deliver(bed.result("GHXK", "GH-1"))
        #expect(try bed.evaluateResults()[.pending] == 1)
        let row = try bed.latest("GHXK", "GH-1")
        #expect(row.state == ResultState.pending && row.reasons == ["PROJECT_NOT_WAREHOUSED"])
    }

    @Test func rule1_aPendingResultGoesInInTheRunItsProjectIsWarehoused() throws {
        let bed = try MatchBed()
        try bed.deliver(bed.result("GHXK", "GH-1"))
        try bed.evaluateResults()
        try bed.warehoused()
        #expect(try bed.evaluateResults()[.warehoused] == 1)
    }

    @Test func rule1_stillNotWarehousedAfterThePendingPeriodGoesToReview() throws {
        let bed = try MatchBed(asOf: "2026-10-01")
        try bed.deliver(bed.result("GHXK", "GH-1"))
        try bed.evaluateResults()
        bed.store.asOf = Day(iso: "2026-11-01")!
        #expect(try bed.evaluateResults()[.review] == 1)
        let row = try bed.latest("GHXK", "GH-1")
        #expect(row.state == ResultState.review)
        #expect(try bed.openReviews(.result, String(row.id)).first?.reasons == ["PROJECT_NOT_WAREHOUSED"])
    }

    @Test func rule2_aGCDMThatIsNoKnownSubprojectGoesToReviewSubprojectUnknown() throws {
        let bed = try MatchBed()
        try bed.warehoused()
        try bed.deliver(bed.result("GHXK", "GH-1", gcdm: sub, xmmc: "1#楼"))
        #expect(try bed.evaluateResults()[.review] == 1)
        let row = try bed.latest("GHXK", "GH-1")
        let item = try #require(try bed.openReviews(.result, String(row.id)).first)
        #expect(item.reasons == ["SUBPROJECT_UNKNOWN"] && item.gcdm == sub)
        #expect(item.fields.first?.field == "GCDM" && item.fields.first?.theirs == sub)
    }

    @Test func rule2_acceptingSubprojectUnknownCreatesTheSubprojectNamedAfterTheResultsXMMCAndGoesOn() throws {
        let bed = try MatchBed()
        try bed.warehoused()
        try bed.deliver(bed.result("GHXK", "GH-1", gcdm: sub, xmmc: MatchBed.name + "1#楼"))
        try bed.evaluateResults()
        let row = try bed.latest("GHXK", "GH-1")
        let item = try #require(try bed.openReviews(.result, String(row.id)).first)
        try bed.decisions.accept(item.id, by: "王五", note: "拆分", sets: [])
        #expect(try bed.store.subproject(sub)?.name == MatchBed.name + "1#楼")
        #expect(try bed.latest("GHXK", "GH-1").state == ResultState.warehoused)   // GHXK has no prerequisites
        #expect(try bed.push("XM:\(sub)") != nil)
    }

    @Test func rule2_theDecisionMayNameTheNewSubprojectWithGCMC() throws {
        let bed = try MatchBed()
        try bed.warehoused()
        try bed.deliver(bed.result("GHXK", "GH-1", gcdm: sub, xmmc: MatchBed.name))
        try bed.evaluateResults()
        let item = try #require(try bed.openReviews(.result, String(try bed.latest("GHXK", "GH-1").id)).first)
        try bed.decisions.accept(item.id, by: "王五", note: nil, sets: [("GCMC", "二号地块")])
        #expect(try bed.store.subproject(sub)?.name == "二号地块")
    }

    @Test func rule3_aLeadUnitNotAmongTheProjectsConstructionUnitsIsUnitMismatch() throws {
        let bed = try MatchBed()
        try bed.warehoused()
        try bed.deliver(bed.result("GHXK", "GH-1", jsdwdm: MatchBed.stranger))
        #expect(try bed.evaluateResults()[.review] == 1)
        let row = try bed.latest("GHXK", "GH-1")
        let item = try #require(try bed.openReviews(.result, String(row.id)).first)
        #expect(item.reasons == ["UNIT_MISMATCH"] && item.fields.first?.theirs == MatchBed.stranger)
    }

    @Test func rule3_anyConstructionUnitOfTheProjectIsNoMismatch() throws {
        let bed = try MatchBed()
        try bed.warehoused()
        try bed.deliver(bed.result("GHXK", "GH-1", jsdwdm: MatchBed.partner))
        #expect(try bed.evaluateResults()[.warehoused] == 1)
    }

    @Test(arguments: [MatchBed.name, MatchBed.name + "一标段", MatchBed.name + "1#楼", MatchBed.name + "（二期）",
                      "青山湖区京东大道商住综合体 ", "1#楼", "1#楼2标段"])
    func rule4_theProjectsOrSubprojectsNameOrEitherWithASectionSuffixMatches(_ xmmc: String) throws {
        let bed = try MatchBed()
        try bed.warehoused()
        try split(bed)
        try bed.deliver(bed.result("GHXK", "GH-1", gcdm: sub, xmmc: xmmc))
        #expect(try bed.evaluateResults()[.warehoused] == 1)
    }

    @Test(arguments: ["京东大道商住综合体", MatchBed.name + "配套道路", "2#楼"])
    func rule4_anyOtherNameIsNameMismatchWithBothValuesAndASimilarity(_ xmmc: String) throws {
        let bed = try MatchBed()
        try bed.warehoused()
        try split(bed)
        try bed.deliver(bed.result("GHXK", "GH-1", gcdm: sub, xmmc: xmmc))
        #expect(try bed.evaluateResults()[.review] == 1)
        let row = try bed.latest("GHXK", "GH-1")
        let item = try #require(try bed.openReviews(.result, String(row.id)).first)
        #expect(item.reasons == ["NAME_MISMATCH"])
        #expect(item.fields.first?.ours == "1#楼" && item.fields.first?.theirs == xmmc && item.fields.first?.similarity != nil)
    }

    @Test func rule3And4_aWrongUnitAndAWrongNameAreOneReviewWithBothReasons() throws {
        let bed = try MatchBed()
        try bed.warehoused()
        try bed.deliver(bed.result("GHXK", "GH-1", xmmc: "别的项目", jsdwdm: MatchBed.stranger))
        try bed.evaluateResults()
        let row = try bed.latest("GHXK", "GH-1")
        #expect(try bed.openReviews(.result, String(row.id)).map(\.reasons) == [["UNIT_MISMATCH", "NAME_MISMATCH"]])
    }

    @Test func rule5_aMissingPrerequisiteIsPendingPrereqMissingListingTheItems() throws {
        let bed = try MatchBed()
        try bed.warehoused()
        try bed.deliver(bed.result("SGXK", "XK-1"))
        #expect(try bed.evaluateResults()[.pending] == 1)
        let row = try bed.latest("SGXK", "XK-1")
        #expect(row.state == ResultState.pending && row.reasons == ["PREREQ_MISSING"])
        #expect(row.missing == ["SGTSC", "SGHT", "JLHT"])
    }

    @Test func rule5_aPrerequisiteConditionedOnAnAttributeAppliesOnlyWhenItHolds() throws {
        let bed = try MatchBed()
        try bed.warehoused()
        try bed.deliver(bed.result("SGTSC", "SC-1", attributes: ["RQSL": "1"]))     // GHXK unless RQSL=1
        try bed.deliver(bed.result("SGHT", "HT-1", attributes: ["ZBFS": "3"]))      // ZBTZS if ZBFS=1,2
        try bed.deliver(bed.result("JLHT", "JL-1", attributes: ["ZBFS": "1"]))
        try bed.evaluateResults()
        #expect(try bed.latest("SGTSC", "SC-1").state == ResultState.warehoused)
        #expect(try bed.latest("SGHT", "HT-1").state == ResultState.warehoused)
        #expect(try bed.latest("JLHT", "JL-1").missing == ["ZBTZS"])
    }

    @Test func rule5_prerequisitesStillMissingAfterThePendingPeriodGoToReview() throws {
        let bed = try MatchBed(asOf: "2026-10-01")
        try bed.warehoused()
        try bed.deliver(bed.result("SGTSC", "SC-1"))
        try bed.evaluateResults()
        bed.store.asOf = Day(iso: "2026-11-01")!
        #expect(try bed.evaluateResults()[.review] == 1)
        let row = try bed.latest("SGTSC", "SC-1")
        #expect(try bed.openReviews(.result, String(row.id)).first?.reasons == ["PREREQ_MISSING"])
    }

    @Test func rule5_theMainProjectsResultsSatisfyASubprojectsPrerequisites() throws {
        let bed = try MatchBed()
        try bed.warehoused()
        try split(bed)
        try bed.deliver(bed.result("GHXK", "GH-1"))
        try bed.deliver(bed.result("SGTSC", "SC-1", gcdm: sub, xmmc: "1#楼"))
        try bed.evaluateResults()
        #expect(try bed.latest("SGTSC", "SC-1").state == ResultState.warehoused)
    }

    @Test func rule5_aSubprojectsResultsDoNotSatisfyTheMainProject() throws {
        let bed = try MatchBed()
        try bed.warehoused()
        try split(bed)
        try bed.deliver(bed.result("GHXK", "GH-1", gcdm: sub, xmmc: "1#楼"))
        try bed.deliver(bed.result("SGTSC", "SC-1"))
        try bed.evaluateResults()
        #expect(try bed.latest("GHXK", "GH-1").state == ResultState.warehoused)
        #expect(try bed.latest("SGTSC", "SC-1").missing == ["GHXK"])
    }

    @Test func rule6_aResultPassingEveryCheckIsWarehousedAndPushedAsHandlingAndDocument() throws {
        let bed = try MatchBed()
        try bed.warehoused()
        try bed.deliver(bed.result("GHXK", "GH-1", title: "建设工程规划许可证"))
        #expect(try bed.evaluateResults()[.warehoused] == 1)
        let row = try bed.latest("GHXK", "GH-1")
        #expect(row.state == ResultState.warehoused && row.reasons.isEmpty)
        #expect(try bed.push("BL:GHXK:GH-1")?.version == 1)
        let document = try #require(try bed.push("PF:GHXK:GH-1"))
        #expect(document.valid && document.payload.contains("建设工程规划许可证"))
    }

    @Test func order_aPermitAndItsPrerequisitesInTheSameRunGoInWhateverTheirOrder() throws {
        let bed = try MatchBed()
        try bed.warehoused()
        // Delivered last item first: the permit, then what it rests on.
        try bed.deliver(bed.result("SGXK", "XK-1"))
        try bed.deliver(bed.result("JLHT", "JL-1", attributes: ["ZBFS": "1"]))
        try bed.deliver(bed.result("SGHT", "HT-1", attributes: ["ZBFS": "1"]))
        try bed.deliver(bed.result("ZBTZS", "ZB-1"))
        try bed.deliver(bed.result("SGTSC", "SC-1"))
        try bed.deliver(bed.result("GHXK", "GH-1"))
        #expect(try bed.evaluateResults()[.warehoused] == 6)
        #expect(try bed.latest("SGXK", "XK-1").state == ResultState.warehoused)
    }

    @Test func order_aPendingResultWhoseCauseGoesAwayInALaterRunGoesInThen() throws {
        let bed = try MatchBed()
        try bed.warehoused()
        try bed.deliver(bed.result("SGTSC", "SC-1"))
        try bed.evaluateResults()
        try bed.deliver(bed.result("GHXK", "GH-1"))
        try bed.evaluateResults()
        #expect(try bed.latest("SGTSC", "SC-1").state == ResultState.warehoused)
    }

    @Test func versions_theSameNumberWithIdenticalKeyInformationIsANoOp() throws {
        let bed = try MatchBed()
        try bed.warehoused()
        try bed.deliver(bed.result("GHXK", "GH-1"))
        try bed.evaluateResults()
        guard case .unchanged = try bed.deliver(bed.result("GHXK", "GH-1")) else { Issue.record("not a no-op"); return }
        #expect(try bed.latest("GHXK", "GH-1").version == 1)
        #expect(try bed.push("PF:GHXK:GH-1")?.version == 1)
    }

    @Test func versions_differentKeyInformationIsANewVersionTheOldSupersededAndPushedAsACorrection() throws {
        let bed = try MatchBed()
        try bed.warehoused()
        try bed.deliver(bed.result("GHXK", "GH-1"))
        try bed.evaluateResults()
        let first = try bed.latest("GHXK", "GH-1")
        var corrected = bed.result("GHXK", "GH-1")
        corrected.issued = "2026-11-02"
        guard case .newVersion = try bed.deliver(corrected) else { Issue.record("not a new version"); return }
        #expect(try bed.store.result(id: first.id)?.state == ResultState.superseded)
        try bed.evaluateResults()
        let second = try bed.latest("GHXK", "GH-1")
        #expect(second.version == 2 && second.state == ResultState.warehoused)
        let push = try #require(try bed.push("PF:GHXK:GH-1"))
        #expect(push.version == 2 && push.valid)
    }
}
