import Foundation
import SQLiteDB
import Testing
import TestSupport

/// Upgrades: migrations run by themselves; a database written by a newer apx (a migration
/// this binary does not know) is refused with exit 1 and a message, and left unchanged.
@Suite struct UpgradeTests {
    @Test func aDatabaseFromANewerApxIsRefusedWithExit1AndLeftAsItIs() throws {
        let ws = TempWorkspace("apx-newer")
        #expect(APXProcess.run(["run", "--root", ws.root, "--as-of", "2026-11-21"]).status == 0)
        let db = try Database(path: ws.path("db/approval.sqlite"))
        try db.run("INSERT INTO schema_migrations (id) VALUES (?)", "999-from-a-newer-apx")
        let runs = try db.scalar("SELECT count(*) FROM run").int
        ws.drop("rkqq", "RKQQ_20261120_01.csv", text: Builders.rkqqCSV([]))
        let r = APXProcess.run(["run", "--root", ws.root, "--as-of", "2026-11-22"])
        #expect(r.status == 1, "\(r.stderr)")
        #expect(r.stderr.contains("newer apx"), "\(r.stderr)")
        #expect(r.stderr.contains("999-from-a-newer-apx"))
        #expect(try db.scalar("SELECT count(*) FROM run").int == runs)
        #expect(ws.exists("inbox/rkqq/RKQQ_20261120_01.csv"))
        for command in [["status"], ["review", "list"], ["report"]] {
            #expect(APXProcess.run(command + ["--root", ws.root]).status == 1, "\(command)")
        }
    }

    @Test func anOlderDatabaseIsMigratedByItself() throws {
        let ws = TempWorkspace("apx-older")
        #expect(APXProcess.run(["run", "--root", ws.root, "--as-of", "2026-11-21"]).status == 0)
        let db = try Database(path: ws.path("db/approval.sqlite"))
        // As a database of the version before 005 would be.
        try db.execute("ALTER TABLE input_file DROP COLUMN requeued_at; DELETE FROM schema_migrations WHERE id = '005-reprocess'")
        #expect(APXProcess.run(["run", "--root", ws.root, "--as-of", "2026-11-22"]).status == 0)
        #expect(try db.scalar("SELECT count(*) FROM schema_migrations WHERE id = '005-reprocess'").int == 1)
    }
}
