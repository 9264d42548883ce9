import APXCore
import APXDomain
import Testing
@testable import APXStore

/// Projects (state, SPLCLX, platform vs approved data) and warehousing requests: real rows
/// into a temporary database, typed rows out of a new connection.
@Suite struct ProjectAndRequestRepositoryTests {
    static let xmdm = "2019-360102-47-03-012345"

    static func record(xmmc: String = "青山湖区京东大道商住综合体", ztze: String = "35000.00", units: [Unit]? = nil) -> ProjectRecord {
        ProjectRecord(xmdm: xmdm, xmmc: xmmc, lxlx: "3", tzptlx: "99", gbhy: "4710", xzqhdm: "360111", jsdd: "京东大道以东",
                      ztze: ztze, jsgmjnr: "约12万平方米", nkgsj: "2026-03-01", njcsj: "2028-06-30", lxsj: "2019-10-12",
                      units: units ?? [Unit(name: "甲公司", code: "A1"), Unit(name: "乙公司", code: "B2"), Unit(name: "丙公司", code: "C3")])
    }

    @Test func platformAndApprovedDataAreKeptApartWithTheirUnitsInOrder() throws {
        let t = try TempStore()
        let file = try t.inputFile()
        try t.store.ensureProject(Self.xmdm, state: ProjectState.platformOnly)
        try t.store.saveProjectData(Self.record(), kind: .platform, extractKey: "20261120_01", fileID: file)
        try t.store.saveProjectData(Self.record(xmmc: "批复名称", units: [Unit(name: "丙公司", code: "C3")]), kind: .approved)
        let s = try t.reopened()
        #expect(try s.projectData(Self.xmdm, kind: .platform) == Self.record())
        #expect(try s.projectData(Self.xmdm, kind: .approved)?.xmmc == "批复名称")
        #expect(try s.projectData(Self.xmdm, kind: .approved)?.units == [Unit(name: "丙公司", code: "C3")])
        #expect(try s.platformData(Self.xmdm)?.extractKey == "20261120_01")
        #expect(try s.projectData("2019-360102-47-03-999999", kind: .platform) == nil)
    }

    @Test func savingAgainReplacesTheDataAndTheWholeUnitList() throws {
        let t = try TempStore()
        try t.store.ensureProject(Self.xmdm, state: ProjectState.platformOnly)
        try t.store.saveProjectData(Self.record(), kind: .platform)
        try t.store.saveProjectData(Self.record(ztze: "1.00", units: [Unit(name: "乙公司", code: "B2")]), kind: .platform)
        let back = try #require(try t.reopened().projectData(Self.xmdm, kind: .platform))
        #expect(back.ztze == "1.00" && back.units == [Unit(name: "乙公司", code: "B2")])
    }

    @Test func theSamePlatformDataAgainOnlyMovesItsExtractKey() throws {
        let t = try TempStore()
        try t.store.ensureProject(Self.xmdm, state: ProjectState.platformOnly)
        try t.store.saveProjectData(Self.record(), kind: .platform, extractKey: "20261120_01")
        try t.store.touchPlatformData(Self.xmdm, extractKey: "20261121_02", fileID: try t.inputFile())
        #expect(try t.reopened().platformData(Self.xmdm)?.extractKey == "20261121_02")
    }

    @Test func aProjectIsCreatedOnceAndItsStateChangesAreAudited() throws {
        let t = try TempStore()
        #expect(try t.store.ensureProject(Self.xmdm, state: ProjectState.pending))
        #expect(try !t.store.ensureProject(Self.xmdm, state: ProjectState.platformOnly))
        try t.store.setProjectState(Self.xmdm, ProjectState.warehoused, detail: "RK1")
        try t.store.setSPLCLX(Self.xmdm, 2)
        let row = try #require(try t.reopened().project(Self.xmdm))
        #expect(row.state == ProjectState.warehoused && row.splclx == 2 && row.firstSeen == "2026-11-21")
        #expect(row.warehousedOn == "2026-11-21")
        let story = try t.store.projectHistory(Self.xmdm).filter { $0.type == "project" }.map(\.action)
        #expect(story.contains("created") && story.contains("state") && story.contains("splclx"))
    }

    @Test func aStateChangeToTheCurrentStateIsNoChange() throws {
        let t = try TempStore()
        try t.store.ensureProject(Self.xmdm, state: ProjectState.pending)
        let before = try t.store.projectHistory(Self.xmdm).count
        try t.store.setProjectState(Self.xmdm, ProjectState.pending)
        #expect(try t.store.projectHistory(Self.xmdm).count == before)
    }

    static func request(_ qqbh: String) -> WarehousingRequest {
        WarehousingRequest(qqbh: qqbh, xmdm: xmdm, xmmc: "青山湖区京东大道商住综合体", xzqhdm: "360111", ztze: "35000.00",
                           sqdwdm: "A1", sqdwmc: "甲公司", splclx: 3, sqsj: "2026-11-20T10:00:00+08:00")
    }

    @Test func aRequestIsStoredOnceByItsNumberAndReadBackTyped() throws {
        let t = try TempStore()
        let file = try t.inputFile(.rkqq)
        #expect(try t.store.insertRequest(Self.request("RK1"), fileID: file))
        #expect(try !t.store.insertRequest(Self.request("RK1"), fileID: file))
        let row = try #require(try t.reopened().request("RK1"))
        #expect(row.request == Self.request("RK1"))
        #expect(row.state == RequestState.new && row.reasons.isEmpty && row.receivedOn == "2026-11-21")
    }

    @Test func requestsToEvaluateAreTheNewAndPendingOnesAPageAtATimeByNumber() throws {
        let t = try TempStore()
        let file = try t.inputFile(.rkqq)
        for n in ["RK3", "RK1", "RK2", "RK4"] { _ = try t.store.insertRequest(Self.request(n), fileID: file) }
        try t.store.setRequestState("RK2", RequestState.pending, reasons: [.projectNotFound])
        try t.store.setRequestState("RK4", RequestState.review, reasons: [.keyMismatch, .notLeadUnit])
        #expect(try t.store.requestsToEvaluate(after: "", limit: 2).map(\.request.qqbh) == ["RK1", "RK2"])
        #expect(try t.store.requestsToEvaluate(after: "RK2", limit: 2).map(\.request.qqbh) == ["RK3"])
        let s = try t.reopened()
        #expect(try s.request("RK4")?.reasons == ["KEY_MISMATCH", "NOT_LEAD_UNIT"])
        #expect(try s.countRequests(state: RequestState.new) == 2)
        #expect(try s.requests(xmdm: Self.xmdm).count == 4)
    }
}
