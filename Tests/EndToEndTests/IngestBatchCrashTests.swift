import APXCore
import Foundation
import Testing
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// A run killed between a reading batch's decisions (its set read, the audit rows of what it
/// decided) and its feed INSERTs (`APX_CRASH_LABEL=ingest batch held`, the n-th such write)
/// leaves nothing of the file: it is one transaction. The next run stores the file once and
/// the night ends as a night never interrupted — each batch write of the night in turn.
@Suite(.serialized) struct IngestBatchCrashTests {
    static let label = "ingest batch held"

    @Test func killedBetweenABatchsDecisionsAndItsWritesTheNextRunStoresTheFileExactlyOnce() throws {
        for night in 0..<2 {
            let reference = EvaluationPageCrashTests.workspace(after: night + 1)
            let expected = try CrashScenario.snapshot(reference)
            var n = 1
            while true {
                let ws = EvaluationPageCrashTests.workspace(after: night)
                CrashScenario.drop(night: night, into: ws)
                let killed = APXProcess.run(["run", "--root", ws.root, "--as-of", CrashScenario.nights[night]],
                                            environment: ["APX_CRASH_LABEL": Self.label, "APX_CRASH_AT": String(n)])
                guard killed.status == SIGKILL else {   // past the night's last batch write: a whole night
                    #expect(night > 0 || n > 1, "night \(night) wrote no batch (exit \(killed.status))")
                    CrashScenario.expectSameEnd(expected, try CrashScenario.snapshot(ws), "night \(night) not killed")
                    break
                }
                let finished = APXProcess.run(["run", "--root", ws.root, "--as-of", CrashScenario.nights[night]])
                #expect([0, 65].contains(finished.status), "#\(n): \(finished.stderr)")
                CrashScenario.expectSameEnd(expected, try CrashScenario.snapshot(ws), "#\(n), night \(night)")
                n += 1
                if n > 30 { Issue.record("more than 30 batch writes in night \(night)"); break }
            }
        }
    }
}
