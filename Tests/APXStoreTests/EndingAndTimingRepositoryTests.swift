import APXCore
import APXDomain
import Testing
@testable import APXStore

/// End requests, project ends, timed items, acceptances and the day's duties: real rows in,
/// typed rows out.
@Suite struct EndingAndTimingRepositoryTests {
    static let xmdm = "2019-360102-47-03-012345"

    @Test func anEndRequestIsStoredOnceAndListedAsNewUntilDecided() throws {
        let t = try TempStore()
        let file = try t.inputFile(.jsqq)
        #expect(try t.store.insertEndRequest(qqbh: "JS2", xmdm: Self.xmdm, sqdwdm: "A1", sqsj: "2026-11-20T11:00:00+08:00", fileID: file))
        #expect(try t.store.insertEndRequest(qqbh: "JS1", xmdm: Self.xmdm, sqdwdm: "A1", sqsj: "2026-11-20T10:00:00+08:00", fileID: file))
        #expect(try !t.store.insertEndRequest(qqbh: "JS1", xmdm: Self.xmdm, sqdwdm: "B2", sqsj: "2026-11-21T10:00:00+08:00", fileID: file))
        let s = try t.reopened()
        let rows = try s.newEndRequests()
        #expect(rows.map(\.qqbh) == ["JS1", "JS2"] && rows[0].sqdwdm == "A1" && rows[0].state == .new)
        try s.setEndRequestState("JS1", .rejected, reasons: ["JSQQ_NOT_LEAD"])
        #expect(try t.reopened().newEndRequests().map(\.qqbh) == ["JS2"])
    }

    @Test func aProjectEndKeepsItsDeadlineAndLeavesTheEndingListWhenEnded() throws {
        let t = try TempStore()
        try t.store.ensureProject(Self.xmdm, state: ProjectState.ending)
        try t.store.startProjectEnd(xmdm: Self.xmdm, qqbh: "JS1", requestedOn: "2026-11-20", deadline: "2027-02-18")
        let end = try #require(try t.reopened().endingProjects().first)
        #expect(end.xmdm == Self.xmdm && end.qqbh == "JS1" && end.requestedOn == "2026-11-20" && end.deadline == "2027-02-18")
        #expect(end.endedOn == nil)
        try t.store.markProjectEnded(Self.xmdm)
        try t.store.setProjectState(Self.xmdm, ProjectState.ended)
        #expect(try t.reopened().endingProjects().isEmpty)
    }

    @Test func aTimedItemIsOpenedOnceAndFinishedWithItsWorkingDaysAndWhetherOnTime() throws {
        let t = try TempStore()
        func open(_ key: String, deadline: String) throws {
            try t.store.openTimedItem(key: key, sxbm: "SGTSC", xmdm: Self.xmdm, gcdm: Self.xmdm, handler: "审查中心",
                                      acceptedOn: "2026-11-02", promisedDays: 10, deadline: deadline)
        }
        try open("BL:SGTSC:SC2", deadline: "2026-11-17")
        try open("BL:SGTSC:SC1", deadline: "2026-11-16")
        try open("BL:SGTSC:SC1", deadline: "2030-01-01")              // the first opening stands
        #expect(try t.reopened().openTimedItems().map(\.key) == ["BL:SGTSC:SC1", "BL:SGTSC:SC2"])
        #expect(try t.store.openTimedItems().first?.deadline == "2026-11-16")
        try t.store.finishTimedItem(key: "BL:SGTSC:SC1", sxbm: "SGTSC", xmdm: Self.xmdm, gcdm: Self.xmdm, handler: "审查中心",
                                    acceptedOn: "2026-11-02", promisedDays: 10, deadline: "2026-11-16", finishedOn: "2026-11-13",
                                    usedDays: 9)
        let open = try t.reopened().openTimedItems()
        #expect(open.map(\.key) == ["BL:SGTSC:SC2"] && open[0].state == .open && open[0].usedDays == nil)
        let byItem = try t.store.efficiency().byItem
        #expect(byItem.count == 1 && byItem[0].0 == "SGTSC" && byItem[0].1 == 1 && byItem[0].2 == 1)
    }

    @Test func anAcceptanceIsKeptOnceAndWaitsToBePushedInEachState() throws {
        let t = try TempStore()
        let file = try t.inputFile(.sgt)
        let a = Acceptance(slbh: "SC1", sxbm: "SGTSC", xmdm: Self.xmdm, gcdm: Self.xmdm, acceptedAt: "2026-11-02T09:30:00+08:00",
                           promisedDays: 10, waived: true, handler: "审查中心")
        try t.store.receiveAcceptance(a, fileID: file)
        var later = a
        later.handler = "别的中心"
        try t.store.receiveAcceptance(later, fileID: file)
        let row = try #require(try t.reopened().application("SC1"))
        #expect(row.acceptance == a && row.state == .accepted && row.finishedAt == nil && row.receivedOn == "2026-11-21")
        #expect(try t.store.applicationsToPush().map(\.acceptance.slbh) == ["SC1"])
        try t.store.markApplicationPushed("SC1", state: .accepted)
        #expect(try t.store.applicationsToPush().isEmpty)
        try t.store.finishApplication("SC1", state: .failed, finishedAt: "2026-11-10T16:00:00+08:00")
        let failed = try #require(try t.reopened().applicationsToPush().first)
        #expect(failed.state == .failed && failed.finishedAt == "2026-11-10T16:00:00+08:00")
    }

    @Test func theDaysDutiesAreRecordedOncePerAsOfDate() throws {
        let t = try TempStore()
        #expect(try !t.store.dailyDutiesDone(on: Day(iso: "2026-11-21")!))
        try t.store.recordDailyDuties()
        try t.store.recordDailyDuties()
        let s = try t.reopened()
        #expect(try s.dailyDutiesDone(on: Day(iso: "2026-11-21")!) && !s.dailyDutiesDone(on: Day(iso: "2026-11-22")!))
    }
}
