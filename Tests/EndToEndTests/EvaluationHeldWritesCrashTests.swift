import Foundation
import Testing
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// A run killed inside a page of results or requests — its decisions made, its held state
/// changes and review items not yet written (`APX_CRASH_LABEL` "… page decided" +
/// `APX_CRASH_AT=n`: the n-th such page) — leaves nothing of that page; the next run decides
/// it again and ends the night as one never interrupted: the same tables
/// (`CrashScenario.expectSameEnd`) and the same outbox, file for file and byte for byte apart
/// from the wall-clock `scsj` and the notices' `SJ`.
@Suite(.serialized) struct EvaluationHeldWritesCrashTests {
    /// The outbox's push and notice files without their wall-clock fields.
    static func outbox(_ ws: TempWorkspace) -> [String: String] {
        var out: [String: String] = [:]
        for file in ws.files(under: "outbox") where file.hasSuffix(".xml") || file.hasSuffix(".csv") {
            var text = ws.read(file) ?? "(unreadable)"
            if file.hasSuffix(".xml") {
                text = text.replacingOccurrences(of: #"scsj="[^"]*""#, with: "", options: .regularExpression)
            } else {
                text = text.components(separatedBy: "\r\n").map { $0.split(separator: ",", omittingEmptySubsequences: false)
                    .dropLast().joined(separator: ",") }.joined(separator: "\r\n")
            }
            out[file] = text
        }
        return out
    }

    static func killAtEveryPage(_ label: String, night: Int) throws {
        let reference = EvaluationPageCrashTests.workspace(after: night + 1)
        let expected = try CrashScenario.snapshot(reference)
        let expectedOutbox = outbox(reference)
        #expect(!expectedOutbox.isEmpty)
        var n = 1
        while n <= 40 {
            let ws = EvaluationPageCrashTests.workspace(after: night)
            CrashScenario.drop(night: night, into: ws)
            let killed = APXProcess.run(["run", "--root", ws.root, "--as-of", CrashScenario.nights[night]],
                                        environment: ["APX_CRASH_LABEL": label, "APX_CRASH_AT": String(n)])
            guard killed.status == SIGKILL else {   // past the night's last page: a whole night
                #expect(n > 1, "\(label): night \(night) has no page (exit \(killed.status))")
                return
            }
            let finished = APXProcess.run(["run", "--root", ws.root, "--as-of", CrashScenario.nights[night]])
            #expect([0, 65].contains(finished.status), "\(label) #\(n): \(finished.stderr)")
            CrashScenario.expectSameEnd(expected, try CrashScenario.snapshot(ws), "\(label) #\(n), night \(night)")
            let actual = outbox(ws)
            #expect(actual.keys.sorted() == expectedOutbox.keys.sorted(), "\(label) #\(n), night \(night): outbox files")
            for (file, text) in expectedOutbox where actual[file] != text {
                Issue.record("\(label) #\(n), night \(night): \(file) differs")
            }
            n += 1
        }
        Issue.record("\(label): more than 40 pages in night \(night)")
    }

    @Test func killedBetweenAResultsPageDecisionsAndItsWritesTheNextRunFinishesTheNight() throws {
        try Self.killAtEveryPage("results page decided", night: 0)
        try Self.killAtEveryPage("results page decided", night: 1)
    }

    @Test func killedBetweenARequestsPageDecisionsAndItsWritesTheNextRunFinishesTheNight() throws {
        try Self.killAtEveryPage("requests page decided", night: 0)
    }
}
