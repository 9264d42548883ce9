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
    /// The workspace after `nights` uninterrupted nights of `CrashScenario`.
    static func workspace(after nights: Int) -> TempWorkspace {
        let ws = TempWorkspace("apx-page")
        for i in 0..<nights {
            CrashScenario.drop(night: i, into: ws)
            _ = APXProcess.run(["run", "--root", ws.root, "--as-of", CrashScenario.nights[i]])
        }
        return ws
    }

    /// Kills night `night` at every commit of `label` in turn; each time the next run finishes it.
    static func killAtEveryPage(_ label: String, night: Int) throws {
        try killAtEveryHit(label, night: night, limit: 40, what: "page commit")
    }

    /// Kills night `night` at the n-th hit of crash label `label`, for n = 1, 2, … until a run
    /// is no longer killed (then it must have ended as the uninterrupted night and have had at
    /// least `minimumHits - 1` hits); after each kill the next run must end the night as the
    /// uninterrupted one (`CrashScenario.expectSameEnd`). `afterKill` / `afterFinish` add their
    /// own checks of the killed and of the finished workspace (with n). More than `limit`
    /// hits is an issue.
    static func killAtEveryHit(_ label: String, night: Int, limit: Int, minimumHits: Int = 2, what: String,
                               afterKill: (TempWorkspace, Int) throws -> Void = { _, _ in },
                               afterFinish: (TempWorkspace, Int) throws -> Void = { _, _ in }) throws {
        let expected = try CrashScenario.snapshot(workspace(after: night + 1))
        var n = 1
        while n <= limit {
            let ws = workspace(after: night)
            CrashScenario.drop(night: night, into: ws)
            let killed = APXProcess.run(["run", "--root", ws.root, "--as-of", CrashScenario.nights[night]],
                                        environment: ["APX_CRASH_LABEL": label, "APX_CRASH_AT": String(n)])
            guard killed.status == SIGKILL else {   // past the night's last hit: a whole night
                #expect(n >= minimumHits, "\(label): night \(night) has only \(n - 1) \(what)(s) (exit \(killed.status))")
                CrashScenario.expectSameEnd(expected, try CrashScenario.snapshot(ws), "\(label), night \(night) not killed")
                return
            }
            try afterKill(ws, n)
            let finished = APXProcess.run(["run", "--root", ws.root, "--as-of", CrashScenario.nights[night]])
            #expect([0, 65].contains(finished.status), "\(label) #\(n): \(finished.stderr)")
            CrashScenario.expectSameEnd(expected, try CrashScenario.snapshot(ws), "\(label) #\(n), night \(night)")
            try afterFinish(ws, n)
            n += 1
        }
        Issue.record("\(label): more than \(limit) \(what)s in night \(night)")
    }

    @Test func killedAfterAResultsPageTheNextRunFinishesTheNightExactlyOnce() throws {
        try Self.killAtEveryPage("results batch committed", night: 0)
        try Self.killAtEveryPage("results batch committed", night: 1)
    }

    @Test func killedAfterARequestsPageTheNextRunFinishesTheNightExactlyOnce() throws {
        try Self.killAtEveryPage("requests batch committed", night: 0)
    }
}
