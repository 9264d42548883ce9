import Foundation
import SQLiteDB
import Testing
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// The crash test extended to `apx reprocess` (every selection) and to the person's commands
/// (review accept/reject, project split/recycle, result recycle, archive repush): after the
/// three nights of `CrashScenario` and a fourth with a fixable quarantine and a review item,
/// each command is killed with SIGKILL at a seeded random instant, then every command at its
/// durable steps in turn until an attempt gets through; the final state (after the next night) is compared
/// with the same commands run uninterrupted.
@Suite(.serialized) struct CrashReprocessAndPeopleTests {
    static let p3 = Cast.p3
    static let asOf = "2026-10-15"

    /// Night 4: a project whose request file is GB18030 under the UTF-8 default (ENCODING, fixed
    /// by configuration) and whose request name differs from the extract's (a REVIEW item).
    static func dropNight4(_ ws: TempWorkspace) {
        ws.drop("tzxm", "TZXM_20261013_01.xml", text: Builders.tzxmXML([ProjectFixture(xmdm: p3, xmmc: "瑶湖安置房", units: [Cast.lead1])]))
        ws.drop("rkqq", "RKQQ_20261013_01.csv", GB18030.encode(Builders.rkqqCSV([
            RequestFixture(qqbh: "R3", xmdm: p3, xmmc: "瑶湖小区安置房工程", sqdwdm: Cast.lead1.uscc, sqdwmc: Cast.lead1.name),
        ])))
    }

    /// A command, and for a person's command how to tell whether a killed attempt took effect
    /// (a person looks before repeating it); reprocess is simply repeated.
    struct Step {
        let label: String
        let args: (TempWorkspace) throws -> [String]
        let tookEffect: ((TempWorkspace) throws -> Bool)?
    }

    static func db(_ ws: TempWorkspace) throws -> Database { try Database(path: ws.path("db/approval.sqlite")) }

    static func reviewID(_ ws: TempWorkspace, xmdm: String, reason: String) throws -> String {
        let row = try db(ws).row("SELECT id FROM review_item WHERE xmdm = ? AND reasons LIKE ? ORDER BY id LIMIT 1", xmdm, "%\(reason)%")
        return String(row?.int("id") ?? 0)
    }

    static func decided(_ ws: TempWorkspace, _ id: String) throws -> Bool {
        try db(ws).scalar("SELECT state FROM review_item WHERE id = ?", Int(id) ?? 0).string != "OPEN"
    }

    static func steps() -> [Step] {
        let root = { (ws: TempWorkspace) in ["--root", ws.root] }
        let sub = Cast.p2 + "-0001"
        var packagesBefore = 0
        return [
            Step(label: "reprocess --quarantined --source rkqq", args: { ws in
                ["reprocess", "--quarantined", "--source", "rkqq", "--as-of", asOf, "--pipeline", Self.conf(ws)] + root(ws) }, tookEffect: nil),
            Step(label: "reprocess --quarantined", args: { ws in
                ["reprocess", "--quarantined", "--as-of", asOf, "--pipeline", Self.conf(ws)] + root(ws) }, tookEffect: nil),
            Step(label: "reprocess --file", args: { ws in ["reprocess", "--file", "ghxk.pdf", "--as-of", asOf] + root(ws) }, tookEffect: nil),
            Step(label: "reprocess --project", args: { ws in ["reprocess", "--project", Cast.p2, "--as-of", asOf] + root(ws) }, tookEffect: nil),
            Step(label: "reprocess --run", args: { ws in
                let run = try db(ws).scalar("SELECT run_id FROM input_file WHERE name = 'TZXM_20261012_01.xml'").string ?? "?"
                return ["reprocess", "--run", run, "--as-of", asOf] + root(ws)
            }, tookEffect: nil),
            Step(label: "review accept (GOV_REJECTED)", args: { ws in
                ["review", "accept", try reviewID(ws, xmdm: Cast.p2, reason: "GOV_REJECTED"), "--by", "张三",
                 "--set", "XZQHDM=360111"] + root(ws)
            }, tookEffect: { ws in try decided(ws, try reviewID(ws, xmdm: Cast.p2, reason: "GOV_REJECTED")) }),
            Step(label: "review reject", args: { ws in
                ["review", "reject", try reviewID(ws, xmdm: p3, reason: "KEY_MISMATCH"), "--by", "李四", "--note", "名称不符"] + root(ws)
            }, tookEffect: { ws in try decided(ws, try reviewID(ws, xmdm: p3, reason: "KEY_MISMATCH")) }),
            Step(label: "project split", args: { ws in ["project", "split", Cast.p2, "--gcdm", sub, "--name", "一期", "--by", "王五"] + root(ws) },
                 tookEffect: { ws in try db(ws).row("SELECT 1 FROM subproject WHERE gcdm = ?", sub) != nil }),
            Step(label: "project recycle", args: { ws in ["project", "recycle", sub, "--by", "王五"] + root(ws) },
                 tookEffect: { ws in try db(ws).scalar("SELECT state FROM subproject WHERE gcdm = ?", sub).string == "RECYCLED" }),
            Step(label: "result recycle", args: { ws in ["result", "recycle", "JLHT", "HT-2", "--by", "赵六", "--note", "重复录入"] + root(ws) },
                 tookEffect: { ws in
                     try db(ws).scalar("SELECT state FROM result WHERE sxbm = 'JLHT' AND number = 'HT-2' ORDER BY version DESC LIMIT 1")
                         .string == "RECYCLED"
                 }),
            Step(label: "archive repush", args: { ws in
                packagesBefore = Int(try db(ws).scalar("SELECT count(*) FROM archive_package WHERE xmdm = ?", Cast.p1).int ?? 0)
                return ["archive", "repush", Cast.p1, "--as-of", asOf, "--by", "孙七"] + root(ws)
            }, tookEffect: { ws in
                Int(try db(ws).scalar("SELECT count(*) FROM archive_package WHERE xmdm = ?", Cast.p1).int ?? 0) > packagesBefore
            }),
        ]
    }

