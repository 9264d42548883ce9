import Foundation
import SQLiteDB
import Testing
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// `apx status` and the other reading commands open the database read-only: they never wait
/// for a run's write lock (the last committed state), never migrate, never write.
@Suite struct StatusReadOnlyTests {
    static let asOf = "2026-11-21"
    static let project = "2021-360111-48-01-000006"
    static let file = "RKQQ_20261120_01.csv"

    /// A workspace after one night (one request, pending: no project extract).
    func ranWorkspace(_ label: String) -> TempWorkspace {
        let ws = TempWorkspace(label)
        ws.drop("rkqq", Self.file, text: Builders.rkqqCSV([
            RequestFixture(qqbh: "RK1", xmdm: Self.project, xmmc: "项目", sqdwdm: Fixture.uscc(body: "MA35AB01"), sqdwmc: "单位"),
        ]))
        let run = APXProcess.run(["run", "--root", ws.root, "--as-of", Self.asOf])
        #expect(run.status == 0, "\(run.stderr)")
        return ws
    }

    func status(_ ws: TempWorkspace) -> (result: APXProcess.Result, seconds: Double) {
        let started = Date()
        let r = APXProcess.run(["status", "--root", ws.root, "--json", "--as-of", Self.asOf])
        return (r, Date().timeIntervalSince(started))
    }

