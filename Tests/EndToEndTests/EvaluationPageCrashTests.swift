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
        let reference = workspace(after: night + 1)
        let expected = try CrashScenario.snapshot(reference)
        var n = 1
        while n <= 40 {
            let ws = workspace(after: night)
            CrashScenario.drop(night: night, into: ws)
            let killed = APXProcess.run(["run", "--root", ws.root, "--as-of", CrashScenario.nights[night]],
                                        environment: ["APX_CRASH_LABEL": label, "APX_CRASH_AT": String(n)])
            guard killed.status == SIGKILL else {   // past the night's last page commit: a whole night
                #expect(n > 1, "\(label): night \(night) has no page commit (exit \(killed.status))")
                CrashScenario.expectSameEnd(expected, try CrashScenario.snapshot(ws), "\(label), night \(night) not killed")
                return
            }
            let finished = APXProcess.run(["run", "--root", ws.root, "--as-of", CrashScenario.nights[night]])
            #expect([0, 65].contains(finished.status), "\(label) #\(n): \(finished.stderr)")
            CrashScenario.expectSameEnd(expected, try CrashScenario.snapshot(ws), "\(label) #\(n), night \(night)")
            n += 1
        }
        Issue.record("\(label): more than 40 page commits in night \(night)")
    }

    @Test func killedAfterAResultsPageTheNextRunFinishesTheNightExactlyOnce() throws {
        try Self.killAtEveryPage("results batch committed", night: 0)
        try Self.killAtEveryPage("results batch committed", night: 1)
    }

    @Test func killedAfterARequestsPageTheNextRunFinishesTheNightExactlyOnce() throws {
        try Self.killAtEveryPage("requests batch committed", night: 0)
    }
}
