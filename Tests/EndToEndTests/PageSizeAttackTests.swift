import Foundation
import SQLiteDB
import Testing
import TestSupport

/// A workspace whose database the previous binary made (4 KiB pages) goes on with this one
/// (16 KiB for new files only): its page size never changes — not by the compact upgrade's
/// VACUUM, a night, `apx backup` or a restore of that backup — and every step stays sound.
@Suite struct PageSizeAttackTests {
    /// Rewrites the database at `pageSize` (a WAL file cannot change it: out of WAL and back).
    static func rewrite(_ path: String, pageSize: Int) throws {
        let db = try Database(path: path)
        try db.execute("PRAGMA journal_mode = DELETE")
        try db.execute("PRAGMA page_size = \(pageSize)")
        try db.execute("VACUUM")
        try db.execute("PRAGMA journal_mode = WAL")
    }

    static func pageSize(_ path: String) throws -> Int? { try Database(readingOnly: path).scalar("PRAGMA page_size").int }

    func night(_ ws: TempWorkspace, _ n: Int) {
        CrashScenario.drop(night: n, into: ws)
        let r = APXProcess.run(["run", "--root", ws.root, "--as-of", CrashScenario.nights[n], "--json"])
        // 65: the scenario's nights quarantine a file on purpose; never 1 (a failure).
        #expect(r.status == 0 || r.status == 65, "night \(n): \(r.stderr)")
        #expect(r.object["run"] is String, "night \(n): \(r.stdout)")
    }

    @Test func aFourKiBWorkspaceKeepsItsPagesThroughTheCompactUpgradeNightsBackupAndRestore() throws {
        let ws = TempWorkspace("apx-4k-pages")
        night(ws, 0)
        let path = ws.path("db/approval.sqlite")
        #expect(try Self.pageSize(path) == Database.pageSize, "a new database")
        try Self.rewrite(path, pageSize: 4096)
        try CompactStorageUpgradeTests.makePre013(try Database(path: path))
        #expect(try Self.pageSize(path) == 4096)

        // The next night migrates (the 013 VACUUM on a WAL file keeps the size) and goes on.
        night(ws, 1)
        do {
            let db = try Database(readingOnly: path)
            #expect(try db.scalar("PRAGMA page_size").int == 4096)
            #expect(try db.scalar("PRAGMA auto_vacuum").int == 2, "the compact upgrade ran")
            #expect(try db.integrityCheck() == ["ok"])
        }

        // The backup is a copy at the same size; restored as the runbook says, status reads it
        // (a rollback-journal file until the next run) and the next night goes on with it.
        let copy = ws.path("copy.sqlite")
        let backup = APXProcess.run(["backup", "--root", ws.root, "--to", copy, "--json"])
        #expect(backup.status == 0, "\(backup.stderr)")
        #expect(try Self.pageSize(copy) == 4096)
        let lastRun = APXProcess.run(["status", "--root", ws.root, "--json"]).object["lastRun"] as? [String: Any]
        for suffix in ["", "-wal", "-shm"] {
            try? FileManager.default.moveItem(atPath: path + suffix, toPath: ws.path("broken.sqlite" + suffix))
        }
        try FileManager.default.copyItem(atPath: copy, toPath: path)
        let status = APXProcess.run(["status", "--root", ws.root, "--json"])
        #expect(value(status.object, "lastRun", "run") as? String == lastRun?["run"] as? String, "\(status.stdout)\(status.stderr)")
        #expect(((status.object["attention"] as? [String]) ?? ["none"]).allSatisfy { !$0.contains("database") }, "\(status.stdout)")
        night(ws, 2)
        let db = try Database(readingOnly: path)
        #expect(try db.scalar("PRAGMA page_size").int == 4096)
        #expect(try db.scalar("PRAGMA journal_mode").string == "wal")
        #expect(try db.integrityCheck() == ["ok"])
        #expect(try db.scalar("SELECT count(*) FROM run WHERE command = 'run'").int == 3)
    }
}
