import Foundation
import SQLiteDB
import Testing
import TestSupport

/// The disk fills while a big file's records are stored (the reading thread batches ahead):
/// the run exits 1 with nothing half-done, and the next run, with room again, ends as an
/// uninterrupted night.
@Suite(.serialized) struct DiskFullBigFileAttackTests {
    @Test(.enabled(if: Mounts.available)) func theDiskFillingDuringABigFileLosesAndDoublesNothing() throws {
        let ws = TempWorkspace("apx-bigfull")
        try FileManager.default.createDirectory(atPath: ws.root + "/fs", withIntermediateDirectories: true)
        #expect(Mounts.run(["-t", "tmpfs", "-o", "size=24m", "tmpfs", ws.root + "/fs"]))
        defer { Mounts.unmount(ws.root + "/fs") }
        let root = ws.root + "/fs/ws"
        let small = TempWorkspaceView(root: root)
        try FileManager.default.createDirectory(atPath: root + "/inbox", withIntermediateDirectories: true)
        #expect(APXProcess.run(["run", "--root", root, "--as-of", "2026-10-07"]).status == 0)   // the layout
        Round3AttackTests.drop(night: 0, into: small.workspace)
        // Leave about 400 KiB free: less than the night's database needs.
        let free = ((try FileManager.default.attributesOfFileSystem(forPath: ws.root + "/fs"))[.systemFreeSize] as? NSNumber)?.intValue ?? 0
        let filler = ws.root + "/fs/filler"
        FileManager.default.createFile(atPath: filler, contents: Data(count: max(0, free - (400 << 10))))
        let failed = APXProcess.run(["run", "--root", root, "--as-of", "2026-10-08"])
        #expect(failed.status == 1, "\(failed.stderr)")
        #expect(small.workspace.files(under: "outbox").allSatisfy { !($0 as NSString).lastPathComponent.hasPrefix(".") })
        #expect(try Database(path: root + "/db/approval.sqlite").integrityCheck() == ["ok"])
        try FileManager.default.removeItem(atPath: filler)

        let r = APXProcess.run(["run", "--root", root, "--as-of", "2026-10-08"])
        #expect([0, 65].contains(r.status), "\(r.stderr)")
        #expect(small.workspace.files(under: "inbox").filter { !$0.contains("/.") }.isEmpty)
        #expect(try Round3AttackTests.count(small.workspace, "SELECT count(*) FROM project") == Round3AttackTests.count)
        #expect(try Round3AttackTests.count(small.workspace, "SELECT count(*) FROM result") == Round3AttackTests.count)
        #expect(try Round3AttackTests.count(small.workspace, "SELECT count(*) FROM project WHERE state = 'WAREHOUSED'") == 1_200)
        let records = try Night(ws: small.workspace).verifiedPushRecords()
        #expect(Set(records).count == records.count && records.filter { $0[1].hasPrefix("XM:") }.count == 1_200)
    }
}
