import Foundation
import Testing
import TestSupport

/// Issue 8: kill -9 during `apx reprocess --quarantined` right after the data file went back
/// to the inbox left it there without its marker (the marker stayed in quarantine): never
/// claimed again. Here the reprocess dies at each of its durable steps in turn, in a fresh
/// workspace each time; the next run must finish the work: the file processed exactly once.
@Suite(.serialized) struct ReprocessCrashTests {
    static let request = RequestFixture(qqbh: "R1", xmdm: Cast.p1, xmmc: "安置房项目", sqdwdm: Cast.lead1.uscc, sqdwmc: Cast.lead1.name)

    /// A workspace whose GB18030 request file sits in quarantine (ENCODING), and the fix.
    func quarantinedWorkspace() throws -> (TempWorkspace, String) {
        let ws = TempWorkspace("apx-requeue")
        ws.drop("tzxm", "TZXM_20261120_01.xml", text: Builders.tzxmXML([ProjectFixture(xmdm: Cast.p1, xmmc: "安置房项目", units: [Cast.lead1])]))
        ws.drop("rkqq", "RKQQ_20261120_01.csv", GB18030.encode(Builders.rkqqCSV([Self.request])))
        #expect(APXProcess.run(["run", "--root", ws.root, "--as-of", "2026-11-21"]).status == 65)
        #expect(ws.exists("quarantine/rkqq/RKQQ_20261120_01.csv.ok"))
        let conf = ws.path("fixed.conf")
        try "encoding.rkqq = GB18030\n".write(toFile: conf, atomically: true, encoding: .utf8)
        return (ws, conf)
    }

    func died(_ args: [String], at point: Int) -> Bool {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: APXProcess.binary)
        p.arguments = args
        var env = ProcessInfo.processInfo.environment
        env["APX_CRASH_AT"] = String(point)
        env.removeValue(forKey: "APX_ROOT")
        p.environment = env
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try? p.run()
        p.waitUntilExit()
        return p.terminationReason == .uncaughtSignal
    }

    @Test func reprocessKilledAtEveryDurableStepIsFinishedByTheNextRun() throws {
        var point = 1
        var kills = 0
        var strandedBefore = 0
        while true {
            let (ws, conf) = try quarantinedWorkspace()
            let args = ["reprocess", "--quarantined", "--root", ws.root, "--as-of", "2026-11-22", "--pipeline", conf]
            guard died(args, at: point) else { break }
            kills += 1
            if ws.exists("inbox/rkqq/RKQQ_20261120_01.csv") && !ws.exists("inbox/rkqq/RKQQ_20261120_01.csv.ok") { strandedBefore += 1 }
            // The next run (the nightly one, with the fixed configuration) finishes the work.
            let next = APXProcess.run(["run", "--root", ws.root, "--as-of", "2026-11-22", "--pipeline", conf, "--json"])
            #expect(next.status == 0, "killed at step \(point): \(next.stderr)")
            #expect(ws.files(under: "inbox").isEmpty, "killed at step \(point): \(ws.files(under: "inbox"))")
            #expect(ws.files(under: "quarantine").isEmpty, "killed at step \(point): \(ws.files(under: "quarantine"))")
            #expect(ws.exists("archive/2026-11-22/rkqq/RKQQ_20261120_01.csv"), "killed at step \(point)")
            #expect(ws.exists("archive/2026-11-22/rkqq/RKQQ_20261120_01.csv.ok"), "killed at step \(point): the marker moved with its file")
            #expect(Night(ws: ws).project(Cast.p1)["state"] as? String == "WAREHOUSED", "killed at step \(point)")
            let pushed = try Night(ws: ws).verifiedPushRecords()
            #expect(pushed.filter { $0[1] == "XM:\(Cast.p1)" }.count == 1, "killed at step \(point): pushed once")
            point += 1
        }
        print("reprocess --quarantined killed at \(kills) durable steps; \(strandedBefore) left the data file in the inbox before its marker")
        #expect(kills >= 6, "only \(kills) durable steps in a reprocess")
        #expect(strandedBefore >= 1, "no kill fell between the data file's move and its marker's")
    }
}
