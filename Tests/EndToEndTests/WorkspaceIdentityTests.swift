import Foundation
import SQLiteDB
import Testing
import TestSupport

/// Issue 8: the database belongs to its workspace. Observed before: the database emptied or
/// replaced between runs → a new database silently, gov batch 000001 reused, records pushed again.
@Suite(.serialized) struct WorkspaceIdentityTests {
    func pushedNight(_ ws: TempWorkspace, _ xmdm: String = Cast.p1, asOf: String = "2026-11-21") {
        let p = ProjectFixture(xmdm: xmdm, xmmc: "安置房项目", units: [Cast.lead1])
        ws.drop("tzxm", "TZXM_\(asOf.replacingOccurrences(of: "-", with: ""))_01.xml", text: Builders.tzxmXML([p]))
        ws.drop("rkqq", "RKQQ_\(asOf.replacingOccurrences(of: "-", with: ""))_01.csv", text: Builders.rkqqCSV([
            RequestFixture(qqbh: "R-\(xmdm)", xmdm: xmdm, xmmc: "安置房项目", sqdwdm: Cast.lead1.uscc, sqdwmc: Cast.lead1.name),
        ]))
        let r = APXProcess.run(["run", "--root", ws.root, "--as-of", asOf])
        #expect(r.status == 0, "\(r.stderr)")
    }

    func govFiles(_ ws: TempWorkspace) -> [String] { ws.files(under: "outbox/gov").filter { $0.hasSuffix(".xml") } }

