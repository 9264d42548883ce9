import Foundation
import SQLiteDB
import Testing
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// Attacks on `apx status` and the reading commands on their read-only connection: runs
/// finishing while status looks, a WAL left by a killed run, a read-only `db/`.
@Suite struct ReadOnlyAttackTests {
    static let asOf = "2026-11-21"

    /// A workspace after one empty night.
    func ranWorkspace(_ label: String) -> TempWorkspace {
        let ws = TempWorkspace(label)
        #expect(APXProcess.run(["init", "--root", ws.root]).status == 0)
        let run = APXProcess.run(["run", "--root", ws.root, "--as-of", Self.asOf, "--quiet"])
        #expect(run.status == 0, "\(run.stderr)")
        return ws
    }

    /// A run finishes (commits its finish, then lets the lock go) between status's read of the
    /// database and its look at the lock: that run is finished, not "did not finish (killed?)".
    /// Back-to-back short runs while status looks again and again: every look is healthy.
    @Test func statusNeverCallsARunThatJustFinishedInterrupted() throws {
        let ws = ranWorkspace("apx-ro-finishing")
        let nights = Process()
        nights.executableURL = URL(fileURLWithPath: "/bin/sh")
        nights.arguments = ["-c", "for i in $(seq 30); do \"$0\" run --root \"$1\" --as-of \(Self.asOf) --quiet >/dev/null 2>&1 || exit 1; done",
                            APXProcess.binary, ws.root]
        try nights.run()
        var looks = 0
        while nights.isRunning {
            let r = APXProcess.run(["status", "--root", ws.root, "--json", "--as-of", Self.asOf])
            looks += 1
            #expect(r.status == 0, "look \(looks): \(r.object["attention"] ?? r.stderr)")
            #expect(r.json != nil, "look \(looks): \(r.stdout)\(r.stderr)")
            #expect(["finished", "running"].contains(value(r.object, "lastRun", "state") as? String), "look \(looks): \(r.stdout)")
        }
        nights.waitUntilExit()
        #expect(nights.terminationStatus == 0)
        #expect(looks > 5, "too few looks to have raced the runs")
    }

    /// The database and a -wal with committed frames not yet checkpointed, no -shm: what a run
    /// killed mid-night (SIGKILL, power cut) leaves once its -shm is gone. Made by copying the
    /// files while a connection that never checkpoints holds them.
    func leaveHotWAL(_ ws: TempWorkspace, _ sql: String) throws {
        let path = ws.path("db/approval.sqlite")
        let image = ws.path("image.sqlite")
        do {
            let killed = try Database(path: path)
            try killed.execute("PRAGMA wal_autocheckpoint = 0")
            try killed.execute(sql)
            _ = try killed.scalar("SELECT count(*) FROM run")
            #expect((try? FileManager.default.attributesOfItem(atPath: path + "-wal")[.size] as? Int) ?? 0 > 0)
            for suffix in ["", "-wal"] { try FileManager.default.copyItem(atPath: path + suffix, toPath: image + suffix) }
        }
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        for suffix in ["", "-wal"] { try FileManager.default.moveItem(atPath: image + suffix, toPath: path + suffix) }
    }

    /// A reader sees what the killed run committed (recovered from its -wal), and leaves the
    /// database file as it is.
    @Test func statusReadsWhatAKilledRunCommittedToItsWAL() throws {
        let ws = ranWorkspace("apx-ro-hotwal")
        try leaveHotWAL(ws, "UPDATE run SET exit_code = 2")
        let path = ws.path("db/approval.sqlite")
        let before = FileManager.default.contents(atPath: path)
        let r = APXProcess.run(["status", "--root", ws.root, "--json", "--as-of", Self.asOf])
        #expect(value(r.object, "lastRun", "exitCode") as? Int == 2, "\(r.stdout)\(r.stderr)")
        #expect(APXProcess.run(["report", "--root", ws.root, "--json"]).status == 0)
        #expect(FileManager.default.contents(atPath: path) == before, "a reader never checkpoints")
    }

