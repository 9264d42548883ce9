import Foundation
import SQLiteDB
import Testing
import TestSupport

/// cron/install.sh into a temporary prefix, then the crontab's lines exactly as written
/// (only the installation paths prefixed), as cron would run them.
@Suite(.serialized) struct InstallTests {
    static let paths = ["/opt/apx", "/etc/apx", "/var/lib/apx", "/var/backups/apx"]

    struct Crontab {
        var environment: [String: String] = [:]
        var jobs: [String] = []   // the command part of each job line

        init(file: String, prefix: String) throws {
            for raw in try String(contentsOfFile: file, encoding: .utf8).split(separator: "\n") {
                let line = raw.trimmingCharacters(in: .whitespaces)
                if line.isEmpty || line.hasPrefix("#") { continue }
                var text = line
                for p in InstallTests.paths { text = text.replacingOccurrences(of: p, with: prefix + p) }
                if let eq = text.firstIndex(of: "="), text[..<eq].allSatisfy({ $0.isLetter || $0 == "_" }) {
                    environment[String(text[..<eq])] = String(text[text.index(after: eq)...])
                    continue
                }
                // Five time fields, then the command (which cron hands to $SHELL -c).
                var rest = Substring(text)
                for _ in 0..<5 {
                    rest = rest.drop(while: { $0 != " " && $0 != "\t" }).drop(while: { $0 == " " || $0 == "\t" })
                }
                jobs.append(String(rest))
            }
        }

        func job(_ containing: String) -> String? { jobs.first { $0.contains(containing) } }

        /// Runs a job the way cron does: `$SHELL -c command` with the crontab's variables
        /// plus HOME, LOGNAME and USER.
        func run(_ command: String) -> (status: Int32, stdout: String, stderr: String) {
            var env = environment
            env["HOME"] = NSTemporaryDirectory()
            env["LOGNAME"] = "root"
            env["USER"] = "root"
            return Shell.run(environment["SHELL"] ?? "/bin/sh", ["-c", command], environment: env, directory: env["HOME"])
        }
    }

    func install(_ prefix: String) -> (status: Int32, stdout: String, stderr: String) {
        Shell.run("/bin/sh", [Repository.root + "/cron/install.sh", "--prefix", prefix, "--binary", APXProcess.binary, "--no-account"])
    }

