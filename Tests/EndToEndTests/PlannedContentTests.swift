import Foundation
import SQLiteDB
import Testing
import TestSupport

/// A push file's content is hashed when planned; a run that publishes what it planned
/// itself does not hash it again, but content planned by an earlier run (left PLANNED by a
/// failure) is checked against its digest before it is written to the outbox.
@Suite struct PlannedContentTests {
    @Test func contentPlannedByAnEarlierRunAndAlteredInTheDatabaseIsRefused() throws {
        let ws = TempWorkspace("apx-planned-content")
        CrashScenario.drop(night: 0, into: ws)
        // outbox/gov is a file: the night plans its gov files, then cannot publish them.
        try FileManager.default.createDirectory(atPath: ws.path("outbox"), withIntermediateDirectories: true)
        FileManager.default.createFile(atPath: ws.path("outbox/gov"), contents: Data())
        let failed = APXProcess.run(["run", "--root", ws.root, "--as-of", CrashScenario.nights[0]])
        #expect(failed.status == 1, "\(failed.stderr)")
        let db = try Database(path: ws.path("db/approval.sqlite"))
        let planned = try db.rows("SELECT id, name FROM outbox_file WHERE target = 'gov' AND state = 'PLANNED'")
        try #require(!planned.isEmpty)
        try db.run("UPDATE outbox_file SET content = CAST(replace(CAST(content AS TEXT), 'XMDM', 'XMDX') AS BLOB) WHERE id = ?",
                   planned[0].int("id"))
        try FileManager.default.removeItem(atPath: ws.path("outbox/gov"))

        let next = APXProcess.run(["run", "--root", ws.root, "--as-of", CrashScenario.nights[0]])
        #expect(next.status == 1)
        #expect(next.stderr.contains("corrupt"), "\(next.stderr)")
        #expect(!ws.exists("outbox/gov/" + planned[0].text("name")))
        #expect(try db.scalar("SELECT state FROM outbox_file WHERE id = ?", planned[0].int("id")).string == "PLANNED")
    }
}
