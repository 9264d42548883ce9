import APXCore
import APXDomain
import APXMatch
import APXStore
import Testing
import TestSupport

/// Spec 03 "Deadlines and efficiency supervision": working days after the 2026 calendar, the
/// day of acceptance not counted; an open item gets SXCB with one working day left, SXDB on
/// the day, SXDC once past — each once; a finished item records its days and whether on time.
@Suite struct DeadlineRuleTests {
    static func day(_ iso: String) -> Day { Day(iso: iso)! }

    @Test func workingDaysSkipTheAcceptanceDayHolidaysAndWeekendsAndCountMakeUpDays() throws {
        let calendar = try MatchBed().reference.calendar
        // 国庆 10-01–10-07 off, Saturday 10-10 worked: 10 working days after 09-30 end on 10-20.
        #expect(calendar.addingWorkingDays(10, to: Self.day("2026-09-30")) == Self.day("2026-10-20"))
        // Sunday 09-20 is a make-up working day; 中秋 Friday 09-25 is off.
        #expect(calendar.isWorkingDay(Self.day("2026-09-20")) && !calendar.isWorkingDay(Self.day("2026-09-25")))
        #expect(calendar.addingWorkingDays(1, to: Self.day("2026-09-18")) == Self.day("2026-09-20"))
        #expect(calendar.workingDaysUsed(acceptedAt: "2026-09-30T09:00:00+08:00", finishedAt: "2026-10-08T17:00:00+08:00") == 1)
    }

    @Test func aYearWithoutACalendarCountsMondayToFriday() throws {
        let calendar = try MatchBed().reference.calendar
        #expect(calendar.isWorkingDay(Self.day("2030-01-01")))            // a Tuesday, whatever the holiday
        #expect(!calendar.isWorkingDay(Self.day("2030-01-05")))           // a Saturday
    }

    func bedWithAnOpenItem() throws -> MatchBed {
        let bed = try MatchBed(asOf: "2026-09-30")
        try bed.store.openTimedItem(key: "BL:SGTSC:SC1", sxbm: "SGTSC", xmdm: MatchBed.xmdm, gcdm: MatchBed.xmdm, handler: "审查中心",
                                    acceptedOn: "2026-09-30", promisedDays: 10, deadline: "2026-10-20")
        return bed
    }

    func supervise(_ bed: MatchBed, on iso: String) throws -> Deadlines.Status {
        bed.store.asOf = Self.day(iso)
        return try Deadlines(store: bed.store, calendar: bed.reference.calendar).supervise()
    }

    @Test func twoWorkingDaysLeftIsNoNoticeYet() throws {
        let bed = try bedWithAnOpenItem()
        for iso in ["2026-10-16", "2026-10-17", "2026-10-18"] {        // Friday, and the weekend before Monday
            let s = try supervise(bed, on: iso)
            #expect(s.reminders + s.dueToday + s.overdue == 0, "\(iso)")
        }
        #expect(try bed.notices().isEmpty)
    }

    @Test func oneWorkingDayLeftIsAReminderSXCBOnce() throws {
        let bed = try bedWithAnOpenItem()
        #expect(try supervise(bed, on: "2026-10-19").reminders == 1)
        #expect(try supervise(bed, on: "2026-10-19").reminders == 0)
        #expect(try bed.notices() == ["SXCB"])
    }

    @Test func theDeadlineDayIsASupervisionNoticeSXDBOnce() throws {
        let bed = try bedWithAnOpenItem()
        #expect(try supervise(bed, on: "2026-10-20").dueToday == 1)
        #expect(try supervise(bed, on: "2026-10-20").dueToday == 0)
        #expect(try bed.notices() == ["SXDB"])
    }

    @Test func pastTheDeadlineIsAnOverdueNoticeSXDCOnceAndTheItemCountsOverdue() throws {
        let bed = try bedWithAnOpenItem()
        for iso in ["2026-10-19", "2026-10-20", "2026-10-21", "2026-10-22", "2026-11-30"] { _ = try supervise(bed, on: iso) }
        #expect(try bed.notices() == ["SXCB", "SXDB", "SXDC"])
        #expect(try bed.store.openTimedItemCounts().map(\.count) == [1])
    }

    @Test func aFinishedItemGetsNoNoticeAndRecordsItsWorkingDaysAndWhetherOnTime() throws {
        let bed = try bedWithAnOpenItem()
        try bed.store.finishTimedItem(key: "BL:SGTSC:SC1", sxbm: "SGTSC", xmdm: MatchBed.xmdm, gcdm: MatchBed.xmdm, handler: "审查中心",
                                      acceptedOn: "2026-09-30", promisedDays: 10, deadline: "2026-10-20", finishedOn: "2026-10-21",
                                      usedDays: 11)
        _ = try supervise(bed, on: "2026-10-22")
        #expect(try bed.notices().isEmpty)
        #expect(try bed.store.openTimedItems().isEmpty)
        let byItem = try bed.store.efficiency().byItem
        #expect(byItem.count == 1 && byItem[0].0 == "SGTSC" && byItem[0].1 == 1 && byItem[0].2 == 0)   // 11 of 10 days: late
    }
}
