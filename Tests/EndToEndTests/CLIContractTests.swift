import Foundation
import Testing
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

@Suite struct CLIContractTests {
    @Test func secondRunWhileTheLockIsHeldExits75AndDoesNothing() throws {
        let ws = TempWorkspace()
        ws.drop("rkqq", "RKQQ_20261120_01.csv", text: Builders.rkqqCSV([]))
        let fd = open(ws.path(".apx.lock"), O_RDWR | O_CREAT, 0o644)
        #expect(flock(fd, LOCK_EX | LOCK_NB) == 0)
        let r = APXProcess.run(["run", "--root", ws.root, "--json"])
        #expect(r.status == 75)
        #expect(r.stderr.contains("lock"))
        #expect(ws.exists("inbox/rkqq/RKQQ_20261120_01.csv"))
        #expect(!ws.exists("db/approval.sqlite"))
        close(fd)
        #expect(APXProcess.run(["run", "--root", ws.root]).status == 0)
    }

    @Test func runKilledWhileHoldingTheLockDoesNotBlockTheNext() throws {
        let ws = TempWorkspace()
        // Big enough that the run is still working when it is killed.
        let requests = (1...15_000).map {
            RequestFixture(qqbh: "RK\($0)", xmdm: "2021-360111-48-01-000006", xmmc: "项目\($0)",
                           sqdwdm: Fixture.uscc(body: "MA35AB01"), sqdwmc: "单位")
        }
        ws.drop("rkqq", "RKQQ_20261120_01.csv", text: Builders.rkqqCSV(requests))
        let run = Process()
        run.executableURL = URL(fileURLWithPath: APXProcess.binary)
        run.arguments = ["run", "--root", ws.root]
        run.standardOutput = FileHandle.nullDevice
        try run.run()
        // Wait until the run holds the lock, then kill -9 it.
        var held = false
        for _ in 0..<500 where !held {
            let fd = open(ws.path(".apx.lock"), O_RDWR)
            if fd >= 0 {
                if flock(fd, LOCK_EX | LOCK_NB) != 0 { held = true } else { flock(fd, LOCK_UN) }
                close(fd)
            }
            if !held { usleep(2_000) }
        }
        #expect(held)
        kill(run.processIdentifier, SIGKILL)
        run.waitUntilExit()
        #expect(run.terminationReason == .uncaughtSignal)
        let next = APXProcess.run(["run", "--root", ws.root, "--json"])
        #expect(next.status == 0, "\(next.stderr)")
        #expect(ws.files(under: "archive").filter { $0.hasSuffix("RKQQ_20261120_01.csv") }.count == 1)
        #expect(!ws.exists("inbox/rkqq/RKQQ_20261120_01.csv"))
    }

    @Test func wrongCommandLinesExit64() {
        #expect(APXProcess.run(["run", "--as-of", "2026-13-01"]).status == 64)
        #expect(APXProcess.run(["run", "--bogus"]).status == 64)
        #expect(APXProcess.run(["frobnicate"]).status == 64)
        #expect(APXProcess.run(["review", "accept", "1", "--root", "/nonexistent"]).status == 64)  // --by missing
        #expect(APXProcess.run(["review", "reject", "1", "--by", "x", "--root", "/nonexistent"]).status == 64)  // --note missing
        #expect(APXProcess.run([]).status == 64)
    }

    @Test func everyCommandHasHelp() {
        for command in [["run"], ["project", "show"], ["review", "list"], ["review", "accept"], ["review", "reject"], ["report"]] {
            let r = APXProcess.run(command + ["--help"])
            #expect(r.status == 0, "\(command)")
            #expect(r.stdout.contains("usage: apx \(command.joined(separator: " "))"), "\(command)")
        }
        #expect(APXProcess.run(["--help"]).stdout.contains("apx review accept"))
    }

    @Test func unknownProjectExits66() {
        let ws = TempWorkspace()
        #expect(APXProcess.run(["run", "--root", ws.root]).status == 0)
        #expect(APXProcess.run(["project", "show", "2019-360102-47-03-999999", "--root", ws.root, "--json"]).status == 66)
        #expect(APXProcess.run(["review", "accept", "42", "--by", "x", "--root", ws.root]).status == 66)
    }

    @Test func rootFallsBackToAPXROOT() {
        let ws = TempWorkspace()
        let r = APXProcess.run(["run", "--json"], environment: ["APX_ROOT": ws.root])
        #expect(r.status == 0)
        #expect(ws.exists("db/approval.sqlite"))
        for dir in ["outbox/gov", "outbox/archive", "outbox/notices", "quarantine", "archive", "reports", "logs"] {
            var isDir: ObjCBool = false
            #expect(FileManager.default.fileExists(atPath: ws.path(dir), isDirectory: &isDir) && isDir.boolValue, "\(dir)")
        }
        #expect(ws.files(under: "reports").contains { $0.hasSuffix(".html") })
        #expect(ws.files(under: "logs").contains { $0.hasSuffix(".jsonl") })
    }

    @Test func fileOverTheConfiguredLimitIsTooLarge() throws {
        let ws = TempWorkspace()
        let pipeline = ws.path("small.conf")
        try "limits.xml_bytes = 200\n".write(toFile: pipeline, atomically: true, encoding: .utf8)
        let p = ProjectFixture(xmdm: "2019-360102-47-03-012345", xmmc: "项目", units: [("单位", Fixture.uscc(body: "MA35AB01"))])
        ws.drop("tzxm", "TZXM_20261120_01.xml", text: Builders.tzxmXML([p]))
        let r = APXProcess.run(["run", "--root", ws.root, "--pipeline", pipeline, "--json"])
        #expect(r.status == 65)
        #expect(ws.read("quarantine/tzxm/TZXM_20261120_01.xml.reason.json")?.contains("\"TOO_LARGE\"") == true)
        #expect(APXProcess.run(["run", "--root", ws.root, "--pipeline", ws.path("missing.conf")]).status == 64)
    }

