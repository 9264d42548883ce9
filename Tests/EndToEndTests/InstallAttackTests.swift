import Foundation
import Testing
import TestSupport

/// cron/install.sh given what an operator might type: the paths it writes go unquoted into the
/// crontab (run by /bin/sh) and the systemd units, so a prefix either works there or is refused.
@Suite struct InstallAttackTests {
    func install(_ arguments: [String], directory: String? = nil) -> (status: Int32, stdout: String, stderr: String) {
        Shell.run("/bin/sh", [Repository.root + "/cron/install.sh", "--binary", APXProcess.binary, "--no-account"] + arguments,
                  directory: directory)
    }

    @Test(arguments: ["with space", "quote'd", "dollar$HOME", "hash#x", "percent%x", "amp&x"])
    func aPrefixTheScheduleCouldNotRunIsRefusedAndNothingIsInstalled(name: String) throws {
        let base = TempWorkspace("apx-install-odd")
        let prefix = base.path(name)
        let r = install(["--prefix", prefix])
        #expect(r.status == 64, "\(name): \(r.stderr)")
        #expect(r.stderr.contains("--prefix"), "\(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: prefix))
    }

    @Test func aRelativePrefixIsMadeAbsoluteSoCronFindsTheBinary() throws {
        let base = TempWorkspace("apx-install-rel")
        let r = install(["--prefix", "rel"], directory: base.root)
        #expect(r.status == 0, "\(r.stderr)")
        let crontab = try String(contentsOfFile: base.path("rel/etc/apx/apx.crontab"), encoding: .utf8)
        let nightly = crontab.split(separator: "\n").first { $0.hasPrefix("0 2 ") } ?? ""
        #expect(nightly.contains(canonical(base.root) + "/rel/opt/apx/bin/apx run"), "\(nightly)")
    }

    @Test func anOptionWithoutItsValueIsAUsageError() {
        let r = install(["--prefix"])
        #expect(r.status == 64, "\(r.stderr)")
        #expect(r.stderr.contains("--prefix needs a value"))
    }

    @Test func aWrongActivationIsRefusedBeforeAnythingIsInstalled() throws {
        let base = TempWorkspace("apx-install-activate")
        for arguments in [["--activate", "crond"], ["--activate", "cron"], ["--activate", "systemd"]] {
            let prefix = base.path("p")
            let r = install(["--prefix", prefix] + arguments)
            #expect(r.status == 64, "\(arguments): \(r.stderr)")
            #expect(r.stderr.contains("--activate"), "\(r.stderr)")
            #expect(!FileManager.default.fileExists(atPath: prefix), "\(arguments) installed before refusing")
        }
    }
}
