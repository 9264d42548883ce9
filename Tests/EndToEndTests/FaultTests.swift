import Foundation
import SQLiteDB
import Testing
import TestSupport

/// Mounting a small tmpfs or a read-only bind mount needs root with mount rights (the
/// developers' and CI machines have them); elsewhere these tests are skipped.
enum Mounts {
    static func run(_ args: [String]) -> Bool {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/mount")
        p.arguments = args
        p.standardError = FileHandle.nullDevice
        guard (try? p.run()) != nil else { return false }
        p.waitUntilExit()
        return p.terminationStatus == 0
    }

    static func unmount(_ path: String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/umount")
        p.arguments = [path]
        try? p.run()
        p.waitUntilExit()
    }

    static let available: Bool = {
        let dir = NSTemporaryDirectory() + "/apx-mount-probe-\(getpid())"
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        guard run(["-t", "tmpfs", "-o", "size=64k", "tmpfs", dir]) else { return false }
        unmount(dir)
        return true
    }()
}

@Suite(.serialized) struct FaultTests {
    static let projects = (0..<300).map { i in
        ProjectFixture(xmdm: String(format: "2021-360111-48-01-%06d", i), xmmc: "项目\(i)", units: [Cast.lead1])
    }
    static let requests = projects.map {
        RequestFixture(qqbh: "R-\($0.xmdm)", xmdm: $0.xmdm, xmmc: $0.xmmc, sqdwdm: Cast.lead1.uscc, sqdwmc: Cast.lead1.name)
    }

    func dropNight(_ ws: TempWorkspace) {
        ws.drop("tzxm", "TZXM_20261120_01.csv", GB18030.encode(Builders.tzxmCSV(Self.projects)))
        ws.drop("rkqq", "RKQQ_20261120_01.csv", text: Builders.rkqqCSV(Self.requests))
    }

    func assertNothingHalfDone(_ ws: TempWorkspace) throws {
        #expect(ws.files(under: "outbox").allSatisfy { !($0 as NSString).lastPathComponent.hasPrefix(".") })
        for file in ws.files(under: "outbox") where file.hasSuffix(".xml") {
            #expect(ws.exists(file + ".ok") == ws.exists(file + ".sha256"))
        }
        #expect(try Database(path: ws.path("db/approval.sqlite")).integrityCheck() == ["ok"])
    }

    func assertFinished(_ ws: TempWorkspace) throws {
        // --allow-earlier: two of these workspaces were laid out by a run without --as-of (today).
        let r = APXProcess.run(["run", "--root", ws.root, "--as-of", "2026-11-21", "--allow-earlier", "--json"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(ws.files(under: "inbox").isEmpty)
        let db = try Database(path: ws.path("db/approval.sqlite"))
        #expect(try db.scalar("SELECT count(*) FROM project WHERE state = 'WAREHOUSED'").int == Self.projects.count)
        let pushed = ws.files(under: "outbox/gov").filter { $0.hasSuffix(".xml") }
        #expect(pushed == ["outbox/gov/SZWJ_20261121_000001.xml"])
        #expect(pushed.first.map { ws.exists($0 + ".ok") } == true)   // no crash of the suite when nothing was pushed
        #expect(try db.integrityCheck() == ["ok"])
    }

    @Test(.enabled(if: Mounts.available)) func diskFullFailsWithExit1AndTheNextRunFinishes() throws {
        let ws = TempWorkspace("apx-full")
        // The whole workspace on a 4 MiB file system, nearly filled.
        let inbox = ws.path("inbox")
        let staged = ws.root + "-staged"
        try FileManager.default.moveItem(atPath: inbox, toPath: staged)
        try FileManager.default.createDirectory(atPath: ws.root + "/fs", withIntermediateDirectories: true)
        #expect(Mounts.run(["-t", "tmpfs", "-o", "size=4m", "tmpfs", ws.root + "/fs"]))
        defer { Mounts.unmount(ws.root + "/fs"); try? FileManager.default.removeItem(atPath: staged) }
        let root = ws.root + "/fs/ws"
        let small = TempWorkspaceView(root: root)
        try FileManager.default.createDirectory(atPath: root + "/inbox", withIntermediateDirectories: true)
        dropNight(small.workspace)
        let filler = ws.root + "/fs/filler"
        FileManager.default.createFile(atPath: filler, contents: Data(count: 3 << 20 + 512 << 10))
        let failed = APXProcess.run(["run", "--root", root, "--as-of", "2026-11-21"])
        #expect(failed.status == 1, "\(failed.stderr)")
        #expect(failed.stderr.contains("apx:"))
        #expect(FileManager.default.fileExists(atPath: root + "/inbox/tzxm/TZXM_20261120_01.csv") ||
                FileManager.default.fileExists(atPath: root + "/inbox/rkqq/RKQQ_20261120_01.csv"))
        try assertNothingHalfDone(small.workspace)
        try FileManager.default.removeItem(atPath: filler)
        try assertFinished(small.workspace)
    }

    @Test(.enabled(if: Mounts.available)) func readOnlyOutboxFailsWithExit1AndTheNextRunPublishes() throws {
        let ws = TempWorkspace("apx-ro")
        #expect(APXProcess.run(["run", "--root", ws.root]).status == 0)   // creates the layout
        dropNight(ws)
        let gov = ws.path("outbox/gov")
        #expect(Mounts.run(["--bind", gov, gov]))
        #expect(Mounts.run(["-o", "remount,bind,ro", gov]))
        let failed = APXProcess.run(["run", "--root", ws.root, "--as-of", "2026-11-21", "--allow-earlier"])   // after today's layout run
        Mounts.unmount(gov)
        #expect(failed.status == 1, "\(failed.stderr)")
        #expect(ws.files(under: "outbox/gov").isEmpty)
        try assertNothingHalfDone(ws)
        try assertFinished(ws)
    }

    @Test func busyDatabaseFailsWithExit1AndTheNextRunFinishes() throws {
        let ws = TempWorkspace("apx-busy")
        #expect(APXProcess.run(["run", "--root", ws.root]).status == 0)
        dropNight(ws)
        let pipeline = ws.path("fast.conf")
        try "database.busy_timeout_ms = 200\n".write(toFile: pipeline, atomically: true, encoding: .utf8)
        let holder = try Database(path: ws.path("db/approval.sqlite"))
        try holder.execute("BEGIN IMMEDIATE")
        let failed = APXProcess.run(["run", "--root", ws.root, "--as-of", "2026-11-21", "--allow-earlier", "--pipeline", pipeline])
        try holder.execute("ROLLBACK")
        #expect(failed.status == 1, "\(failed.stderr)")
        #expect(failed.stderr.contains("database"))
        #expect(ws.exists("inbox/tzxm/TZXM_20261120_01.csv"))
        try assertNothingHalfDone(ws)
        try assertFinished(ws)
    }
}

/// A workspace at a given root (not removed: it lives inside another TempWorkspace).
struct TempWorkspaceView {
    let workspace: TempWorkspace
    init(root: String) { workspace = TempWorkspace(existingRoot: root) }
}
