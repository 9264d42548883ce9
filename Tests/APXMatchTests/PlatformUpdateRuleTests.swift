import APXCore
import APXDomain
import APXMatch
import APXStore
import Testing
import TestSupport

/// Spec 03: a later extract for a warehoused project updates its platform data; changed key
/// information opens `PLATFORM_CHANGED` and is pushed only once a person accepts it; nothing
/// in an extract changes SPLCLX or takes the project out of the library.
@Suite struct PlatformUpdateRuleTests {
    let later = "20261121_01"

    @Test func aProjectOnlyInAnExtractIsPlatformOnly() throws {
        let bed = try MatchBed()
        #expect(try bed.platform(bed.project()) == .created)
        #expect(try bed.store.project(MatchBed.xmdm)?.state == ProjectState.platformOnly)
        #expect(try bed.store.projectData(MatchBed.xmdm, kind: .approved) == nil)
    }

    @Test func changedKeyInformationOpensPlatformChangedAndPushesNothingUntilAccepted() throws {
        let bed = try MatchBed()
        try bed.warehoused()
        let changed = bed.project(xmmc: "京东大道商住综合体（调整）", ztze: "36000.00")
        #expect(try bed.platform(changed, extractKey: later) == .reviewOpened)
        #expect(try bed.store.platformData(MatchBed.xmdm)?.record == changed)
        #expect(try bed.store.projectData(MatchBed.xmdm, kind: .approved) == bed.project())
        let item = try #require(try bed.openReviews(.project, MatchBed.xmdm).first)
        #expect(item.reasons == ["PLATFORM_CHANGED"] && item.fields.map(\.field) == ["XMMC", "ZTZE"])
        #expect(try bed.push("XM:\(MatchBed.xmdm)")?.version == 1)          // the old values only

        try bed.decisions.accept(item.id, by: "张三", note: "立项调整", sets: [])
        #expect(try bed.store.projectData(MatchBed.xmdm, kind: .approved) == changed)
        let push = try #require(try bed.push("XM:\(MatchBed.xmdm)"))
        #expect(push.version == 2 && push.valid && push.payload.contains("36000.00"))
    }

    @Test func changedUnitsAreKeyInformation() throws {
        let bed = try MatchBed()
        try bed.warehoused()
        #expect(try bed.platform(bed.project(units: [MatchBed.lead]), extractKey: later) == .reviewOpened)
        #expect(try bed.openReviews(.project, MatchBed.xmdm).first?.fields.map(\.field) == ["JSDW"])
    }

    @Test func nonKeyChangesUpdateThePlatformDataWithoutAReview() throws {
        let bed = try MatchBed()
        try bed.warehoused()
        var moved = bed.project()
        moved.jsdd = "南昌市青山湖区新地址"
        #expect(try bed.platform(moved, extractKey: later) == .updated)
        #expect(try bed.openReviews(.project, MatchBed.xmdm).isEmpty)
    }

    @Test func anExtractNeverChangesSPLCLXOrTakesAProjectOutOfTheLibrary() throws {
        let bed = try MatchBed()
        try bed.warehoused(splclx: 2)
        try bed.platform(bed.project(xmmc: "另一个名称", xzqhdm: "360112"), extractKey: later)
        let project = try #require(try bed.store.project(MatchBed.xmdm))
        #expect(project.state == ProjectState.warehoused && project.splclx == 2)
    }

    @Test func anOlderExtractThanTheStoredOneIsIgnored() throws {
        let bed = try MatchBed()
        try bed.platform(bed.project(), extractKey: later)
        #expect(try bed.platform(bed.project(ztze: "1.00"), extractKey: "20261120_01") == .older)
        #expect(try bed.store.platformData(MatchBed.xmdm)?.record.ztze == "35000.00")
    }

    @Test func keyInformationAgreeingAgainClosesTheOpenPlatformChangedItem() throws {
        let bed = try MatchBed()
        try bed.warehoused()
        try bed.platform(bed.project(ztze: "36000.00"), extractKey: "20261121_01")
        try bed.platform(bed.project(), extractKey: "20261122_01")
        #expect(try bed.openReviews(.project, MatchBed.xmdm).isEmpty)
    }
}
