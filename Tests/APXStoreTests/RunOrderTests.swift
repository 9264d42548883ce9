import APXCore
import APXStore
import Testing

/// Run ids are `<second>-<pid>`: inside one second they do not sort by time (pid 9999 then
/// 10000, or a wrapped pid). The last run is the one recorded last.
@Suite struct RunOrderTests {
    @Test func lastFinishedRunOfOneSecondIsTheOneRecordedLastNotTheGreatestID() throws {
        let bed = try TempStore(runID: "20261121T020000-9999")
        let first = bed.store
        try first.recordRunStart(command: "run")
        try first.recordRunEnd(exitCode: 0, summary: "{}")
        let second = try bed.reopened(runID: "20261121T020000-10000")
        second.asOf = Day(iso: "2026-11-22")!
        try second.recordRunStart(command: "run")
        try second.recordRunEnd(exitCode: 0, summary: "{}")

        let last = try #require(try bed.reopened(runID: "R3").lastCompletedRun())
        #expect(last.id == "20261121T020000-10000")
        #expect(last.asOf == Day(iso: "2026-11-22")!)
    }
}
