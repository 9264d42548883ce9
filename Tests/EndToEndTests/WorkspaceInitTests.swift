import Foundation
import SQLiteDB
import Testing
import TestSupport

/// Spec 05: `apx init` lays a workspace out; every other command refuses a root that does
/// not exist or has no inbox/ (exit 66), except `apx run --seed`.
@Suite struct WorkspaceInitTests {
    static let layout = ["inbox", "inbox/tzxm", "outbox/gov", "outbox/archive", "outbox/notices", "quarantine", "archive", "db",
                         "reports", "logs"]

    @Test func initCreatesTheLayoutAndASecondInitChangesNothing() throws {
        let base = TempWorkspace("apx-init")
        let root = base.path("deep/ws")
        let first = APXProcess.run(["init", "--root", root])
        #expect(first.status == 0, "\(first.stderr)")
        for dir in Self.layout { #expect(FileManager.default.fileExists(atPath: root + "/" + dir), "\(dir)") }
        FileManager.default.createFile(atPath: root + "/inbox/tzxm/waiting.csv", contents: Data("x".utf8))
        let second = APXProcess.run(["init", "--root", root])
        #expect(second.status == 0)
        #expect(FileManager.default.contents(atPath: root + "/inbox/tzxm/waiting.csv") == Data("x".utf8))
        #expect(!FileManager.default.fileExists(atPath: root + "/db/approval.sqlite"))
    }

    static let commands: [[String]] = [
        ["run"], ["reprocess", "--quarantined"], ["reprocess", "--file", "x.csv"], ["review", "list"],
        ["review", "accept", "1", "--by", "op"], ["review", "reject", "1", "--by", "op", "--note", "n"], ["report"],
        ["project", "show", "2019-360102-47-03-012345"], ["project", "split", "2019-360102-47-03-012345", "--gcdm", "G", "--name", "N"],
        ["project", "recycle", "G"], ["archive", "repush", "2019-360102-47-03-012345"], ["status"], ["status", "--json"],
        ["backup", "--to", "/tmp/apx-never-written.sqlite"], ["prune"],
    ]

    @Test func everyCommandRefusesARootThatDoesNotExistWithExit66() throws {
        let base = TempWorkspace("apx-missing")
        let root = base.path("mistyped")
        for command in Self.commands {
            let r = APXProcess.run(command + ["--root", root])
            #expect(r.status == 66, "\(command): \(r.stderr)")
            #expect(r.stderr.contains("not an apx workspace: \(canonical(root)); run apx init"), "\(command): \(r.stderr)")
            #expect(!FileManager.default.fileExists(atPath: root), "\(command) created the root")
        }
        #expect(!FileManager.default.fileExists(atPath: "/tmp/apx-never-written.sqlite"))
    }

    @Test func aRootWithoutInboxIsRefusedAndLeftUntouched() throws {
        let base = TempWorkspace("apx-noinbox")
        let root = base.path("other")
        try FileManager.default.createDirectory(atPath: root + "/docs", withIntermediateDirectories: true)
        for command in Self.commands {
            let r = APXProcess.run(command + ["--root", root])
            #expect(r.status == 66, "\(command): \(r.stderr)")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: root) == ["docs"])
    }

    @Test func aMistypedAPXRootIsRefusedToo() throws {
        let base = TempWorkspace("apx-env")
        let r = APXProcess.run(["run", "--json"], environment: ["APX_ROOT": base.path("var/lib/apx-typo")])
        #expect(r.status == 66)
        #expect(r.stdout.isEmpty)
        #expect(!FileManager.default.fileExists(atPath: base.path("var")))
    }

    @Test func runOnAFolderHoldingOnlyInboxCreatesTheRest() throws {
        let ws = TempWorkspace("apx-onlyinbox")
        let r = APXProcess.run(["run", "--root", ws.root, "--as-of", "2026-11-21", "--json"])
        #expect(r.status == 0, "\(r.stderr)")
        for dir in Self.layout { #expect(ws.exists(dir), "\(dir)") }
        #expect(ws.files(under: "reports").count == 2)
    }

    @Test func runWithSeedMayCreateTheWorkspace() throws {
        let base = TempWorkspace("apx-seed")
        let root = base.path("new")
        let r = APXProcess.run(["run", "--seed", Repository.samples, "--root", root, "--as-of", "2026-11-21", "--json"])
        #expect(r.status == 0 || r.status == 65, "\(r.stderr)")
        #expect(FileManager.default.fileExists(atPath: root + "/db/approval.sqlite"))
    }

    @Test func versionIsOneConstantAndNeedsNoWorkspace() throws {
        let a = Shell.run(APXProcess.binary, ["--version"], directory: "/")
        let b = Shell.run(APXProcess.binary, ["version"], directory: "/")
        #expect(a.status == 0 && b.status == 0)
        #expect(a.stdout == b.stdout)
        #expect(a.stdout.range(of: #"^apx [0-9]+\.[0-9]+\.[0-9]+\n$"#, options: .regularExpression) != nil, "\(a.stdout)")
    }
}
