import Foundation
import SQLiteDB
import Testing
import TestSupport

/// Migration 018 on a database of before it (its two history indexes): the lookup tables are
/// filled from every row there is, and every history reads as before.
@Suite struct HistoryIndexUpgradeTests {
    @Test func aDatabaseFromBefore018KeepsEveryHistoryAndIsFullyIndexed() throws {
        let ws = TempWorkspace("apx-history-index-upgrade")
        CrashScenario.drop(night: 0, into: ws)
        #expect([0, 65].contains(APXProcess.run(["run", "--root", ws.root, "--as-of", CrashScenario.nights[0]]).status), "65: the scenario quarantines a file")
        func shown() -> [String] {
            [CrashScenario.p1, CrashScenario.p2].map {
                APXProcess.run(["project", "history", $0, "--root", ws.root, "--json"]).stdout
            }
        }
        let before = shown()
        #expect(before.allSatisfy { $0.hasPrefix("{") && $0.count > 200 }, "\(before)")
        let path = ws.path("db/approval.sqlite")
        try Database(path: path).execute(CompactStorageUpgradeTests.before018)
        let migrating = APXProcess.run(["review", "list", "--root", ws.root])
        #expect(migrating.status == 0, "\(migrating.stderr)")
        let db = try Database(path: path)
        #expect(try db.scalar("SELECT count(*) FROM schema_migrations WHERE id = '018-history-indexes-by-batch'").int == 1)
        #expect(try db.scalar("SELECT count(*) FROM audit_by_entity").int == db.scalar("SELECT count(*) FROM audit").int)
        #expect(try db.scalar("SELECT audit_id FROM history_indexed").int == db.scalar("SELECT max(id) FROM audit").int)
        #expect(try db.scalar("SELECT count(*) FROM input_record_by_project").int == db.scalar("SELECT count(*) FROM input_record").int)
        #expect(try db.scalar("SELECT count(*) FROM input_file_unindexed").int == 0)
        #expect(try db.rows("SELECT name FROM sqlite_master WHERE name IN ('audit_entity_id', 'input_record_xmdm')").isEmpty)
        #expect(shown() == before)
    }
}
