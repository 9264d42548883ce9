import Foundation
import Testing
import TestSupport

/// Spec 05: a file that cannot be created exits 73 (EX_CANTCREAT), permission denied 77
/// (EX_NOPERM), each naming the path and the cause. Tests run as root, which ignores file
/// modes: the permission cases run the binary as `nobody`.
@Suite struct PermissionTests {
    static func night(_ ws: TempWorkspace) {
        ws.drop("rkqq", "RKQQ_20261120_01.csv", text: Builders.rkqqCSV([]))
    }

    @Test(.enabled(if: Unprivileged.available, "needs root and setpriv to run apx as nobody"))
    func aWorkspaceOwnedByAnotherAccountExits77NamingTheLockFile() throws {
        let ws = TempWorkspace("apx-perm")
        #expect(APXProcess.run(["init", "--root", ws.root]).status == 0)
        Self.night(ws)
        let r = Unprivileged.run(["run", "--root", ws.root, "--as-of", "2026-11-21"])
        #expect(r.status == 77, "\(r.stderr)")
        #expect(r.stderr.contains(ws.canonical(".apx.lock")), "\(r.stderr)")
        #expect(r.stderr.contains("Permission denied"), "\(r.stderr)")
        #expect(!r.stderr.contains("Input/output error"))
        #expect(ws.exists("inbox/rkqq/RKQQ_20261120_01.csv"))
        #expect(!ws.exists("db/approval.sqlite"))
    }

    @Test(.enabled(if: Unprivileged.available, "needs root and setpriv to run apx as nobody"))
    func aFolderTheAccountCannotCreateExits77NamingIt() throws {
        let ws = TempWorkspace("apx-perm-mkdir")   // only inbox/, owned by root
        let r = Unprivileged.run(["run", "--root", ws.root])
        #expect(r.status == 77, "\(r.stderr)")
        #expect(r.stderr.contains(ws.canonical("outbox")), "\(r.stderr)")
        #expect(r.stderr.contains("Permission denied"))
    }

    @Test(.enabled(if: Unprivileged.available, "needs root and setpriv to run apx as nobody"))
    func aDatabaseTheAccountCannotWriteExits77NamingIt() throws {
        let ws = TempWorkspace("apx-perm-db")
        #expect(APXProcess.run(["run", "--root", ws.root, "--as-of", "2026-11-21"]).status == 0)
        // Everything writable for nobody except db/ and the database file.
        for dir in ["", "/inbox", "/inbox/rkqq", "/outbox", "/outbox/gov", "/outbox/archive", "/outbox/notices", "/quarantine",
                    "/archive", "/reports", "/logs"] {
            try FileManager.default.setAttributes([.posixPermissions: 0o777], ofItemAtPath: ws.root + dir)
        }
        try FileManager.default.setAttributes([.posixPermissions: 0o666], ofItemAtPath: ws.path(".apx.lock"))
        Self.night(ws)
        let r = Unprivileged.run(["run", "--root", ws.root, "--as-of", "2026-11-21"])
        #expect(r.status == 77, "\(r.stderr)")
        #expect(r.stderr.contains(ws.canonical("db/approval.sqlite")), "\(r.stderr)")
        #expect(ws.exists("inbox/rkqq/RKQQ_20261120_01.csv"))
    }

    @Test func aLockPathThatIsAFolderExits73NamingIt() throws {
        let ws = TempWorkspace("apx-cantcreat")
        try FileManager.default.createDirectory(atPath: ws.path(".apx.lock"), withIntermediateDirectories: true)
        Self.night(ws)
        let r = APXProcess.run(["run", "--root", ws.root])
        #expect(r.status == 73, "\(r.stderr)")
        #expect(r.stderr.contains(ws.canonical(".apx.lock")))
        #expect(r.stderr.contains("Is a directory"))
        #expect(!r.stderr.contains("cannotOpen"))
        #expect(ws.exists("inbox/rkqq/RKQQ_20261120_01.csv"))
    }

    @Test func aFileWhereAFolderBelongsExits73NamingIt() throws {
        let ws = TempWorkspace("apx-notdir")
        FileManager.default.createFile(atPath: ws.path("logs"), contents: Data("not a folder".utf8))
        let r = APXProcess.run(["run", "--root", ws.root])
        #expect(r.status == 73, "\(r.stderr)")
        #expect(r.stderr.contains(ws.canonical("logs")))
        #expect(r.stderr.contains("Not a directory"))
        #expect(!r.stderr.contains("Input/output error"))
    }
}