    @Test func symlinkInTheInboxIsNeverFollowed() throws {
        let ws = TempWorkspace()
        ws.drop("rkqq", "RKQQ_20261120_01.csv", text: "x")
        try FileManager.default.removeItem(atPath: ws.path("inbox/rkqq/RKQQ_20261120_01.csv"))
        try FileManager.default.createSymbolicLink(atPath: ws.path("inbox/rkqq/RKQQ_20261120_01.csv"), withDestinationPath: "/etc/passwd")
        let r = APXProcess.run(["run", "--root", ws.root, "--json"])
        #expect(r.status == 65)
        #expect(ws.read("quarantine/rkqq/RKQQ_20261120_01.csv.reason.json")?.contains("NAME_UNKNOWN") == true)
        #expect(FileManager.default.fileExists(atPath: "/etc/passwd"))
    }

    /// Spec 02 (as updated): in `sgt/` a file with its own marker is a data file judged by the
    /// name patterns — a PDF is `NAME_UNKNOWN`, and the XML listing it finds it missing.
    @Test func drawingReviewFileDeliveredWithItsOwnMarkerIsADataFileNotAnAttachment() throws {
        let ws = TempWorkspace()
        let pdf = ResultBuilders.Attachment(name: "SC5_hgs.pdf", bytes: Array("%PDF-1.4 attachment".utf8))
        ws.drop("sgt", pdf.name, pdf.bytes, marker: true)
        ws.drop("sgt", "SGT_BJ_SC5.xml", text: ResultBuilders.sgt(lx: "BJ", slbh: "SC5", xmdm: Cast.p1, xmmc: "x", jsdw: Cast.lead1,
                                                                  hgsbh: "审字5号", attachments: [pdf]))
        let r = APXProcess.run(["run", "--root", ws.root, "--as-of", "2026-11-21", "--json"])
        #expect(r.status == 65, "\(r.stderr)")
        #expect(ws.read("quarantine/sgt/SC5_hgs.pdf.reason.json")?.contains("NAME_UNKNOWN") == true)
        #expect(ws.exists("quarantine/sgt/SC5_hgs.pdf.ok"))
        #expect(ws.read("quarantine/sgt/SGT_BJ_SC5.xml.reason.json")?.contains("ATTACHMENT_MISSING") == true)
        #expect(ws.files(under: "inbox/sgt").isEmpty)
    }

    @Test func orphanMarkerIsReportedThenRemovedAfterADay() throws {
        let ws = TempWorkspace()
        ws.drop("rkqq", "RKQQ_20261120_05.csv.ok", text: "", marker: false)
        let first = APXProcess.run(["run", "--root", ws.root, "--json"])
        #expect(first.stdout.contains("rkqq/RKQQ_20261120_05.csv.ok"))
        #expect(ws.exists("inbox/rkqq/RKQQ_20261120_05.csv.ok"))
        try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSinceNow: -2 * 86_400)],
                                              ofItemAtPath: ws.path("inbox/rkqq/RKQQ_20261120_05.csv.ok"))
        _ = APXProcess.run(["run", "--root", ws.root, "--json"])
        #expect(!ws.exists("inbox/rkqq/RKQQ_20261120_05.csv.ok"))
    }

    @Test func readmeFirstCommandOverSamples() throws {
        let ws = TempWorkspace()
        let samples = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("samples").path
        let r = APXProcess.run(["run", "--seed", samples, "--as-of", "2026-11-21", "--root", ws.root, "--json"])
        #expect(r.status == 65, "\(r.stderr)")
        let s = (r.json as? [String: Any]) ?? [:]
        #expect(intAt(s, "files", "quarantined") == 3)
        #expect(intAt(s, "files", "notReady") == 1)
        #expect(intAt(s, "results", "warehoused") == 8)
        #expect(intAt(s, "results", "pending") == 1)
        #expect(ws.read("quarantine/manual/加密文件.pdf.reason.json")?.contains("PDF_ENCRYPTED") == true)
        // Record rejects are listed in the run report too.
        let report = ws.files(under: "reports").first { $0.hasSuffix(".json") }.flatMap { ws.read($0) } ?? ""
        #expect(report.contains("\"code\": \"XMDM_INVALID\"") && report.contains("\"code\": \"CODE_INVALID\""))
        #expect(ws.read("quarantine/tzxm/TZXM_20261120_03.xml.reason.json")?.contains("XML_DTD") == true)
        #expect(ws.read("quarantine/rkqq/入库申请导出.csv.reason.json")?.contains("NAME_UNKNOWN") == true)
        let again = APXProcess.run(["run", "--seed", samples, "--as-of", "2026-11-21", "--root", ws.root, "--json"])
        let s2 = (again.json as? [String: Any]) ?? [:]
        #expect(intAt(s2, "files", "duplicate") == 12)
        // The re-delivered attachment travels with its duplicate XML instead of waiting forever.
        #expect(ws.files(under: "inbox/sgt").isEmpty)
        #expect(intAt(s2, "push", "gov", "files") == 0)
    }
}
