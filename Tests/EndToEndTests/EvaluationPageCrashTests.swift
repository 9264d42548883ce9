import APXCore
import Foundation
import Testing
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// A run killed right after a page of results or requests is committed (`APX_CRASH_LABEL` +
/// `APX_CRASH_AT=n`: the n-th commit of that page kind) leaves the page's state changes, audit
/// rows and push records in the database and the rest undone; the next run finishes the night
/// and everything is there exactly once, as after a night never interrupted.
@Suite(.serialized) struct EvaluationPageCrashTests {
    /// What a night drops into the inbox (night index, workspace).
    typealias NightFiles = (Int, TempWorkspace) -> Void

    /// `CrashScenario`'s files for a night.
    static func scenario(_ night: Int, _ ws: TempWorkspace) { CrashScenario.drop(night: night, into: ws) }

    /// The workspace after `nights` uninterrupted nights of `drop`'s files, every run with
    /// `environment` (e.g. `APX_PAGE_ROWS`).
    static func workspace(after nights: Int, environment: [String: String] = [:], drop: NightFiles = scenario) -> TempWorkspace {
        let ws = TempWorkspace("apx-page")
        for i in 0..<nights {
            drop(i, ws)
            _ = APXProcess.run(["run", "--root", ws.root, "--as-of", CrashScenario.nights[i]], environment: environment)
        }
        return ws
    }

    /// Kills night `night` at every commit of `label` in turn; each time the next run finishes it.
    /// Returns how many commits of `label` the night has.
    @discardableResult
    static func killAtEveryPage(_ label: String, night: Int, environment: [String: String] = [:],
                                drop: NightFiles = scenario) throws -> Int {
        try killAtEveryHit(label, night: night, limit: 40, what: "page commit", environment: environment, drop: drop)
    }

    /// Kills night `night` at the n-th hit of crash label `label`, for n = 1, 2, … until a run
    /// is no longer killed (then it must have ended as the uninterrupted night and have had at
    /// least `minimumHits - 1` hits); after each kill the next run must end the night as the
    /// uninterrupted one (`CrashScenario.expectSameEnd`). `afterKill` / `afterFinish` add their
    /// own checks of the killed and of the finished workspace (with n). More than `limit`
    /// hits is an issue.
    /// Returns the night's number of hits.
    @discardableResult
    static func killAtEveryHit(_ label: String, night: Int, limit: Int, minimumHits: Int = 2, what: String,
                               environment: [String: String] = [:],
                               drop: NightFiles = scenario,
                               afterKill: (TempWorkspace, Int) throws -> Void = { _, _ in },
                               afterFinish: (TempWorkspace, Int) throws -> Void = { _, _ in }) throws -> Int {
        let expected = try CrashScenario.snapshot(workspace(after: night + 1, environment: environment, drop: drop))
        var n = 1
        while n <= limit {
            let ws = workspace(after: night, environment: environment, drop: drop)
            drop(night, ws)
            let killed = APXProcess.run(["run", "--root", ws.root, "--as-of", CrashScenario.nights[night]],
                                        environment: environment.merging(["APX_CRASH_LABEL": label, "APX_CRASH_AT": String(n)]) { $1 })
            guard killed.status == SIGKILL else {   // past the night's last hit: a whole night
                #expect(n >= minimumHits, "\(label): night \(night) has only \(n - 1) \(what)(s) (exit \(killed.status))")
                CrashScenario.expectSameEnd(expected, try CrashScenario.snapshot(ws), "\(label), night \(night) not killed")
                return n - 1
            }
            try afterKill(ws, n)
            let finished = APXProcess.run(["run", "--root", ws.root, "--as-of", CrashScenario.nights[night]],
                                          environment: environment)
            #expect([0, 65].contains(finished.status), "\(label) #\(n): \(finished.stderr)")
            CrashScenario.expectSameEnd(expected, try CrashScenario.snapshot(ws), "\(label) #\(n), night \(night)")
            try afterFinish(ws, n)
            n += 1
        }
        Issue.record("\(label): more than \(limit) \(what)s in night \(night)")
        return n - 1
    }

    @Test func killedAfterAResultsPageTheNextRunFinishesTheNightExactlyOnce() throws {
        try Self.killAtEveryPage("results batch committed", night: 0)
        try Self.killAtEveryPage("results batch committed", night: 1)
    }

    @Test func killedAfterARequestsPageTheNextRunFinishesTheNightExactlyOnce() throws {
        try Self.killAtEveryPage("requests batch committed", night: 0)
    }

    /// Pages of one row (`APX_PAGE_ROWS`): every results page after an item's first is read
    /// ahead on the page reader beside the page before; a kill after any page commit (or inside
    /// a results page) leaves nothing of what was read ahead, and the next run ends the night as
    /// the uninterrupted one (with the same page size) does.
    @Test func killedAfterAPageReadAheadTheNextRunFinishesTheNightExactlyOnce() throws {
        let onePerPage = ["APX_PAGE_ROWS": "1"]
        // Night 0 with four more construction contracts (SGHT) of both projects: an item with
        // several open results, so several pages of it.
        let drop: NightFiles = { night, ws in
            Self.scenario(night, ws)
            guard night == 0 else { return }
            let (p1, p2, l1, l2) = (CrashScenario.p1, CrashScenario.p2, CrashScenario.l1, CrashScenario.l2)
            ws.drop("dtjg", "DTJG_HTBA_20261007_02.csv", GB18030.encode(ResultBuilders.dtjg(kind: "HTBA", rows: [
                (p1, "安置房项目", l1, "HT-11"), (p2, "赣江大桥", l2, "HT-12"), (p1, "安置房项目", l1, "HT-13"), (p2, "赣江大桥", l2, "HT-14"),
            ].map { xmdm, xmmc, unit, number in
                ["XMDM": xmdm, "XMMC": xmmc, "JSDWDM": unit.uscc, "JSDWMC": unit.name, "HTBABH": number, "HTLX": "1", "ZBFS": "3",
                 "CBDWMC": "建工", "CBDWDM": Cast.unit2.uscc, "HTJE": "100", "QDRQ": "2026-09-01", "BARQ": "2026-09-02"]
            })))
        }
        let requests = try Self.killAtEveryPage("requests batch committed", night: 0, environment: onePerPage, drop: drop)
        let results = try Self.killAtEveryPage("results batch committed", night: 0, environment: onePerPage, drop: drop)
        try Self.killAtEveryHit("results page decided", night: 0, limit: 40, what: "page", environment: onePerPage, drop: drop)
        // More pages than with the usual sizes (so results pages were read ahead).
        #expect(requests > (try Self.killAtEveryPage("requests batch committed", night: 0, drop: drop)))
        #expect(results > (try Self.killAtEveryPage("results batch committed", night: 0, drop: drop)))
    }
}
