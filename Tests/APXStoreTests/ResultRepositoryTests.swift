import APXCore
import APXDomain
import Testing
@testable import APXStore

/// Results and their versions, sub-projects: real rows in, typed rows out.
@Suite struct ResultRepositoryTests {
    static let xmdm = "2019-360102-47-03-012345"
    static let sub = xmdm + "-0001"

    static func result(_ sxbm: String = "GHXK", _ number: String = "GH-1", gcdm: String = xmdm, issued: String = "2026-11-01") -> ResultRecord {
        var r = ResultRecord(sxbm: sxbm, number: number, xmdm: xmdm, gcdm: gcdm)
        r.xmmc = "青山湖区京东大道商住综合体"
        r.jsdwdm = "A1"
        r.issued = issued
        r.attributes = ["RQSL": "0"]
        r.fields = ["JZMJ": "12345.67"]
        r.documents = [.init(name: "许可证.pdf", size: 1024, sha256: String(repeating: "0f", count: 32), path: "archive/x/许可证.pdf")]
        return r
    }

    @Test func aDeliveredResultIsStoredAsVersionOneInStateNew() throws {
        let t = try TempStore()
        guard case .inserted(let id) = try t.store.receiveResult(Self.result(), source: .manual, fileID: try t.inputFile(.manual)) else {
            Issue.record("not inserted"); return
        }
        let row = try #require(try t.reopened().result(id: id))
        #expect(row.record == Self.result() && row.version == 1 && row.state == ResultState.new)
        #expect(row.source == .manual && row.receivedOn == "2026-11-21" && row.reasons.isEmpty && row.cleared.isEmpty)
    }

    @Test func theSameKeyInformationAgainIsUnchangedAndADifferentOneIsTheNextVersion() throws {
        let t = try TempStore()
        let file = try t.inputFile(.manual)
        guard case .inserted(let first) = try t.store.receiveResult(Self.result(), source: .manual, fileID: file) else { return }
        try t.store.openReview(kind: .review, subjectType: .result, subjectID: String(first), xmdm: Self.xmdm, reasons: [ReasonCode("NAME_MISMATCH")])
        guard case .unchanged = try t.store.receiveResult(Self.result(), source: .manual, fileID: file) else {
            Issue.record("identical key information was stored again"); return
        }
        guard case .newVersion(let second) = try t.store.receiveResult(Self.result(issued: "2026-11-02"), source: .manual, fileID: file) else {
            Issue.record("no new version"); return
        }
        let s = try t.reopened()
        #expect(try s.result(id: first)?.state == ResultState.superseded)
        #expect(try s.openReviews(subjectType: .result, subjectID: String(first)).isEmpty)     // closed with it
        #expect(try s.latestResult(sxbm: "GHXK", number: "GH-1")?.id == second)
        #expect(try s.latestResult(sxbm: "GHXK", number: "GH-1")?.version == 2)
    }

    @Test func statesReasonsMissingItemsAndClearedChecksAreKept() throws {
        let t = try TempStore()
        guard case .inserted(let id) = try t.store.receiveResult(Self.result("SGXK", "XK-1"), source: .dtjg,
                                                                   fileID: try t.inputFile(.dtjg)) else { return }
        try t.store.setResultState(id, ResultState.pending, reasons: ["PREREQ_MISSING"], missing: ["SGTSC", "SGHT"])
        try t.store.clearCheck(id, "UNIT_MISMATCH")
        try t.store.clearCheck(id, "NAME_MISMATCH")
        let row = try #require(try t.reopened().result(id: id))
        #expect(row.state == ResultState.pending && row.reasons == ["PREREQ_MISSING"] && row.missing == ["SGTSC", "SGHT"])
        #expect(row.cleared == ["UNIT_MISMATCH", "NAME_MISMATCH"])
        #expect(try t.store.resultsToEvaluate(sxbm: "SGXK", after: 0, limit: 10).map(\.id) == [id])
        #expect(try t.store.resultsToEvaluate(sxbm: "GHXK", after: 0, limit: 10).isEmpty)
    }

    @Test func aWarehousedMainProjectResultCountsForItsSubprojectsUnlessAskedForTheSubprojectItself() throws {
        let t = try TempStore()
        guard case .inserted(let id) = try t.store.receiveResult(Self.result(), source: .manual, fileID: try t.inputFile(.manual)) else { return }
        #expect(try !t.store.hasWarehoused(sxbm: "GHXK", xmdm: Self.xmdm, gcdm: Self.sub))
        try t.store.setResultState(id, ResultState.warehoused, reasons: [])
        #expect(try t.store.hasWarehoused(sxbm: "GHXK", xmdm: Self.xmdm, gcdm: Self.sub))
        #expect(try !t.store.hasWarehoused(sxbm: "GHXK", xmdm: Self.xmdm, gcdm: Self.sub, countingMainProject: false))
        #expect(try t.store.result(pushKey: "GHXK", key: "GH-1", warehousedOnly: true)?.id == id)
    }

    @Test func subprojectsAreCreatedRenamedAndRecycledNeverDeleted() throws {
        let t = try TempStore()
        try t.store.ensureProject(Self.xmdm, state: ProjectState.warehoused)
        try t.store.createSubproject(gcdm: Self.sub, xmdm: Self.xmdm, name: "1#楼", by: "李四")
        try t.store.renameSubproject(Self.sub, name: "一号楼")
        #expect(try t.store.countResults(gcdm: Self.sub) == 0)
        _ = try t.store.receiveResult(Self.result(gcdm: Self.sub), source: .manual, fileID: try t.inputFile(.manual))
        #expect(try t.store.countResults(gcdm: Self.sub) == 1)
        try t.store.recycleSubproject(Self.sub)
        let s = try t.reopened()
        let row = try #require(try s.subproject(Self.sub))
        #expect(row.name == "一号楼" && row.state == .recycled && row.xmdm == Self.xmdm)
        #expect(try s.subprojects(xmdm: Self.xmdm).map(\.gcdm) == [Self.sub])
    }
}