    @Test func theCrontabsNightlyLineRunsOnAFreshInstallAndWritesReports() throws {
        let base = TempWorkspace("apx-install")
        let prefix = base.path("root")
        let installed = install(prefix)
        #expect(installed.status == 0, "\(installed.stderr)")
        for path in ["/opt/apx/bin/apx", "/etc/apx/pipeline.conf", "/etc/apx/apx.crontab", "/var/lib/apx/inbox",
                     "/var/backups/apx", "/etc/systemd/system/apx-run.service", "/etc/systemd/system/apx-run.timer",
                     "/etc/systemd/system/apx-backup.service"] {
            #expect(FileManager.default.fileExists(atPath: prefix + path), "\(path)")
        }
        let crontab = try Crontab(file: Repository.root + "/cron/apx.crontab", prefix: prefix)
        #expect(crontab.environment["CRON_TZ"] == "Asia/Shanghai")
        #expect(crontab.environment["APX_ROOT"] == prefix + "/var/lib/apx")
        let nightly = try #require(crontab.job(" run "))
        #expect(nightly.contains("backup"))
        #expect(nightly.range(of: "backup")!.lowerBound < nightly.range(of: " run ")!.lowerBound, "backup before the run")

        // First night on a fresh workspace: nothing to back up yet, the run writes its report.
        let first = crontab.run(nightly)
        #expect(first.status == 0, "\(first.stdout) \(first.stderr)")
        #expect(first.stdout.isEmpty, "cron would mail: \(first.stdout)")
        let reports = try FileManager.default.contentsOfDirectory(atPath: prefix + "/var/lib/apx/reports")
        #expect(reports.contains { $0.hasSuffix(".json") } && reports.contains { $0.hasSuffix(".html") }, "\(reports)")

        // Second night: the backup is there and sound.
        let second = crontab.run(nightly)
        #expect(second.status == 0, "\(second.stdout) \(second.stderr)")
        let copies = try FileManager.default.contentsOfDirectory(atPath: prefix + "/var/backups/apx").filter { $0.hasSuffix(".sqlite") }
        #expect(copies.count == 1, "\(copies)")
        if let copy = copies.first { #expect(try Database.integrityCheck(ofFile: prefix + "/var/backups/apx/" + copy) == ["ok"]) }

        // The retention and the morning check lines run too.
        let prune = try #require(crontab.job(" prune "))
        #expect(crontab.run(prune).status == 0)
        let status = try #require(crontab.job(" status "))
        let checked = crontab.run(status)
        #expect(checked.status == 0, "\(checked.stdout)")
        #expect(checked.stdout.isEmpty)
    }

    @Test func aFailingNightIsMailedWithItsExitCodeAndReport() throws {
        let base = TempWorkspace("apx-install-fail")
        let prefix = base.path("root")
        #expect(install(prefix).status == 0)
        let crontab = try Crontab(file: Repository.root + "/cron/apx.crontab", prefix: prefix)
        let nightly = try #require(crontab.job(" run "))
        #expect(crontab.run(nightly).status == 0)
        let inbox = prefix + "/var/lib/apx/inbox/rkqq"
        FileManager.default.createFile(atPath: inbox + "/RKQQ_20261120_01.csv", contents: Data("bad,header\r\n".utf8))
        FileManager.default.createFile(atPath: inbox + "/RKQQ_20261120_01.csv.ok", contents: Data())
        let night = crontab.run(nightly)
        #expect(night.status == 65)
        #expect(night.stdout.contains("apx run exit 65"))
    }

    @Test func theServiceAccountIsCreatedWithUseraddAsASystemAccountWithoutLogin() throws {
        let base = TempWorkspace("apx-install-account")
        let prefix = base.path("root")
        let calls = base.path("useradd.calls")
        let standIn = base.path("useradd")
        try "#!/bin/sh\necho \"$@\" >> \(calls)\n".write(toFile: standIn, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: standIn)
        var env = ProcessInfo.processInfo.environment
        env["APX_USERADD"] = standIn
        let r = Shell.run("/bin/sh", [Repository.root + "/cron/install.sh", "--prefix", prefix, "--binary", APXProcess.binary,
                                      "--user", "apx-test-no-such-user"], environment: env)
        #expect(r.status == 0, "\(r.stderr)")
        let line = try String(contentsOfFile: calls, encoding: .utf8)
        #expect(line == "--system --user-group --home-dir \(prefix)/var/lib/apx --no-create-home --shell /usr/sbin/nologin apx-test-no-such-user\n")
        let unit = try String(contentsOfFile: prefix + "/etc/systemd/system/apx-run.service", encoding: .utf8)
        #expect(unit.contains("User=apx-test-no-such-user"))
    }

    @Test func reinstallingUpgradesTheBinaryAndKeepsThePipelineFileAndTheWorkspace() throws {
        let base = TempWorkspace("apx-reinstall")
        let prefix = base.path("root")
        #expect(install(prefix).status == 0)
        let conf = prefix + "/etc/apx/pipeline.conf"
        let edited = try String(contentsOfFile: conf, encoding: .utf8) + "\noperator.unit = 测试单位\n"
        try edited.write(toFile: conf, atomically: true, encoding: .utf8)
        FileManager.default.createFile(atPath: prefix + "/var/lib/apx/inbox/tzxm/waiting.csv", contents: Data("x".utf8))
        let again = install(prefix)
        #expect(again.status == 0, "\(again.stderr)")
        #expect(try String(contentsOfFile: conf, encoding: .utf8) == edited)
        #expect(FileManager.default.fileExists(atPath: prefix + "/var/lib/apx/inbox/tzxm/waiting.csv"))
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/systemd-analyze"), "needs systemd-analyze"))
    func theSystemdUnitsVerifyAndTheBackupRunsBeforeTheNight() throws {
        let base = TempWorkspace("apx-units")
        let prefix = base.path("root")
        #expect(install(prefix).status == 0)
        let dir = prefix + "/etc/systemd/system/"
        let units = ["apx-run.service", "apx-run.timer", "apx-backup.service", "apx-prune.service", "apx-prune.timer"]
        let verify = Shell.run("/usr/bin/systemd-analyze", ["verify"] + units.map { dir + $0 })
        #expect(verify.status == 0, "\(verify.stderr)")
        let run = try String(contentsOfFile: dir + "apx-run.service", encoding: .utf8)
        #expect(run.contains("Wants=apx-backup.service") && run.contains("After=apx-backup.service"))
        #expect(run.contains("ExecStart=\(prefix)/opt/apx/bin/apx run --pipeline \(prefix)/etc/apx/pipeline.conf"))
        #expect(try String(contentsOfFile: dir + "apx-run.timer", encoding: .utf8).contains("OnCalendar=*-*-* 02:00:00 Asia/Shanghai"))
    }
}