    /// In a read-only `db/`, a -wal with no -shm cannot be read (SQLite cannot make the -shm):
    /// said by name — not SQLite's "No such file or directory", as if the database were gone.
    /// With the -shm there (left by an earlier look of the owner), the killed run's frames are read.
    @Test(.enabled(if: ReadOnlyFiles.enforced, "running as root without setpriv: file modes are not enforced"))
    func aKilledRunsWALInAReadOnlyFolderIsReadOrTheMissingShmNamed() throws {
        let ws = ranWorkspace("apx-ro-hotwal-ro")
        try leaveHotWAL(ws, "UPDATE run SET exit_code = 2")
        let db = ws.path("db")
        let path = db + "/approval.sqlite"
        ReadOnlyFiles.makeReadOnly([db, path, path + "-wal"])
        defer { ReadOnlyFiles.makeWritable([db, path, path + "-wal", path + "-shm"]) }

        let refused = ReadOnlyFiles.run(["status", "--root", ws.root, "--json", "--as-of", Self.asOf])
        #expect(refused.status == 1, "\(refused.stdout)\(refused.stderr)")
        let attention = (refused.object["attention"] as? [String]) ?? []
        #expect(attention.contains { $0.contains(ws.canonical("db/approval.sqlite-shm")) && $0.contains("read-only") }, "\(attention)")
        #expect(!attention.joined().contains("No such file"), "\(attention)")
        let listed = ReadOnlyFiles.run(["review", "list", "--root", ws.root])
        #expect(listed.status == 77, "permission denied, as without a -wal: \(listed.stderr)")
        #expect(listed.stderr.contains("-shm") && !listed.stderr.contains("No such file"), "\(listed.stderr)")

        // A -shm without its -wal (the -wal removed): the -wal is named, not the -shm that is there.
        ReadOnlyFiles.makeWritable([db])
        try FileManager.default.moveItem(atPath: path + "-wal", toPath: ws.path("kept-wal"))
        FileManager.default.createFile(atPath: path + "-shm", contents: Data())
        ReadOnlyFiles.makeReadOnly([db, path + "-shm"])
        let noWAL = ReadOnlyFiles.run(["status", "--root", ws.root, "--json", "--as-of", Self.asOf])
        let named = ((noWAL.object["attention"] as? [String]) ?? []).joined()
        #expect(named.contains("cannot create \(ws.canonical("db/approval.sqlite-wal")) (its folder is read-only)"), "\(named)")
        ReadOnlyFiles.makeWritable([db])
        try FileManager.default.removeItem(atPath: path + "-shm")
        try FileManager.default.moveItem(atPath: ws.path("kept-wal"), toPath: path + "-wal")

        // The owner's look makes the -shm (and leaves it); then this user reads the frames too.
        ReadOnlyFiles.makeWritable([db])
        #expect(APXProcess.run(["status", "--root", ws.root, "--json", "--as-of", Self.asOf]).status == 0)
        #expect(FileManager.default.fileExists(atPath: path + "-shm"))
        ReadOnlyFiles.makeReadOnly([db, path, path + "-wal", path + "-shm"])
        let answered = ReadOnlyFiles.run(["status", "--root", ws.root, "--json", "--as-of", Self.asOf])
        #expect(value(answered.object, "lastRun", "exitCode") as? Int == 2, "\(answered.stdout)\(answered.stderr)")
    }

    /// A reading command rewrites a lost identity file from the database — but one run by a
    /// user who may read the workspace and not write it still answers (it used to exit 77 on
    /// the rewrite); the owner's next command rewrites the file.
    @Test(.enabled(if: ReadOnlyFiles.enforced, "running as root without setpriv: file modes are not enforced"))
    func aReaderWhoCannotWriteTheRootIsAnsweredWhenTheIdentityFileIsLost() throws {
        let ws = ranWorkspace("apx-ro-identity")
        let identity = ws.path(".apx-workspace")
        let kept = try #require(FileManager.default.contents(atPath: identity))
        #expect(APXProcess.run(["status", "--root", ws.root]).status == 0)   // the owner's look leaves the -shm
        try FileManager.default.removeItem(atPath: identity)
        let db = ws.path("db")
        ReadOnlyFiles.makeReadOnly([ws.root, db, db + "/approval.sqlite", db + "/approval.sqlite-wal", db + "/approval.sqlite-shm"])
        defer { ReadOnlyFiles.makeWritable([ws.root, db, db + "/approval.sqlite", db + "/approval.sqlite-wal", db + "/approval.sqlite-shm"]) }
        for command in [["review", "list"], ["quarantine", "list"], ["report"]] {
            let r = ReadOnlyFiles.run(command + ["--root", ws.root, "--json"])
            #expect(r.status == 0, "\(command): \(r.stderr)")
            #expect(r.json != nil, "\(command): \(r.stdout)")
        }
        #expect(!FileManager.default.fileExists(atPath: identity))
        ReadOnlyFiles.makeWritable([ws.root])
        #expect(APXProcess.run(["review", "list", "--root", ws.root]).status == 0)
        #expect(FileManager.default.contents(atPath: identity) == kept)
    }

