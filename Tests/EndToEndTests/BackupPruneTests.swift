import Foundation
import SQLiteDB
import Testing
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// `apx backup --to FILE` (online copy, integrity-checked) and `apx prune` (retention of
/// archive/, reports/, logs/; never outbox/, db/, quarantine/).
@Suite struct BackupPruneTests {
    func night(_ ws: TempWorkspace) throws -> Night {
        let r = APXProcess.run(["run", "--seed", Repository.samples, "--root", ws.root, "--as-of", "2026-11-21", "--json"])
        #expect(r.status == 0 || r.status == 65, "\(r.stderr)")
        return Night(ws: ws)
    }

    @Test func aBackupIsAnIntegrityCheckedCopyThatHoldsTheSameState() throws {
        let ws = TempWorkspace("apx-backup")
        let night = try night(ws)
        let copy = ws.path("copies/approval-copy.sqlite")
        try FileManager.default.createDirectory(atPath: ws.path("copies"), withIntermediateDirectories: true)
        let r = APXProcess.run(["backup", "--root", ws.root, "--to", copy, "--json"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.object["integrity"] as? String == "ok")
        #expect(r.object["backup"] as? String == canonical(copy))
        #expect(try Database.integrityCheck(ofFile: copy) == ["ok"])
        // A plain file: no WAL beside it, no temp file left.
        #expect(try FileManager.default.contentsOfDirectory(atPath: ws.path("copies")) == ["approval-copy.sqlite"])
        // Restored in place of the database, it answers as the original did.
        let original = try night.stateDigest()
        let restored = TempWorkspace("apx-restored")
        try FileManager.default.createDirectory(atPath: restored.path("db"), withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: copy, toPath: restored.path("db/approval.sqlite"))
        #expect(try Night(ws: restored).stateDigest() == original)
    }

    @Test func aBackupRefusesToReplaceAFileUnlessForced() throws {
        let ws = TempWorkspace("apx-backup-exists")
        _ = try night(ws)
        let copy = ws.path("copy.sqlite")
        FileManager.default.createFile(atPath: copy, contents: Data("keep me".utf8))
        let refused = APXProcess.run(["backup", "--root", ws.root, "--to", copy])
        #expect(refused.status == 73, "\(refused.stderr)")
        #expect(refused.stderr.contains("--force"))
        #expect(FileManager.default.contents(atPath: copy) == Data("keep me".utf8))
        let forced = APXProcess.run(["backup", "--root", ws.root, "--to", copy, "--force"])
        #expect(forced.status == 0, "\(forced.stderr)")
        #expect(try Database.integrityCheck(ofFile: copy) == ["ok"])
    }

    @Test func backupsIntoAFolderAreNamedByTimeAndTheNewestAreKept() throws {
        let ws = TempWorkspace("apx-backup-dir")
        _ = try night(ws)
        let folder = ws.path("backups") + "/"
        // What a backup killed an hour ago left behind, and one that is still being written.
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        FileManager.default.createFile(atPath: folder + ".approval-20261120T020000-000.sqlite.tmp", contents: Data("half".utf8))
        try FileManager.default.setAttributes([.modificationDate: Date().addingTimeInterval(-7200)],
                                              ofItemAtPath: folder + ".approval-20261120T020000-000.sqlite.tmp")
        FileManager.default.createFile(atPath: folder + ".approval-20261121T020000-000.sqlite.tmp", contents: Data("busy".utf8))
        for _ in 0..<3 { #expect(APXProcess.run(["backup", "--root", ws.root, "--to", folder, "--keep", "2"]).status == 0) }
        let all = try FileManager.default.contentsOfDirectory(atPath: folder).sorted()
        #expect(all.filter { $0.hasPrefix(".") } == [".approval-20261121T020000-000.sqlite.tmp"], "\(all)")
        let names = all.filter { !$0.hasPrefix(".") }
        #expect(names.count == 2, "\(names)")
        #expect(names.allSatisfy { $0.hasPrefix("approval-") && $0.hasSuffix(".sqlite") })
        for name in names { #expect(try Database.integrityCheck(ofFile: folder + name) == ["ok"]) }
    }

    @Test func aBackupWhileAnotherConnectionWritesIsOneConsistentSnapshot() throws {
        let ws = TempWorkspace("apx-backup-live")
        _ = try night(ws)
        let writer = try Database(path: ws.path("db/approval.sqlite"))
        try writer.execute("CREATE TABLE IF NOT EXISTS scratch (n INTEGER)")
        try writer.execute("BEGIN IMMEDIATE; INSERT INTO scratch VALUES (1);")   // uncommitted while the copy is made
        let copy = ws.path("live.sqlite")
        let r = APXProcess.run(["backup", "--root", ws.root, "--to", copy])
        try writer.execute("COMMIT")
        #expect(r.status == 0, "\(r.stderr)")
        let restored = try Database(path: copy)
        #expect(try restored.scalar("SELECT count(*) FROM scratch").int == 0)
        #expect(try restored.integrityCheck() == ["ok"])
    }

    @Test func aBackupNeverGoesOverTheLiveDatabaseOrIntoAMissingFolder() throws {
        let ws = TempWorkspace("apx-backup-attack")
        let night = try night(ws)
        let digest = try night.stateDigest()
        let over = APXProcess.run(["backup", "--root", ws.root, "--to", ws.path("db/approval.sqlite"), "--force"])
        #expect(over.status == 64, "\(over.stderr)")
        let beside = APXProcess.run(["backup", "--root", ws.root, "--to", ws.path("db") + "/"])
        #expect(beside.status == 64, "\(beside.stderr)")
        #expect(try night.stateDigest() == digest)
        #expect(try FileManager.default.contentsOfDirectory(atPath: ws.path("db")).filter { $0.hasPrefix("approval-") || $0.hasPrefix(".") }.isEmpty)
        let missing = APXProcess.run(["backup", "--root", ws.root, "--to", ws.path("no/such/folder/copy.sqlite")])
        #expect(missing.status == 73, "\(missing.stderr)")
        #expect(missing.stderr.contains(ws.canonical("no/such/folder")), "\(missing.stderr)")
    }

    @Test(.enabled(if: Unprivileged.available, "needs root and setpriv to run apx as nobody"))
    func aBackupIntoAFolderTheAccountCannotWriteExits77() throws {
        let ws = TempWorkspace("apx-backup-perm")
        _ = try night(ws)
        // The database is the account's to read and write; only the target folder is closed.
        try FileManager.default.setAttributes([.posixPermissions: 0o777], ofItemAtPath: ws.path("db"))
        for name in try FileManager.default.contentsOfDirectory(atPath: ws.path("db")) {
            try FileManager.default.setAttributes([.posixPermissions: 0o666], ofItemAtPath: ws.path("db/" + name))
        }
        try FileManager.default.createDirectory(atPath: ws.path("closed"), withIntermediateDirectories: true)
        let r = Unprivileged.run(["backup", "--root", ws.root, "--to", ws.path("closed/copy.sqlite")])
        #expect(r.status == 77, "\(r.stderr)")
        #expect(r.stderr.contains(ws.canonical("closed")), "\(r.stderr)")
    }

    @Test func aWorkspaceWithoutDatabaseHasNothingToBackUp() throws {
        let ws = TempWorkspace("apx-backup-fresh")
        #expect(APXProcess.run(["init", "--root", ws.root]).status == 0)
        let r = APXProcess.run(["backup", "--root", ws.root, "--to", ws.path("x.sqlite")])
        #expect(r.status == 0)
        #expect(r.stderr.contains("nothing to back up"))
        #expect(!ws.exists("x.sqlite"))
    }

    @Test func pruneRemovesOldArchiveReportsAndLogsAndNeverOutboxDatabaseOrQuarantine() throws {
        let ws = TempWorkspace("apx-prune")
        _ = try night(ws)
        let fm = FileManager.default
        func put(_ relative: String) {
            try! fm.createDirectory(atPath: (ws.path(relative) as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            fm.createFile(atPath: ws.path(relative), contents: Data("old".utf8))
        }
        // Dated long before 2026-11-21 (archive 365 days, reports and logs 180 by default).
        put("archive/2025-06-01/tzxm/TZXM_20250601_01.csv")
        put("reports/20250101T020000-77.json"); put("reports/20250101T020000-77.html")
        put("logs/20250101T020000-77.jsonl")
        // Inside the periods.
        put("archive/2026-01-01/tzxm/TZXM_20260101_01.csv")
        put("reports/20260901T020000-78.json"); put("logs/20260901T020000-78.jsonl")
        // Never touched, however old.
        put("outbox/gov/SZWJ_20200101_000001.xml"); put("quarantine/tzxm/TZXM_20200101_01.csv")
        put("db/old-notes.txt"); put("reports/README")
        // Named otherwise but last changed long ago (a copy kept by hand, a rotated log).
        put("logs/apx-2024.log")
        try fm.setAttributes([.modificationDate: Date(timeIntervalSince1970: 1_700_000_000)], ofItemAtPath: ws.path("logs/apx-2024.log"))
        try fm.setAttributes([.modificationDate: Date(timeIntervalSince1970: 1_700_000_000)], ofItemAtPath: ws.path("outbox/gov/SZWJ_20200101_000001.xml"))
        // An old-dated archive entry that is a link out of the workspace: the link goes, never its target.
        let outside = TempWorkspace("apx-prune-outside")
        put("../" + (outside.root as NSString).lastPathComponent + "/keep/me.csv")
        try fm.createSymbolicLink(atPath: ws.path("archive/2020-01-01"), withDestinationPath: outside.path("keep"))
        let outboxBefore = ws.files(under: "outbox"), quarantineBefore = ws.files(under: "quarantine"), dbBefore = ws.files(under: "db")
        let r = APXProcess.run(["prune", "--root", ws.root, "--as-of", "2026-11-21", "--json"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(value(r.object, "archive", "removed") as? Int == 2)
        #expect(!ws.exists("archive/2020-01-01"))
        #expect(outside.exists("keep/me.csv"))
        #expect(value(r.object, "reports", "removed") as? Int == 2)
        #expect(value(r.object, "logs", "removed") as? Int == 2)
        #expect(!ws.exists("logs/apx-2024.log"))
        #expect(!ws.exists("archive/2025-06-01"))
        #expect(!ws.exists("reports/20250101T020000-77.json") && !ws.exists("reports/20250101T020000-77.html"))
        #expect(!ws.exists("logs/20250101T020000-77.jsonl"))
        #expect(ws.exists("archive/2026-01-01/tzxm/TZXM_20260101_01.csv"))
        #expect(ws.exists("archive/2026-11-21"))
        #expect(ws.exists("reports/20260901T020000-78.json") && ws.exists("logs/20260901T020000-78.jsonl"))
        #expect(ws.exists("reports/README"))
        #expect(ws.files(under: "outbox") == outboxBefore)
        #expect(ws.files(under: "quarantine") == quarantineBefore)
        #expect(ws.files(under: "db") == dbBefore)
        #expect(try Database(path: ws.path("db/approval.sqlite")).integrityCheck() == ["ok"])
    }

    @Test func prunePeriodsComeFromThePipelineFile() throws {
        let ws = TempWorkspace("apx-prune-conf")
        _ = try night(ws)
        let conf = ws.path("short.conf")
        try "periods.report_retention_days = 0\nperiods.log_retention_days = 0\nperiods.archive_retention_days = 0\n"
            .write(toFile: conf, atomically: true, encoding: .utf8)
        let dry = APXProcess.run(["prune", "--root", ws.root, "--pipeline", conf, "--as-of", "2099-01-01", "--dry-run", "--json"])
        #expect(dry.status == 0)
        #expect((value(dry.object, "reports", "removed") as? Int ?? 0) >= 2)
        #expect(!ws.files(under: "reports").isEmpty)
        let r = APXProcess.run(["prune", "--root", ws.root, "--pipeline", conf, "--as-of", "2099-01-01"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(ws.files(under: "reports").isEmpty)
        #expect(ws.files(under: "logs").isEmpty)
        // Only the result documents a future archive package of a project not yet ended needs.
        #expect(ws.files(under: "archive").allSatisfy { $0.hasSuffix(".pdf") }, "\(ws.files(under: "archive"))")
        #expect(!ws.exists("archive/2026-11-21/tzxm") && !ws.exists("archive/2026-11-21/rkqq"))
        #expect(!ws.files(under: "outbox").isEmpty)
        #expect(ws.exists("db/approval.sqlite"))
    }

    @Test func pruneWhileARunHoldsTheLockExits75AndRemovesNothing() throws {
        let ws = TempWorkspace("apx-prune-lock")
        _ = try night(ws)
        let before = ws.files(under: "reports")
        let fd = open(ws.path(".apx.lock"), O_RDWR)
        #expect(flock(fd, LOCK_EX | LOCK_NB) == 0)
        defer { close(fd) }
        let r = APXProcess.run(["prune", "--root", ws.root, "--as-of", "2030-01-01"])
        #expect(r.status == 75)
        #expect(ws.files(under: "reports") == before)
    }
}
