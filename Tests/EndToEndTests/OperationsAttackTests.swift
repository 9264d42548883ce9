import APXCore
import Foundation
import SQLiteDB
import Testing
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// The operator who mistypes: empty roots, ambiguous zones, backups aimed at the wrong place.
@Suite struct OperationsAttackTests {
    /// A workspace with a database (an empty night).
    func ranWorkspace(_ label: String) -> TempWorkspace {
        let ws = TempWorkspace(label)
        let r = APXProcess.run(["run", "--root", ws.root, "--as-of", "2026-11-21"])
        #expect(r.status == 0, "\(r.stderr)")
        return ws
    }

    @Test func anEmptyRootOptionIsAWrongCommandLineNotTheCurrentFolder() throws {
        let base = TempWorkspace("apx-emptyroot")
        let cwd = base.path("cwd")
        try FileManager.default.createDirectory(atPath: cwd, withIntermediateDirectories: true)
        for command in [["init"], ["run"], ["status"], ["prune"]] {
            let r = Shell.run(APXProcess.binary, command + ["--root", ""], directory: cwd)
            #expect(r.status == 64, "\(command): \(r.stderr)")
            #expect(r.stderr.contains("--root"), "\(command): \(r.stderr)")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: cwd).isEmpty)
    }

    @Test(arguments: ["CST", "IST", "BST", "PST"])
    func aZoneAbbreviationIsAWrongPipelineFile(zone: String) throws {
        let ws = TempWorkspace("apx-tz-abbrev")
        let conf = ws.path("tz.conf")
        try "time.zone = \(zone)\n".write(toFile: conf, atomically: true, encoding: .utf8)
        let r = APXProcess.run(["run", "--root", ws.root, "--pipeline", conf, "--json"])
        #expect(r.status == 64, "\(zone): \(r.stderr)")
        #expect(r.stderr.contains("time.zone") && r.stderr.contains("Asia/Shanghai"), "\(r.stderr)")
        #expect(!ws.exists("db/approval.sqlite"))
    }

    @Test func zoneNamesOfTheTzDatabaseStillWork() throws {
        let ws = TempWorkspace("apx-tz-names")
        let conf = ws.path("tz.conf")
        for zone in ["UTC", "Etc/GMT-8", "PRC"] {
            try "time.zone = \(zone)\n".write(toFile: conf, atomically: true, encoding: .utf8)
            let r = APXProcess.run(["status", "--root", ws.root, "--pipeline", conf, "--json"])
            #expect(r.status == 0 || r.status == 1, "\(zone): \(r.stderr)")
            #expect(r.object["now"] is String, "\(zone)")
        }
    }

    @Test func aBackupNeverLandsInADropPickUpOrSweptFolder() throws {
        let ws = ranWorkspace("apx-backup-areas")
        let targets = [ws.path("inbox/tzxm") + "/", ws.path("inbox/rkqq/copy.sqlite"), ws.path("outbox/gov") + "/",
                       ws.path("quarantine/copy.sqlite"), ws.path("archive") + "/", ws.path("reports/copy.sqlite"),
                       ws.path("logs"), ws.path("db/sub") + "/"]
        for to in targets {
            let r = APXProcess.run(["backup", "--root", ws.root, "--to", to])
            #expect(r.status == 64, "\(to): \(r.stderr)")
            #expect(r.stderr.contains("back up to another place"), "\(to): \(r.stderr)")
        }
        // Through a link too.
        let link = ws.path("to-outbox")
        #expect(symlink(ws.path("outbox/notices"), link) == 0)
        #expect(APXProcess.run(["backup", "--root", ws.root, "--to", link + "/"]).status == 64)
        #expect(ws.files(under: "inbox").isEmpty)
        #expect(ws.files(under: "outbox").isEmpty)
        #expect(!ws.exists("db/sub"))
        // A folder of its own under the root is fine.
        let own = APXProcess.run(["backup", "--root", ws.root, "--to", ws.path("backups") + "/", "--json"])
        #expect(own.status == 0, "\(own.stderr)")
    }

    @Test func aForcedBackupNeverReplacesTheLockFile() throws {
        let ws = ranWorkspace("apx-backup-lock")
        var before = stat()
        #expect(stat(ws.path(".apx.lock"), &before) == 0)
        let r = APXProcess.run(["backup", "--root", ws.root, "--to", ws.path(".apx.lock"), "--force"])
        #expect(r.status == 64, "\(r.stderr)")
        var after = stat()
        #expect(stat(ws.path(".apx.lock"), &after) == 0)
        #expect(after.st_ino == before.st_ino && after.st_size == before.st_size)
    }

    @Test func aForcedBackupReplacesOnlyARegularFile() throws {
        let ws = ranWorkspace("apx-backup-nonfile")
        let elsewhere = TempWorkspace("apx-backup-nonfile-to")
        let dir = elsewhere.path("a-folder")
        try FileManager.default.createDirectory(atPath: dir + "/inner", withIntermediateDirectories: true)
        let fifo = elsewhere.path("a-fifo")
        #expect(mkfifo(fifo, 0o644) == 0)
        let link = elsewhere.path("a-link")
        FileManager.default.createFile(atPath: elsewhere.path("target"), contents: Data("keep".utf8))
        #expect(symlink(elsewhere.path("target"), link) == 0)
        for to in [fifo, link] {
            let r = APXProcess.run(["backup", "--root", ws.root, "--to", to, "--force"])
            #expect(r.status == 73, "\(to): \(r.stderr)")
            #expect(r.stderr.contains("not a regular file"), "\(r.stderr)")
        }
        var st = stat()
        #expect(lstat(fifo, &st) == 0 && (st.st_mode & S_IFMT) == S_IFIFO)
        #expect(lstat(link, &st) == 0 && (st.st_mode & S_IFMT) == S_IFLNK)
        #expect(FileManager.default.contents(atPath: elsewhere.path("target")) == Data("keep".utf8))
        #expect(try FileManager.default.contentsOfDirectory(atPath: elsewhere.root).filter { $0.hasPrefix(".") }.isEmpty)
    }

    @Test(.enabled(if: Mounts.available, "needs root with mount rights for a small tmpfs"))
    func aBackupOntoAFullDiskExits1NamingTheCopyAndLeavesNothing() throws {
        let ws = ranWorkspace("apx-backup-full")
        let elsewhere = TempWorkspace("apx-backup-full-to")
        let disk = elsewhere.path("disk")
        try FileManager.default.createDirectory(atPath: disk, withIntermediateDirectories: true)
        #expect(Mounts.run(["-t", "tmpfs", "-o", "size=64k", "tmpfs", disk]))
        defer { Mounts.unmount(disk) }
        let r = APXProcess.run(["backup", "--root", ws.root, "--to", disk + "/"])
        #expect(r.status == 1, "\(r.stderr)")
        #expect(r.stderr.contains("writing the copy ") && r.stderr.contains("/disk/approval-") && r.stderr.contains("full"), "\(r.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: disk).isEmpty)
        #expect(try Database.integrityCheck(ofFile: ws.path("db/approval.sqlite")) == ["ok"])
    }

    @Test func keepRemovesOnlyCopiesApxNamedNeverAnOperatorsOwn() throws {
        let ws = ranWorkspace("apx-backup-keep-own")
        let elsewhere = TempWorkspace("apx-backup-keep-own-to")
        let folder = elsewhere.path("copies")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let own = ["approval-0-first.sqlite", "approval-before-upgrade.sqlite", "approval-20200101T000000-000.sqlite.bak"]
        for name in own { FileManager.default.createFile(atPath: folder + "/" + name, contents: Data("mine".utf8)) }
        FileManager.default.createFile(atPath: folder + "/approval-20200101T000000-000.sqlite", contents: Data("old apx copy".utf8))
        for _ in 0..<2 { #expect(APXProcess.run(["backup", "--root", ws.root, "--to", folder + "/", "--keep", "1"]).status == 0) }
        let names = try FileManager.default.contentsOfDirectory(atPath: folder)
        for name in own { #expect(names.contains(name), "\(name) removed: \(names)") }
        #expect(!names.contains("approval-20200101T000000-000.sqlite"))
        #expect(names.count == own.count + 1, "\(names)")
    }

    @Test func aDamagedReportFileFallsBackToTheSummaryTheDatabaseKept() throws {
        let ws = TempWorkspace("apx-report-damaged")
        let run = APXProcess.run(["run", "--root", ws.root, "--as-of", "2026-11-21", "--json"])
        let id = try #require(run.object["run"] as? String)
        let file = ws.path("reports/\(id).json")
        for damage in [#"{"run": "\#(id)", "asOf"#, "[1, 2]", #"{"run": "20200101T000000-1"}"#] {
            try damage.write(toFile: file, atomically: true, encoding: .utf8)
            let json = APXProcess.run(["report", "--root", ws.root, "--json"])
            #expect(json.status == 0, "\(json.stderr)")
            #expect(json.object["run"] as? String == id, "\(damage): \(json.stdout)")
            #expect(json.object["startedAt"] is String)
            #expect(json.stderr.contains("not this run's report"), "\(json.stderr)")
            let text = APXProcess.run(["report", "--root", ws.root])
            #expect(text.stdout.hasPrefix("run \(id) as-of 2026-11-21"), "\(text.stdout)")
        }
    }

    @Test func aTimedCopysNameFollowsTheConfiguredZoneAsTheNightlyLinePassesIt() throws {
        let ws = ranWorkspace("apx-backup-zone")
        let conf = ws.path("utc.conf")
        try "time.zone = Pacific/Kiritimati\n".write(toFile: conf, atomically: true, encoding: .utf8)   // +14:00
        let folder = ws.path("copies") + "/"
        func stamp(_ d: Date) -> String {
            let f = DateFormatter()
            f.timeZone = TimeZone(identifier: "Pacific/Kiritimati")
            f.dateFormat = "yyyyMMdd'T'HH"
            return f.string(from: d)
        }
        let before = stamp(Date())
        let r = APXProcess.run(["backup", "--root", ws.root, "--pipeline", conf, "--to", folder, "--json"])
        let after = stamp(Date())
        #expect(r.status == 0, "\(r.stderr)")
        let name = ((r.object["backup"] as? String) ?? "" as String).split(separator: "/").last.map(String.init) ?? ""
        #expect([before, after].contains { name.hasPrefix("approval-" + $0) }, "\(name) vs \(before)")
        let crontab = try String(contentsOfFile: Repository.root + "/cron/apx.crontab", encoding: .utf8)
        #expect(crontab.contains("apx backup --pipeline /etc/apx/pipeline.conf"))
    }

    @Test func theReportOfAKilledRunSaysItDidNotFinishInValidJSON() throws {
        let ws = TempWorkspace("apx-report-killed")
        ws.drop("rkqq", "RKQQ_20261120_01.csv", text: Builders.rkqqCSV([
            RequestFixture(qqbh: "RK1", xmdm: "2021-360111-48-01-000006", xmmc: "项目", sqdwdm: Fixture.uscc(body: "MA35AB01"), sqdwmc: "单位")]))
        let killed = APXProcess.run(["run", "--root", ws.root, "--as-of", "2026-11-21"], environment: ["APX_CRASH_AT": "1"])
        #expect(killed.status != 0)
        let db = try Database(path: ws.path("db/approval.sqlite"))
        let id = try #require(try db.scalar("SELECT id FROM run WHERE finished_at IS NULL").string)
        let json = APXProcess.run(["report", "--root", ws.root, "--run", id, "--json"])
        #expect(json.status == 0, "\(json.stderr)")
        #expect(json.object["run"] as? String == id, "\(json.stdout)")
        #expect(json.object["finished"] as? Bool == false)
        #expect(json.object["startedAt"] is String)
        #expect(json.stderr.contains("did not finish"))
        let text = APXProcess.run(["report", "--root", ws.root, "--run", id])
        #expect(text.stdout.hasPrefix("run \(id) as-of 2026-11-21"), "\(text.stdout)")
    }

    @Test func pruneKeepsTheDocumentsAFutureArchivePackageIsBuiltFrom() throws {
        let ws = TempWorkspace("apx-prune-documents")
        let night = APXProcess.run(["run", "--seed", Repository.samples, "--root", ws.root, "--as-of", "2026-11-21"])
        #expect(night.status == 65, "\(night.stderr)")
        let db = try Database(path: ws.path("db/approval.sqlite"))
        let documents = try db.rows("""
            SELECT DISTINCT json_extract(d.value, '$.path') AS path, json_extract(d.value, '$.sha256') AS sha
            FROM result, json_each(result.record, '$.documents') AS d
            """).map { ($0.string("path") ?? "", $0.string("sha") ?? "") }
        #expect(documents.count >= 4, "\(documents)")
        let dry = APXProcess.run(["prune", "--root", ws.root, "--as-of", "2028-01-01", "--dry-run"])
        #expect(dry.status == 0, "\(dry.stderr)")
        #expect(ws.exists("archive/2026-11-21/tzxm/TZXM_20261120_01.csv"))
        // A name that is not UTF-8 beside the documents goes like the rest.
        let odd = ws.path("archive/2026-11-21/manual/").utf8 + [0xFF, 0xFE] + Array("bad.pdf".utf8) + [0]
        let fd = odd.withUnsafeBufferPointer { open(UnsafeRawPointer($0.baseAddress!).assumingMemoryBound(to: CChar.self), O_WRONLY | O_CREAT, 0o644) }
        #expect(fd >= 0)
        close(fd)
        // Long after the retention period, before the projects end: the documents stay, byte for byte.
        let r = APXProcess.run(["prune", "--root", ws.root, "--as-of", "2028-01-01", "--json"])
        #expect(r.status == 0, "\(r.stderr)")
        for (path, sha) in documents {
            #expect(ws.exists(path), "\(path) pruned")
            #expect(try SHA256.file(at: ws.path(path)).hex == sha, "\(path)")
        }
        let left = ws.files(under: "archive")
        #expect(Set(left) == Set(documents.map(\.0)), "\(left)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: ws.path("archive/2026-11-21/manual")).count == 3)
        // Once a project has ENDED (its package accepted), its documents follow the retention.
        try db.execute("UPDATE project SET state = 'ENDED'")
        let after = APXProcess.run(["prune", "--root", ws.root, "--as-of", "2028-01-01"])
        #expect(after.status == 0, "\(after.stderr)")
        let orphans = try db.rows("SELECT DISTINCT xmdm FROM result WHERE xmdm NOT IN (SELECT xmdm FROM project)").count
        #expect(orphans == 0)   // every result here belongs to a known project
        #expect(ws.files(under: "archive").isEmpty, "\(ws.files(under: "archive"))")
    }

    @Test func theGoodBytesDeliveredAgainSettleTheBadDeliveryOfTheSameName() throws {
        let ws = TempWorkspace("apx-settle-by-duplicate")
        let good = Builders.rkqqCSV([RequestFixture(qqbh: "RK1", xmdm: "2021-360111-48-01-000006", xmmc: "项目",
                                                    sqdwdm: Fixture.uscc(body: "MA35AB01"), sqdwmc: "单位")])
        let name = "RKQQ_20261120_01.csv"
        ws.drop("rkqq", name, text: good)
        #expect(APXProcess.run(["run", "--root", ws.root, "--as-of", "2026-11-21"]).status == 0)
        ws.drop("rkqq", name, text: "garbage\n")
        #expect(APXProcess.run(["run", "--root", ws.root, "--as-of", "2026-11-22"]).status == 65)
        // The partner sends the good file again: a duplicate of processed bytes, and the backlog is clear.
        ws.drop("rkqq", name, text: good)
        let third = APXProcess.run(["run", "--root", ws.root, "--as-of", "2026-11-23", "--json"])
        #expect(third.status == 0, "\(third.stderr)")
        #expect(value(third.object, "files", "duplicate") as? Int == 1)
        let backlog = APXProcess.run(["quarantine", "list", "--root", ws.root, "--json"])
        #expect((backlog.json as? [Any])?.isEmpty == true, "\(backlog.stdout)")
        let all = try #require(APXProcess.run(["quarantine", "list", "--root", ws.root, "--json", "--all"]).json as? [[String: Any]])
        #expect(all.count == 1 && all[0]["state"] as? String == "SETTLED", "\(all)")
        #expect(ws.exists("quarantine/rkqq/" + name))   // kept, never deleted
    }

    @Test func aRootSpelledWithAnEscapedByteIsRefusedBeforeAnythingIsCreated() throws {
        let base = TempWorkspace("apx-root-escape")
        let root = base.path(#"ws\x41b"#)
        for command in [["init"], ["run", "--seed", Repository.samples], ["status"]] {
            let r = APXProcess.run(command + ["--root", root])
            #expect(r.status == 64, "\(command): \(r.stderr)")
            #expect(r.stderr.contains("hex digits"), "\(r.stderr)")
        }
        #expect(!FileManager.default.fileExists(atPath: root))
        #expect(!FileManager.default.fileExists(atPath: base.path("wsAb")))
    }
}