    /// On a full file system a reader cannot make the -shm: status says so — not SQLite's bare
    /// "disk I/O error" — with the rest of the status, and answers again once space is freed.
    @Test(.enabled(if: Mounts.available)) func onAFullFileSystemTheReaderSaysTheShmCannotBeMade() throws {
        let ws = TempWorkspace("apx-ro-full")
        let fs = ws.root + "/fs"
        try FileManager.default.createDirectory(atPath: fs, withIntermediateDirectories: true)
        #expect(Mounts.run(["-t", "tmpfs", "-o", "size=4m", "tmpfs", fs]))
        defer { Mounts.unmount(fs) }
        let root = fs + "/ws"
        #expect(APXProcess.run(["init", "--root", root]).status == 0)
        #expect(APXProcess.run(["run", "--root", root, "--as-of", Self.asOf, "--quiet"]).status == 0)
        #expect(!FileManager.default.fileExists(atPath: root + "/db/approval.sqlite-shm"))
        let filler = fs + "/filler"
        FileManager.default.createFile(atPath: filler, contents: nil)
        let handle = try #require(FileHandle(forWritingAtPath: filler))
        for chunk in [1 << 16, 1 << 12, 1 << 9] {
            while (try? handle.write(contentsOf: Data(count: chunk))) != nil {}
        }
        try handle.close()

        let full = APXProcess.run(["status", "--root", root, "--json", "--as-of", Self.asOf])
        #expect(full.status == 1, "\(full.stdout)\(full.stderr)")
        let attention = (full.object["attention"] as? [String]) ?? []
        #expect(attention.contains { $0.contains("approval.sqlite-shm") && $0.contains("file system is full") }, "\(attention)")
        #expect(value(full.object, "lock", "held") as? Bool == false)
        let listed = APXProcess.run(["review", "list", "--root", root])
        #expect(listed.status == 1 && listed.stderr.contains("file system is full"), "\(listed.stderr)")

        try FileManager.default.removeItem(atPath: filler)
        let freed = APXProcess.run(["status", "--root", root, "--json", "--as-of", Self.asOf])
        #expect(freed.status == 0, "\(freed.stdout)\(freed.stderr)")
        #expect(APXProcess.run(["run", "--root", root, "--as-of", Self.asOf, "--quiet"]).status == 0)
    }

    /// A workspace on a file system mounted read-only (how the kernel answers disk errors),
    /// with no -shm left: a failed disk (exit 1, "its file system is read-only") — not "this
    /// user cannot read it: run status as the owner", which no owner could.
    @Test(.enabled(if: Mounts.available)) func onAReadOnlyFileSystemTheReaderSaysSoNotThatTheUserMayNotRead() throws {
        let ws = ranWorkspace("apx-ro-erofs")
        #expect(!FileManager.default.fileExists(atPath: ws.path("db/approval.sqlite-shm")))
        let mounted = ws.root + "-ro"
        try FileManager.default.createDirectory(atPath: mounted, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: mounted) }
        #expect(Mounts.run(["--bind", ws.root, mounted]))
        defer { Mounts.unmount(mounted) }
        #expect(Mounts.run(["-o", "remount,bind,ro", mounted]))

        let r = APXProcess.run(["status", "--root", mounted, "--json", "--as-of", Self.asOf])
        #expect(r.status == 1, "\(r.stdout)\(r.stderr)")
        let attention = ((r.object["attention"] as? [String]) ?? []).joined()
        #expect(attention.contains("approval.sqlite-shm") && attention.contains("its file system is read-only"), "\(attention)")
        #expect(!attention.contains("this user"), "\(attention)")
        let listed = APXProcess.run(["review", "list", "--root", mounted])
        #expect(listed.status == 1 && listed.stderr.contains("file system is read-only"), "\(listed.status) \(listed.stderr)")
    }
}
