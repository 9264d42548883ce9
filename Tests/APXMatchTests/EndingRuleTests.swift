import APXCore
import APXDomain
import APXMatch
import APXOutbox
import APXStore
import Testing
import TestSupport

/// Spec 03 "Project end and archive handover" rules 1–5, one test each.
@Suite struct EndingRuleTests {
    let sub = MatchBed.xmdm + "-0001"

    func ending(_ bed: MatchBed) -> Ending { Ending(store: bed.store, settings: bed.settings, workspaceRoot: bed.dir, packageDigest: ArchivePlan.zipDigest) }

    func endRequest(_ bed: MatchBed, unit: String = MatchBed.lead, qqbh: String = "JS2026112000001") throws -> [String] {
        let file = try bed.inputFile(.jsqq)
        _ = try bed.store.insertEndRequest(qqbh: qqbh, xmdm: MatchBed.xmdm, sqdwdm: unit, sqsj: "2026-11-20T10:00:00+08:00",
                                           fileID: file)
        return try ending(bed).evaluateEndRequests()
    }

    func filed(_ bed: MatchBed, gcdm: String? = nil) throws {
        try bed.buildingPermitted(gcdm: gcdm)
        let g = gcdm ?? MatchBed.xmdm
        try bed.deliver(bed.result("JGYSBA", "BA-\(g.suffix(4))", gcdm: g), source: .dtjg)
        try bed.evaluateResults()
    }

    @Test func rule1_anEndRequestFromAnotherUnitIsRefusedWithANoticeJSQQNotLead() throws {
        let bed = try MatchBed()
        try bed.warehoused()
        try filed(bed)
        #expect(try endRequest(bed, unit: MatchBed.partner).isEmpty)
        #expect(try bed.notices() == ["JSBH"])
        #expect(try bed.store.project(MatchBed.xmdm)?.state == ProjectState.warehoused)
    }

    @Test func rule1_anEndRequestForAProjectNotWarehousedIsRefused() throws {
        let bed = try MatchBed()
        try bed.platform(bed.project())
        #expect(try endRequest(bed).isEmpty)
        #expect(try bed.notices() == ["JSBH"])
        #expect(try bed.store.project(MatchBed.xmdm)?.state == ProjectState.platformOnly)
    }

    @Test func rule2_withoutAWarehousedJGYSBAForEveryActiveSubprojectTheRequestIsIncomplete() throws {
        let bed = try MatchBed()
        try bed.warehoused()
        try filed(bed)
        _ = try bed.store.transaction { try Subprojects(store: bed.store).split(xmdm: MatchBed.xmdm, gcdm: sub, name: "1#楼", by: "李四") }
        #expect(try endRequest(bed).isEmpty)
        #expect(try bed.notices() == ["JSBH"])
        #expect(try bed.store.project(MatchBed.xmdm)?.state == ProjectState.warehoused)
    }

    @Test func rule2_aRecycledSubprojectNeedsNoCompletionFiling() throws {
        let bed = try MatchBed()
        try bed.warehoused()
        try filed(bed)
        try bed.store.transaction {
            _ = try Subprojects(store: bed.store).split(xmdm: MatchBed.xmdm, gcdm: sub, name: "1#楼", by: "李四")
            try Subprojects(store: bed.store).recycle(gcdm: sub)
        }
        #expect(try endRequest(bed).count == 1)
    }

    @Test func rule3_anEligibleProjectGoesEndingWithAnArchivePackageAndADeadline90DaysAfterTheRequest() throws {
        let bed = try MatchBed()
        try bed.warehoused()
        try filed(bed)
        let packages = try endRequest(bed)
        #expect(packages.count == 1 && packages[0].hasPrefix("DA_\(MatchBed.xmdm)_"))
        #expect(try bed.store.project(MatchBed.xmdm)?.state == ProjectState.ending)
        let end = try #require(try bed.store.endingProjects().first)
        #expect(end.requestedOn == "2026-11-20" && end.deadline == "2027-02-18")
        #expect(try bed.store.package(named: packages[0])?.xmdm == MatchBed.xmdm)
    }

    @Test func rule4_aReminderGoesOnce15DaysBeforeTheDeadlineAndACreditRecordOnceAfterIt() throws {
        let bed = try MatchBed()
        try bed.warehoused()
        try filed(bed)
        _ = try endRequest(bed)
        bed.store.asOf = Day(iso: "2027-02-02")!               // 16 days before 2027-02-18
        #expect(try ending(bed).remind() == 0)
        bed.store.asOf = Day(iso: "2027-02-03")!
        #expect(try ending(bed).remind() == 1)
        #expect(try ending(bed).remind() == 0)
        bed.store.asOf = Day(iso: "2027-02-18")!               // the deadline itself: no credit record yet
        #expect(try ending(bed).remind() == 0)
        bed.store.asOf = Day(iso: "2027-02-19")!
        #expect(try ending(bed).remind() == 1)
        #expect(try ending(bed).remind() == 0)
        #expect(try bed.notices().suffix(2) == ["DACX", "XYJL"])
    }

    @Test func rule5_anAcceptingArchiveReceiptEndsTheProject() throws {
        let bed = try MatchBed()
        try bed.warehoused()
        try filed(bed)
        let name = try #require(try endRequest(bed).first)
        let effect = try bed.store.transaction {
            try ending(bed).applyArchiveReceipt(xmdm: MatchBed.xmdm, package: name, accepted: true, reason: "")
        }
        #expect(effect == .ended)
        #expect(try bed.store.project(MatchBed.xmdm)?.state == ProjectState.ended)
        #expect(try bed.store.endingProjects().isEmpty)
        #expect(try bed.store.projectData(MatchBed.xmdm, kind: .approved) != nil)     // its data stays
    }

    @Test func rule5_aRejectingArchiveReceiptNoticesTheUnitAndANewPackageCanBePushed() throws {
        let bed = try MatchBed()
        try bed.warehoused()
        try filed(bed)
        let name = try #require(try endRequest(bed).first)
        let effect = try bed.store.transaction {
            try ending(bed).applyArchiveReceipt(xmdm: MatchBed.xmdm, package: name, accepted: false, reason: "缺少竣工图")
        }
        #expect(effect == .rejected)
        #expect(try bed.notices().last == "DATH")
        #expect(try bed.store.project(MatchBed.xmdm)?.state == ProjectState.ending)
        let again = try bed.store.transaction { try ending(bed).repush(xmdm: MatchBed.xmdm) }
        #expect(again != name && again.hasSuffix("_2.zip"))
    }
}