    func expectRefused(_ ws: TempWorkspace, _ words: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let before = govFiles(ws)
        for args in [["run", "--as-of", "2026-11-22"], ["reprocess", "--quarantined", "--as-of", "2026-11-22"],
                     ["reprocess", "--project", Cast.p1, "--as-of", "2026-11-22"], ["review", "list"], ["project", "show", Cast.p1],
                     ["report"], ["project", "split", Cast.p1, "--gcdm", Cast.p1 + "-0001", "--name", "一期"],
                     ["project", "recycle", Cast.p1 + "-0001"], ["review", "accept", "1", "--by", "张三"],
                     ["review", "reject", "1", "--by", "张三", "--note", "x"], ["result", "recycle", "GHXK", "1", "--by", "张三"],
                     ["archive", "repush", Cast.p1, "--as-of", "2026-11-22"], ["quarantine", "list"]] {
            let r = APXProcess.run(args + ["--root", ws.root])
            #expect(r.status == 1, "\(args.joined(separator: " ")): exit \(r.status) \(r.stderr)", sourceLocation: sourceLocation)
            #expect(r.stderr.contains(words) && r.stderr.contains("Restore") && r.stderr.contains("backup"),
                    "\(args[0]): \(r.stderr)", sourceLocation: sourceLocation)
        }
        #expect(govFiles(ws) == before, "nothing pushed", sourceLocation: sourceLocation)
    }

    @Test func aBrandNewWorkspaceStartsAFreshDatabaseAndRecordsItsIdentity() throws {
        let ws = TempWorkspace("apx-id-new")
        pushedNight(ws)
        let file = ws.read(".apx-workspace") ?? ""
        let id = try Database(path: ws.path("db/approval.sqlite")).scalar("SELECT value FROM workspace_meta WHERE key = 'workspace_id'").string
        #expect(id != nil && file.contains("workspace \(id!)\n"))
        #expect(file.contains("batch.gov 1\n"))
    }

    @Test func aMissingDatabaseInAWorkspaceThatPushedIsRefused() throws {
        let ws = TempWorkspace("apx-id-missing")
        pushedNight(ws)
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: ws.path("db/approval.sqlite" + suffix)) }
        expectRefused(ws, "is missing")
        #expect(!ws.exists("db/approval.sqlite"), "no fresh database was created")
        let backup = APXProcess.run(["backup", "--to", ws.root + "-backup.sqlite", "--root", ws.root])
        #expect(backup.status == 1 && backup.stderr.contains("is missing"), "\(backup.stderr)")
        // apx status says a person is needed, and why.
        let status = APXProcess.run(["status", "--root", ws.root])
        #expect(status.status == 1 && (status.stdout + status.stderr).contains("is missing"), "\(status.stdout)\(status.stderr)")
        #expect(!ws.exists("db/approval.sqlite"))
    }

    @Test func anEmptyDatabaseIsRefusedAndNoBatchNumberIsReused() throws {
        let ws = TempWorkspace("apx-id-empty")
        pushedNight(ws)
        for suffix in ["-wal", "-shm"] { try? FileManager.default.removeItem(atPath: ws.path("db/approval.sqlite" + suffix)) }
        FileManager.default.createFile(atPath: ws.path("db/approval.sqlite"), contents: Data())
        pushedNight2Refused(ws)
        expectRefused(ws, "is empty")
    }

    /// The observed case: the next night's files, a fresh database — no batch 000001 again.
    func pushedNight2Refused(_ ws: TempWorkspace) {
        ws.drop("tzxm", "TZXM_20261121_02.xml", text: Builders.tzxmXML([ProjectFixture(xmdm: Cast.p2, xmmc: "赣江大桥", units: [Cast.lead2])]))
        let r = APXProcess.run(["run", "--root", ws.root, "--as-of", "2026-11-22"])
        #expect(r.status == 1, "\(r.stderr)")
        #expect(govFiles(ws) == ["outbox/gov/SZWJ_20261121_000001.xml"])
        #expect(ws.exists("inbox/tzxm/TZXM_20261121_02.xml.ok"), "the night's files wait for the restored database")
    }

    @Test func aDatabaseFileThatIsNotADatabaseIsRefusedWithWhatToDo() throws {
        let ws = TempWorkspace("apx-id-garbage")
        pushedNight(ws)
        for suffix in ["-wal", "-shm"] { try? FileManager.default.removeItem(atPath: ws.path("db/approval.sqlite" + suffix)) }
        try "not a database at all, just text".write(toFile: ws.path("db/approval.sqlite"), atomically: true, encoding: .utf8)
        expectRefused(ws, "cannot be read")
    }

    @Test func aForeignDatabaseIsRefused() throws {
        let mine = TempWorkspace("apx-id-mine"), other = TempWorkspace("apx-id-other")
        pushedNight(mine)
        pushedNight(other, Cast.p2)
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: mine.path("db/approval.sqlite" + suffix)) }
        let backup = try Database(path: other.path("db/approval.sqlite"))
        try backup.execute("VACUUM INTO '\(mine.path("db/approval.sqlite"))'")
        expectRefused(mine, "belongs to another workspace")
    }

    /// A workspace that has pushed nothing yet still refuses another's database, and says
    /// it has pushed nothing (the message read "has already pushed ()").
    @Test func aForeignDatabaseInAWorkspaceThatPushedNothingIsRefusedSayingSo() throws {
        let mine = TempWorkspace("apx-id-none"), other = TempWorkspace("apx-id-other2")
        #expect(APXProcess.run(["run", "--root", mine.root, "--as-of", "2026-11-21"]).status == 0)
        pushedNight(other, Cast.p2)
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: mine.path("db/approval.sqlite" + suffix)) }
        try Database(path: other.path("db/approval.sqlite")).execute("VACUUM INTO '\(mine.path("db/approval.sqlite"))'")
        let r = APXProcess.run(["run", "--root", mine.root, "--as-of", "2026-11-22"])
        #expect(r.status == 1, "\(r.stderr)")
        #expect(r.stderr.contains("belongs to another workspace") && r.stderr.contains("pushed nothing yet"), "\(r.stderr)")
        #expect(!r.stderr.contains("()"), "\(r.stderr)")
    }

    @Test func anOlderBackupIsRefusedBecauseItsBatchNumbersWereUsed() throws {
        let ws = TempWorkspace("apx-id-old")
        pushedNight(ws)
        let saved = ws.root + "-backup.sqlite"
        defer { try? FileManager.default.removeItem(atPath: saved) }
        try Database(path: ws.path("db/approval.sqlite")).execute("VACUUM INTO '\(saved)'")
        pushedNight(ws, Cast.p2, asOf: "2026-11-22")
        #expect(govFiles(ws).count == 2)
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: ws.path("db/approval.sqlite" + suffix)) }
        try FileManager.default.copyItem(atPath: saved, toPath: ws.path("db/approval.sqlite"))
        expectRefused(ws, "is older than this workspace")
        #expect(govFiles(ws).count == 2)
    }

    /// No newer backup: the operator adopts the older one deliberately; numbers continue above the highest used.
    @Test func anOlderBackupAdoptedDeliberatelyNeverReusesABatchNumber() throws {
        let ws = TempWorkspace("apx-id-adopt")
        pushedNight(ws)
        let saved = ws.root + "-backup.sqlite"
        defer { try? FileManager.default.removeItem(atPath: saved) }
        try Database(path: ws.path("db/approval.sqlite")).execute("VACUUM INTO '\(saved)'")
        pushedNight(ws, Cast.p2, asOf: "2026-11-22")
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: ws.path("db/approval.sqlite" + suffix)) }
        try FileManager.default.copyItem(atPath: saved, toPath: ws.path("db/approval.sqlite"))
        let refused = APXProcess.run(["run", "--root", ws.root, "--as-of", "2026-11-23"])
        #expect(refused.status == 1 && refused.stderr.contains("--adopt-database"), "\(refused.stderr)")
        let adopted = APXProcess.run(["run", "--root", ws.root, "--as-of", "2026-11-23", "--adopt-database"])
        #expect(adopted.status == 0, "\(adopted.stderr)")
        pushedNight(ws, Cast.p3, asOf: "2026-11-24")
        #expect(govFiles(ws) == ["outbox/gov/SZWJ_20261121_000001.xml", "outbox/gov/SZWJ_20261122_000002.xml",
                                 "outbox/gov/SZWJ_20261124_000003.xml"])
        #expect(try Database(path: ws.path("db/approval.sqlite")).scalar("SELECT count(*) FROM audit WHERE action = 'database adopted'").int == 1)
    }

    @Test func theRightBackupRestoredIsAccepted() throws {
        let ws = TempWorkspace("apx-id-restore")
        pushedNight(ws)
        let saved = ws.root + "-backup.sqlite"
        defer { try? FileManager.default.removeItem(atPath: saved) }
        try Database(path: ws.path("db/approval.sqlite")).execute("VACUUM INTO '\(saved)'")
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: ws.path("db/approval.sqlite" + suffix)) }
        try FileManager.default.copyItem(atPath: saved, toPath: ws.path("db/approval.sqlite"))
        pushedNight(ws, Cast.p2, asOf: "2026-11-22")
        #expect(govFiles(ws) == ["outbox/gov/SZWJ_20261121_000001.xml", "outbox/gov/SZWJ_20261122_000002.xml"])
    }

    @Test func aLostIdentityFileIsRewrittenFromTheDatabase() throws {
        let ws = TempWorkspace("apx-id-file")
        pushedNight(ws)
        let before = ws.read(".apx-workspace")
        try FileManager.default.removeItem(atPath: ws.path(".apx-workspace"))
        #expect(APXProcess.run(["review", "list", "--root", ws.root]).status == 0)
        #expect(ws.read(".apx-workspace") == before)
    }

    /// A workspace from before identities (no file) whose database vanished: its outbox shows it pushed.
    @Test func aWorkspaceFromBeforeIdentitiesIsCheckedAgainstItsOutbox() throws {
        let ws = TempWorkspace("apx-id-legacy")
        pushedNight(ws)
        try FileManager.default.removeItem(atPath: ws.path(".apx-workspace"))
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: ws.path("db/approval.sqlite" + suffix)) }
        let r = APXProcess.run(["run", "--root", ws.root, "--as-of", "2026-11-22"])
        #expect(r.status == 1 && r.stderr.contains("outbox holds published files"), "\(r.stderr)")
    }
}