    @Test func statusAndTheReadingCommandsAnswerAtOnceWhileAnotherConnectionHoldsTheWriteLock() throws {
        let ws = ranWorkspace("apx-status-writing")
        let writer = try Database(path: ws.path("db/approval.sqlite"))
        try writer.execute("BEGIN IMMEDIATE")
        // Uncommitted: the last run failed, and a review item is open. Nobody reading sees either.
        try writer.execute("UPDATE run SET exit_code = 1")
        try writer.run("""
            INSERT INTO review_item (kind, subject_type, subject_id, xmdm, reasons, state, created_at, created_on, run_id)
            VALUES ('REVIEW', 'request', 'RK1', ?, 'X', 'OPEN', '2026-11-21T09:00:00+08:00', '2026-11-21', 'R')
            """, Self.project)
        defer { try? writer.execute("ROLLBACK") }

        let (r, seconds) = status(ws)   // the default busy timeout: 5 s
        #expect(seconds < 1, "status waited \(seconds) s for the write lock")
        #expect(r.status == 0, "\(r.stdout)\(r.stderr)")
        #expect(value(r.object, "lastRun", "exitCode") as? Int == 0, "the last committed state")
        #expect(value(r.object, "pending", "requests", "count") as? Int == 1)
        #expect(value(r.object, "reviews", "open") as? Int == 0)

        for command in [["review", "list"], ["quarantine", "list"], ["project", "show", Self.project], ["project", "history", Self.project],
                        ["file", "show", Self.file], ["report"], ["dashboard", "--json"]] {
            let started = Date()
            let read = APXProcess.run(command + ["--root", ws.root, "--json"])
            let took = Date().timeIntervalSince(started)
            #expect(took < 1, "\(command) waited \(took) s")
            #expect(read.status == 0 || (read.status == 66 && command[0] == "project"), "\(command): \(read.stderr)")
            #expect(read.json != nil, "\(command): \(read.stdout)\(read.stderr)")
            if command == ["review", "list"] { #expect((read.json as? [Any])?.isEmpty == true, "\(read.stdout)") }
        }
    }

    @Test func statusAgainstAnOlderSchemaReportsItAndDoesNotMigrate() throws {
        let ws = ranWorkspace("apx-status-older")
        let path = ws.path("db/approval.sqlite")
        // As a database of the version before 005 would be (status would read the column).
        let last = "005-reprocess"
        try Database(path: path).execute("ALTER TABLE input_file DROP COLUMN requeued_at; DELETE FROM schema_migrations WHERE id = '\(last)'")
        let before = FileManager.default.contents(atPath: path)

        let (r, _) = status(ws)
        #expect(r.status == 1)
        let attention = (r.object["attention"] as? [String]) ?? []
        #expect(attention.contains { $0.contains("older schema") && $0.contains(last) }, "\(attention)")
        #expect(FileManager.default.contents(atPath: path) == before, "status does not migrate")
        #expect(try Database(readingOnly: path).row("SELECT 1 FROM schema_migrations WHERE id = ?", last) == nil)

        // The other reading commands migrate first, as every command did (once after an upgrade).
        #expect(APXProcess.run(["review", "list", "--root", ws.root]).status == 0)
        #expect(try Database(readingOnly: path).row("SELECT 1 FROM schema_migrations WHERE id = ?", last) != nil)
        #expect(status(ws).result.status == 0)
    }

    /// A run migrating after an upgrade holds the write lock in each migration's transaction
    /// (as a fresh workspace's first run does): a status that migrated too would wait for it.
    @Test func statusAnswersAtOnceWhileARunMigratesAndSaysTheSchemaIsBehind() throws {
        let ws = ranWorkspace("apx-status-migrating")
        let path = ws.path("db/approval.sqlite")
        try Database(path: path).execute("ALTER TABLE input_file DROP COLUMN requeued_at; DELETE FROM schema_migrations WHERE id = '005-reprocess'")
        let migrating = try Database(path: path)
        try migrating.execute("BEGIN IMMEDIATE")
        try migrating.execute("ALTER TABLE input_file ADD COLUMN requeued_at TEXT")
        defer { try? migrating.execute("ROLLBACK") }

        let (r, seconds) = status(ws)   // the default busy timeout: 5 s
        #expect(seconds < 1, "status waited \(seconds) s for the migrating run")
        #expect(r.status == 1, "\(r.stdout)\(r.stderr)")
        #expect(((r.object["attention"] as? [String]) ?? []).contains { $0.contains("005-reprocess") }, "\(r.stdout)")
        #expect(value(r.object, "lock", "held") as? Bool == false)
    }

    /// File modes do not bind root: as root, status runs as `nobody` (setpriv); as anyone else
    /// the folder and files are made read-only. Disabled only for root without setpriv (then
    /// nothing would be enforced and the test would prove nothing).
    @Test(.enabled(if: ReadOnlyFiles.enforced, "running as root without setpriv: file modes are not enforced"))
    func statusOnADatabaseItCannotWriteAnswersOrSaysWhyNot() throws {
        let ws = ranWorkspace("apx-status-readonly")
        let db = ws.path("db")
        let path = db + "/approval.sqlite"
        #expect(!FileManager.default.fileExists(atPath: path + "-shm"), "the run's last connection removed its -shm")
        ReadOnlyFiles.makeReadOnly([db, path])
        defer { ReadOnlyFiles.makeWritable([db, path, path + "-wal", path + "-shm"]) }
        let before = FileManager.default.contents(atPath: path)

        // No -shm, and the folder cannot take one: said by name, the rest of the status shown.
        let refused = ReadOnlyFiles.run(["status", "--root", ws.root, "--json", "--as-of", Self.asOf])
        #expect(refused.status == 1, "\(refused.stdout)\(refused.stderr)")
        let attention = (refused.object["attention"] as? [String]) ?? []
        #expect(attention.contains { $0.contains(ws.canonical("db/approval.sqlite-shm")) && $0.contains("read-only") }, "\(attention)")
        #expect(value(refused.object, "lock", "held") as? Bool == false)
        #expect(refused.object["lastRun"] is NSNull)

        // With the -shm there (a connection of the owner is open, as a run's is): it answers.
        ReadOnlyFiles.makeWritable([db, path])
        let owner = try Database(path: path)
        #expect(try owner.scalar("SELECT count(*) FROM run").int == 1)
        ReadOnlyFiles.makeReadOnly([db, path, path + "-wal", path + "-shm"])
        let answered = ReadOnlyFiles.run(["status", "--root", ws.root, "--json", "--as-of", Self.asOf])
        #expect(answered.status == 0, "\(answered.stdout)\(answered.stderr)")
        #expect(value(answered.object, "lastRun", "exitCode") as? Int == 0)
        #expect(FileManager.default.contents(atPath: path) == before)
        withExtendedLifetime(owner) {}
    }
}

/// Runs `apx` where file modes hold: as `nobody` (`Unprivileged`) when this process is root,
/// which ignores them; else as this user, the files made read-only.
enum ReadOnlyFiles {
    static var isRoot: Bool { getuid() == 0 }
    /// False only for root without setpriv: nothing would be enforced.
    static var enforced: Bool { !isRoot || Unprivileged.available }

    /// Not writable by whoever `run` runs as (root's `nobody` cannot write root's files anyway).
    static func makeReadOnly(_ paths: [String]) {
        for p in paths { chmod(p, isDirectory(p) ? 0o555 : 0o444) }
    }

    static func makeWritable(_ paths: [String]) {
        for p in paths where FileManager.default.fileExists(atPath: p) { chmod(p, isDirectory(p) ? 0o755 : 0o644) }
    }

    static func isDirectory(_ path: String) -> Bool {
        var d: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &d) && d.boolValue
    }

    static func run(_ arguments: [String]) -> APXProcess.Result {
        isRoot ? Unprivileged.run(arguments) : APXProcess.run(arguments)
    }
}
