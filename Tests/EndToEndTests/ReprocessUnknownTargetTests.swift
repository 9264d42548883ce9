import Foundation
import SQLiteDB
import Testing
import TestSupport

/// Spec 05: reprocessing something that does not exist exits 66 (EX_NOINPUT) and records
/// nothing — no run row, no log, no report.
@Suite struct ReprocessUnknownTargetTests {
    @Test func anUnknownFileProjectOrRunExits66AndRecordsNothing() throws {
        let ws = TempWorkspace("apx-reprocess-66")
        let first = APXProcess.run(["run", "--seed", Repository.samples, "--root", ws.root, "--as-of", "2026-11-21", "--json"])
        #expect(first.status == 0 || first.status == 65, "\(first.stderr)")
        let runID = try #require(first.object["run"] as? String)
        let db = try Database(path: ws.path("db/approval.sqlite"))
        let runs = try db.scalar("SELECT count(*) FROM run").int
        let audit = try db.scalar("SELECT count(*) FROM audit").int
        let reports = ws.files(under: "reports"), logs = ws.files(under: "logs")
        for target in [["--file", "nosuch.csv"], ["--project", "2099-360102-47-03-999999"], ["--run", "20990101T020000-1"]] {
            let r = APXProcess.run(["reprocess", "--root", ws.root, "--as-of", "2026-11-22", "--json"] + target)
            #expect(r.status == 66, "\(target): \(r.stderr)")
            #expect(r.stdout.isEmpty, "\(target)")
            #expect(r.stderr.contains(target[1]), "\(target): \(r.stderr)")
        }
        #expect(try db.scalar("SELECT count(*) FROM run").int == runs)
        #expect(try db.scalar("SELECT count(*) FROM audit").int == audit)
        #expect(ws.files(under: "reports") == reports)
        #expect(ws.files(under: "logs") == logs)
        // A run that exists is reprocessed (exit 0 or 65), recording a run.
        let known = APXProcess.run(["reprocess", "--root", ws.root, "--as-of", "2026-11-22", "--run", runID])
        #expect(known.status == 0 || known.status == 65, "\(known.stderr)")
        #expect(try db.scalar("SELECT count(*) FROM run").int == (runs ?? 0) + 1)
    }
}
