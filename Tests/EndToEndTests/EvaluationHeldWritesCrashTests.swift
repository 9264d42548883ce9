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
        let expectedOutbox = outbox(EvaluationPageCrashTests.workspace(after: night + 1))
        #expect(!expectedOutbox.isEmpty)
        try EvaluationPageCrashTests.killAtEveryHit(label, night: night, limit: 40, what: "page", afterFinish: { ws, n in
            let actual = outbox(ws)
            #expect(actual.keys.sorted() == expectedOutbox.keys.sorted(), "\(label) #\(n), night \(night): outbox files")
            for (file, text) in expectedOutbox where actual[file] != text {
                Issue.record("\(label) #\(n), night \(night): \(file) differs")
            }
        })
    }

    @Test func killedBetweenAResultsPageDecisionsAndItsWritesTheNextRunFinishesTheNight() throws {
        try Self.killAtEveryPage("results page decided", night: 0)
        try Self.killAtEveryPage("results page decided", night: 1)
    }

    @Test func killedBetweenARequestsPageDecisionsAndItsWritesTheNextRunFinishesTheNight() throws {
        try Self.killAtEveryPage("requests page decided", night: 0)
    }
}
