import Flate
import Foundation
import SQLiteDB
import Testing
import TestSupport

/// A push file's content is hashed when planned; a run that publishes what it planned
/// itself does not hash it again, but content planned by an earlier run (left PLANNED by a
/// failure) is checked against its digest before it is written to the outbox.
@Suite struct PlannedContentTests {
    /// A workspace whose night 0 was killed right after its gov files were planned (the
    /// first crash point at which a planned gov file exists: found by bisection).
    static func killedAfterPlanning() throws -> TempWorkspace {
        func attempt(_ k: Int) throws -> (TempWorkspace, Bool) {
            let ws = TempWorkspace("apx-planned-content")
            CrashScenario.drop(night: 0, into: ws)
            _ = APXProcess.run(["run", "--root", ws.root, "--as-of", CrashScenario.nights[0]], environment: ["APX_CRASH_AT": "\(k)"])
            guard ws.exists("db/approval.sqlite") else { return (ws, false) }
            let planned = try Database(path: ws.path("db/approval.sqlite")).scalar("SELECT count(*) FROM outbox_file WHERE target = 'gov'").int ?? 0
            return (ws, planned > 0)
        }
        var low = 1, high = 400
        while low < high {
            let mid = (low + high) / 2
            if try attempt(mid).1 { high = mid } else { low = mid + 1 }
        }
        let (ws, planned) = try attempt(low)
        try #require(planned)
        return ws
    }

    @Test func contentPlannedByAnEarlierRunAndAlteredInTheDatabaseIsRefused() throws {
        let ws = try Self.killedAfterPlanning()
        let db = try Database(path: ws.path("db/approval.sqlite"))
        let planned = try db.rows("SELECT id, name FROM outbox_file WHERE target = 'gov' AND state = 'PLANNED' ORDER BY batch")
        try #require(!planned.isEmpty)
        #expect(!ws.exists("outbox/gov/" + planned[0].text("name")))
        // Altered as someone with the database would: inflated, edited, compressed again (a
        // valid stream, so only the digest can tell).
        let id = planned[0].int("id") ?? 0
        #expect(try db.scalar("SELECT content_encoding FROM outbox_file WHERE id = ?", id).string == "zlib")
        guard case .blob(let stored) = try db.scalar("SELECT content FROM outbox_file WHERE id = ?", id) else {
            Issue.record("no content"); return
        }
        let text = String(decoding: try Flate.inflate(stored, container: .zlib, limit: 1 << 26), as: UTF8.self)
        #expect(text.contains("XMDM"))
        let altered = try Flate.deflate(Array(text.replacingOccurrences(of: "XMDM", with: "XMDX").utf8), container: .zlib)
        try db.run("UPDATE outbox_file SET content = ? WHERE id = ?", SQLValue.blob(altered), id)

        let next = APXProcess.run(["run", "--root", ws.root, "--as-of", CrashScenario.nights[0]])
        #expect(next.status == 1)
        #expect(next.stderr.contains("corrupt"), "\(next.stderr)")
        #expect(!ws.exists("outbox/gov/" + planned[0].text("name")))
        #expect(try db.scalar("SELECT state FROM outbox_file WHERE id = ?", planned[0].int("id")).string == "PLANNED")
    }

    @Test func compressedContentThatNoLongerInflatesIsRefusedAsCorrupt() throws {
        let ws = try Self.killedAfterPlanning()
        let db = try Database(path: ws.path("db/approval.sqlite"))
        let planned = try db.rows("SELECT id, name FROM outbox_file WHERE target = 'gov' AND state = 'PLANNED' ORDER BY batch")
        try #require(!planned.isEmpty)
        // Cut in half: the zlib stream ends early.
        try db.run("UPDATE outbox_file SET content = substr(content, 1, length(content) / 2) WHERE id = ?", planned[0].int("id"))

        let next = APXProcess.run(["run", "--root", ws.root, "--as-of", CrashScenario.nights[0]])
        #expect(next.status == 1)
        #expect(next.stderr.contains("corrupt"), "\(next.stderr)")
        #expect(!ws.exists("outbox/gov/" + planned[0].text("name")))
        #expect(try db.scalar("SELECT state FROM outbox_file WHERE id = ?", planned[0].int("id")).string == "PLANNED")
    }
}