    static func conf(_ ws: TempWorkspace) -> String { ws.path("fixed.conf") }

    /// The nights before the commands, the same in both workspaces, never interrupted.
    static func prepare(_ ws: TempWorkspace) throws {
        for (i, night) in CrashScenario.nights.enumerated() {
            CrashScenario.drop(night: i, into: ws)
            let r = APXProcess.run(["run", "--root", ws.root, "--as-of", night])
            #expect([0, 65].contains(r.status), "night \(night): \(r.stderr)")
        }
        dropNight4(ws)
        #expect(APXProcess.run(["run", "--root", ws.root, "--as-of", "2026-10-14"]).status == 65)
        try "encoding.rkqq = GB18030\n".write(toFile: conf(ws), atomically: true, encoding: .utf8)
    }

    static func launch(_ args: [String], crashAt point: Int?) throws -> Process {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: APXProcess.binary)
        p.arguments = args
        var env = ProcessInfo.processInfo.environment
        env.removeValue(forKey: "APX_ROOT")
        if let point { env["APX_CRASH_AT"] = String(point) }
        p.environment = env
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        return p
    }

    /// Everything the three-night snapshot holds, plus the people's decisions and sub-projects;
    /// quarantine names without their `~N` (a retried `reprocess --quarantined` puts back what is
    /// in quarantine then — also a file the killed attempt had already put back and quarantined
    /// again — and it lands in quarantine once more under the next free name).
    static func snapshot(_ ws: TempWorkspace) throws -> [String: [String]] {
        var s = try CrashScenario.snapshot(ws)
        s["quarantine"] = s["quarantine"]?.map { $0.replacingOccurrences(of: #"~[0-9]+"#, with: "", options: .regularExpression) }
        let db = try db(ws)
        func rows(_ sql: String) throws -> [String] { try db.rows(sql).map { $0.values.map { $0.string ?? "∅" }.joined(separator: "|") } }
        s["decisions"] = try rows("SELECT kind, xmdm, reasons, state, decided_by, note, changes FROM review_item ORDER BY kind, xmdm, reasons, state")
        s["subprojects"] = try rows("SELECT gcdm, xmdm, name, state FROM subproject ORDER BY gcdm")
        s["packages.db"] = try rows("SELECT xmdm, name, state FROM archive_package ORDER BY name")
        return s
    }

    /// CI runs one seed (~5 s); `APX_CRASH_ROUNDS=N swift test --filter CrashReprocessAndPeopleTests`
    /// runs N seeds from `APX_CRASH_SEED` on.
    @Test func reprocessAndPeoplesCommandsKilledAnywhereFinishExactlyOnce() throws {
        let env = ProcessInfo.processInfo.environment
        let first = UInt64(env["APX_CRASH_SEED"] ?? "") ?? 20_261_014
        let rounds = max(1, Int(env["APX_CRASH_ROUNDS"] ?? "") ?? 1)
        for seed in first..<(first + UInt64(rounds)) { try round(seed: seed) }
    }

    func round(seed: UInt64) throws {
        var rng = SplitMix(seed: seed)

        let reference = TempWorkspace("apx-ref-people")
        try Self.prepare(reference)
        var durations: [TimeInterval] = []
        for step in Self.steps() {
            let start = Date()
            let r = APXProcess.run(try step.args(reference))
            durations.append(Date().timeIntervalSince(start))
            #expect([0, 65].contains(r.status), "reference \(step.label): \(r.stderr)")
        }
        #expect(APXProcess.run(["run", "--root", reference.root, "--as-of", "2026-10-16"]).status == 0)

        let crashed = TempWorkspace("apx-crash-people")
        try Self.prepare(crashed)
        var randomKills = 0, pointKills = 0, attempts = 0, randomTookEffect = 0
        var pointsPerStep: [String] = []
        for (i, step) in Self.steps().enumerated() {
            var done = false
            if let took = step.tookEffect {
                // A person's command: one kill from outside at a seeded instant of its first half;
                // if it had taken effect (or finished) it is not repeated…
                let delay = Double.random(in: 0.0...(durations[i] * 0.5), using: &rng)
                let p = try Self.launch(try step.args(crashed), crashAt: nil)
                usleep(UInt32(delay * 1_000_000))
                kill(p.processIdentifier, SIGKILL)
                p.waitUntilExit()
                attempts += 1
                if p.terminationReason == .uncaughtSignal { randomKills += 1 }
                done = try p.terminationReason != .uncaughtSignal || took(crashed)
                if done { randomTookEffect += 1 }
            } else {
                // Reprocess: kills from outside at seeded instants of its lifetime until one hits
                // a live process (a missed one let it finish: repeating it is what an operator does)…
                for _ in 0..<5 {
                    let delay = Double.random(in: 0.0...(durations[i] * 0.8), using: &rng)
                    let p = try Self.launch(try step.args(crashed), crashAt: nil)
                    usleep(UInt32(delay * 1_000_000))
                    kill(p.processIdentifier, SIGKILL)
                    p.waitUntilExit()
                    attempts += 1
                    if p.terminationReason == .uncaughtSignal { randomKills += 1; break }
                }
            }
            // …then (every command) at each of its durable steps in turn (a person's command
            // before and after its commit), until an attempt gets through or a killed person's
            // command took effect.
            var point = 1, stepKills = 0
            while !done {
                let p = try Self.launch(try step.args(crashed), crashAt: point)
                p.waitUntilExit()
                attempts += 1
                guard p.terminationReason == .uncaughtSignal else {
                    #expect([0, 65].contains(p.terminationStatus), "\(step.label) finished with \(p.terminationStatus)")
                    break
                }
                pointKills += 1
                stepKills += 1
                if let took = step.tookEffect, try took(crashed) { break }
                point += 1
            }
            pointsPerStep.append("\(step.label): \(stepKills)")
        }
        let finish = APXProcess.run(["run", "--root", crashed.root, "--as-of", "2026-10-16"])
        #expect(finish.status == 0, "\(finish.stderr)")
        print("seed \(seed): \(attempts) attempts, \(randomKills) random kills (\(randomTookEffect) person's commands done by then), "
              + "\(pointKills) kills at durable steps — "
              + pointsPerStep.joined(separator: "; "))

        #expect(pointKills >= 30, "seed \(seed): only \(pointKills) kills at durable steps")
        let expected = try Self.snapshot(reference)
        let actual = try Self.snapshot(crashed)
        CrashScenario.expectSameEnd(expected, actual, "seed \(seed)")
        // The commands really did something: the fixed file processed, decisions taken, a package re-pushed.
        #expect(expected["archive"]?.contains("archive/\(Self.asOf)/rkqq/RKQQ_20261013_01.csv") == true)
        #expect(expected["decisions"]?.contains { $0.contains("|ACCEPTED|张三|") } == true)
        #expect(expected["decisions"]?.contains { $0.contains("|REJECTED|李四|") } == true)
        #expect(expected["subprojects"] == ["\(Cast.p2)-0001|\(Cast.p2)|一期|RECYCLED"])
        #expect((expected["packages.db"] ?? []).count == 2)
        #expect(crashed.files(under: "inbox").isEmpty, "\(crashed.files(under: "inbox"))")
    }
}
