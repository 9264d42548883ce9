import Foundation
import Testing
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// Results whose item leaves the catalogue (the pipeline's catalogue file changed) are evaluated
/// by the night's last pass, by id, in pages of their own. A run killed after any of its page
/// commits is finished by the next run as the uninterrupted night ends.
@Suite(.serialized) struct OutsideCatalogueCrashTests {
    static let onePerPage = ["APX_PAGE_ROWS": "1"]
    static let numbers = ["JG-11", "JG-12", "JG-13"]

    /// Night 0 of `CrashScenario` with three completion filings (JGYSBA) of p1: they wait for
    /// SGXK, which never comes.
    static func workspaceAfterNightZero() -> TempWorkspace {
        let ws = TempWorkspace("apx-outside-catalogue")
        CrashScenario.drop(night: 0, into: ws)
        ws.drop("dtjg", "DTJG_JGYSBA_20261007_01.csv", GB18030.encode(ResultBuilders.dtjg(kind: "JGYSBA", rows: numbers.map {
            ["XMDM": CrashScenario.p1, "XMMC": "安置房项目", "JSDWDM": CrashScenario.l1.uscc, "JSDWMC": CrashScenario.l1.name,
             "JGYSBABH": $0, "JGYSLX": "1", "BAJG": "住建局", "BARQ": "2026-10-07"]
        })))
        _ = APXProcess.run(["run", "--root", ws.root, "--as-of", CrashScenario.nights[0]], environment: onePerPage)
        return ws
    }

    /// Pipeline settings whose catalogue lacks JGYSBA (nothing rests on it).
    static func pipelineWithoutJGYSBA(_ ws: TempWorkspace) throws -> String {
        let catalogue = ws.path("catalogue-without-jgysba.txt")
        let text = Catalogue.text.split(separator: "\n", omittingEmptySubsequences: false)
            .filter { !$0.hasPrefix("JGYSBA") }.joined(separator: "\n")
        try text.write(toFile: catalogue, atomically: true, encoding: .utf8)
        let conf = ws.path("without-jgysba.conf")
        try "catalogue.file = \(catalogue)\n".write(toFile: conf, atomically: true, encoding: .utf8)
        return conf
    }

    static func nightOne(_ ws: TempWorkspace, environment: [String: String]) throws -> APXProcess.Result {
        APXProcess.run(["run", "--root", ws.root, "--as-of", CrashScenario.nights[1], "--pipeline", try pipelineWithoutJGYSBA(ws)],
                       environment: onePerPage.merging(environment) { $1 })
    }

    @Test func killedAfterAPageOfItemsOutsideTheCatalogueTheNextRunFinishesTheNight() throws {
        let uninterrupted = Self.workspaceAfterNightZero()
        let before = try CrashScenario.snapshot(uninterrupted)["results"] ?? []
        for number in Self.numbers {
            #expect(before.contains { $0.hasPrefix("JGYSBA|\(number)|1|PENDING|") }, "\(number) waits after night 0: \(before)")
        }
        let finished = try Self.nightOne(uninterrupted, environment: [:])
        #expect(finished.status == 0, "\(finished.stderr)")
        let expected = try CrashScenario.snapshot(uninterrupted)
        for number in Self.numbers {
            #expect((expected["results"] ?? []).contains { $0.hasPrefix("JGYSBA|\(number)|1|WAREHOUSED|") },
                    "outside the catalogue, \(number) has no prerequisite left: \(expected["results"] ?? [])")
        }
        var n = 1
        while n <= 20 {
            let ws = Self.workspaceAfterNightZero()
            let killed = try Self.nightOne(ws, environment: ["APX_CRASH_LABEL": "results batch committed", "APX_CRASH_AT": String(n)])
            guard killed.status == SIGKILL else {
                #expect(killed.status == 0, "\(killed.stderr)")
                #expect(n > Self.numbers.count, "one page a result outside the catalogue: only \(n - 1) page(s)")
                CrashScenario.expectSameEnd(expected, try CrashScenario.snapshot(ws), "not killed (n = \(n))")
                break
            }
            let next = try Self.nightOne(ws, environment: [:])
            #expect(next.status == 0, "\(next.stderr)")
            CrashScenario.expectSameEnd(expected, try CrashScenario.snapshot(ws), "killed after results page \(n)")
            n += 1
        }
        #expect(n <= 20, "more than 20 results pages")
    }
}
