import Foundation
import SQLiteDB
import Testing
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// A push phase of many gov files (a file's bytes rendered and hashed on a second thread
/// while the main thread assigns its records and reads the next file's) killed with SIGKILL
/// — inside the planning transaction while a file renders, or from outside at seeded
/// instants — is finished by the next run: every record in exactly one file, the same records
/// as an uninterrupted night, batches gapless from 1, every `.sha256` verified, no temporary.
@Suite(.serialized) struct PushPhaseKillTests {
    static let count = 600
    static let asOf = "2026-10-08"

    /// 600 projects, each warehoused (request) with a contract: ~1,200 gov records in files of 23.
    static func workspace(_ tag: String) throws -> (ws: TempWorkspace, pipeline: String) {
        let ws = TempWorkspace(tag)
        let pipeline = ws.path("pipeline.conf")
        try "push.max_records_per_file = 23\n".write(toFile: pipeline, atomically: true, encoding: .utf8)
        ws.drop("tzxm", "TZXM_20261007_01.xml", text: Builders.tzxmXML(Round3AttackTests.projects(0..<count)))
        ws.drop("rkqq", "RKQQ_20261007_01.csv", text: Builders.rkqqCSV((0..<count).map {
            RequestFixture(qqbh: "R\($0)", xmdm: Round3AttackTests.xmdm($0), xmmc: "项目\($0)号",
                           sqdwdm: Cast.lead1.uscc, sqdwmc: Cast.lead1.name)
        }))
        ws.drop("dtjg", "DTJG_HTBA_20261007_01.csv", GB18030.encode(ResultBuilders.dtjg(kind: "HTBA", rows: Round3AttackTests.dtjgRows(0..<count))))
        return (ws, pipeline)
    }

    static func arguments(_ ws: TempWorkspace, _ pipeline: String) -> [String] {
        ["run", "--root", ws.root, "--as-of", asOf, "--pipeline", pipeline]
    }

    /// Starts `apx run`; with `point`, it SIGKILLs itself at its point-th durable step; with
    /// `killInPush`, it is SIGKILLed from outside that many seconds after its run log says the
    /// results are evaluated (`evaluate.results`, the last event before the push phase). True
    /// if it died of the signal.
    static func killedRun(_ ws: TempWorkspace, _ pipeline: String, point: Int? = nil, killInPush: TimeInterval? = nil) throws -> Bool {
        let p = try CrashReprocessAndPeopleTests.launch(arguments(ws, pipeline), crashAt: point)
        if let killInPush {
            let before = Set(ws.files(under: "logs"))
            while p.isRunning {
                let logs = ws.files(under: "logs").filter { !before.contains($0) }
                if logs.contains(where: { ((try? String(contentsOfFile: ws.path($0), encoding: .utf8)) ?? "").contains("\"evaluate.results\"") }) {
                    usleep(UInt32(killInPush * 1_000_000))
                    kill(p.processIdentifier, SIGKILL)
                    break
                }
                usleep(2_000)
            }
        }
        p.waitUntilExit()
        return p.terminationReason == .uncaughtSignal
    }

    static func scalar(_ ws: TempWorkspace, _ sql: String) throws -> Int {
        guard ws.exists("db/approval.sqlite") else { return 0 }
        return try Database(path: ws.path("db/approval.sqlite")).scalar(sql).int ?? 0
    }

    /// The invariants of a finished night, against the uninterrupted one's records.
    static func expectFinished(_ ws: TempWorkspace, like reference: [[String]], _ context: String,
                               sourceLocation: SourceLocation = #_sourceLocation) throws {
        let records = try Night(ws: ws).verifiedPushRecords()   // sha256sum -c, .ok, jls per file
        #expect(records.sorted { $0.lexicographicallyPrecedes($1) } == reference.sorted { $0.lexicographicallyPrecedes($1) },
                "\(context): the records differ from the uninterrupted night's", sourceLocation: sourceLocation)
        #expect(Set(records.map { $0.joined(separator: "|") }).count == records.count, "\(context): a record twice",
                sourceLocation: sourceLocation)
        let db = try Database(path: ws.path("db/approval.sqlite"))
        let batches = try db.rows("SELECT batch FROM outbox_file WHERE target = 'gov' ORDER BY batch").map { $0.int("batch") ?? 0 }
        #expect(batches == Array(1...max(1, batches.count)), "\(context): batches \(batches)", sourceLocation: sourceLocation)
        #expect(try db.scalar("SELECT count(*) FROM outbox_file WHERE state != 'PUBLISHED'").int == 0, sourceLocation: sourceLocation)
        #expect(try db.scalar("SELECT count(*) FROM push_record WHERE target = 'gov' AND file_id IS NULL").int == 0,
                sourceLocation: sourceLocation)
        // Positions 1…record_count in each file, each once.
        #expect(try db.scalar("""
            SELECT count(*) FROM outbox_file f WHERE target = 'gov' AND record_count !=
              (SELECT count(DISTINCT position) FROM push_record r WHERE r.file_id = f.id AND position BETWEEN 1 AND f.record_count)
            """).int == 0, "\(context): positions", sourceLocation: sourceLocation)
        #expect(ws.files(under: "outbox").allSatisfy { !($0 as NSString).lastPathComponent.hasPrefix(".") },
                "\(context): a temporary left in the outbox", sourceLocation: sourceLocation)
        #expect(try db.integrityCheck() == ["ok"], sourceLocation: sourceLocation)
    }

    /// The uninterrupted night: its records, gov files, and how long its push phase took (from
    /// `evaluate.results` to `run.end` in its run log).
    static func reference() throws -> (records: [[String]], files: Int, pushSeconds: TimeInterval) {
        let (ws, pipeline) = try workspace("apx-push-kill-ref")
        let r = APXProcess.run(arguments(ws, pipeline))
        #expect([0, 65].contains(r.status), "\(r.stderr)")
        let records = try Night(ws: ws).verifiedPushRecords()
        let files = Night(ws: ws).pushFiles().count
        #expect(files >= 40, "only \(files) gov files: the push phase is not big")
        var ms: [String: Int] = [:]
        for log in ws.files(under: "logs") {
            for line in ((try? String(contentsOfFile: ws.path(log), encoding: .utf8)) ?? "").split(separator: "\n") {
                guard let o = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                      let event = o["event"] as? String, let at = o["ms"] as? Int else { continue }
                ms[event] = at
            }
        }
        let push = Double((ms["run.end"] ?? 0) - (ms["evaluate.results"] ?? 0)) / 1000
        #expect(push > 0, "the run log has no push phase: \(ms)")
        return (records, files, push)
    }

    @Test func killedInsidePlanningWhileAFileRendersTheNextRunPlansEveryRecordOnce() throws {
        let ref = try Self.reference()
        // The first durable step at which planned gov files exist: the planning commit, found by
        // bisection; the steps just before it are inside the planning transaction, one per file
        // (its records assigned, its bytes rendering on the second thread).
        func plannedAfterKill(at point: Int) throws -> Bool {
            let (ws, pipeline) = try Self.workspace("apx-push-kill-bisect")
            _ = try Self.killedRun(ws, pipeline, point: point)   // a point past the night's last step kills nothing
            return try Self.scalar(ws, "SELECT count(*) FROM outbox_file WHERE target = 'gov'") > 0
        }
        var low = 1, high = 128
        while try !plannedAfterKill(at: high) { low = high + 1; high *= 2 }
        while low < high {
            let mid = (low + high) / 2
            if try plannedAfterKill(at: mid) { high = mid } else { low = mid + 1 }
        }
        let committed = low
        #expect(committed > ref.files, "the planning commit at step \(committed), \(ref.files) files")
        for point in [committed - 1, committed - ref.files / 2, committed - ref.files + 1] {
            let (ws, pipeline) = try Self.workspace("apx-push-kill-point")
            #expect(try Self.killedRun(ws, pipeline, point: point), "point \(point) did not kill")
            // Killed inside the transaction: nothing planned, nothing in the outbox, the records queued.
            #expect(try Self.scalar(ws, "SELECT count(*) FROM outbox_file") == 0, "point \(point)")
            #expect(try Self.scalar(ws, "SELECT count(*) FROM push_record WHERE file_id IS NOT NULL") == 0, "point \(point)")
            #expect(try Self.scalar(ws, "SELECT count(*) FROM push_record WHERE target = 'gov'") == ref.records.count, "point \(point)")
            #expect(Night(ws: ws).pushFiles().isEmpty)
            let next = APXProcess.run(Self.arguments(ws, pipeline))
            #expect([0, 65].contains(next.status), "after point \(point): \(next.stderr)")
            try Self.expectFinished(ws, like: ref.records, "killed at point \(point)")
        }
    }

    @Test func killedFromOutsideDuringABigPushPhaseTheNextRunFinishesIt() throws {
        let ref = try Self.reference()
        let seed = UInt64(ProcessInfo.processInfo.environment["APX_CRASH_SEED"] ?? "") ?? 20_261_201
        var rng = SplitMix(seed: seed)
        let (ws, pipeline) = try Self.workspace("apx-push-kill-outside")
        // Kills at seeded instants of the push phase (after the run log's `evaluate.results`)
        // until three have landed there: records queued, not all of them in published files.
        var inPush = 0, attempts = 0
        while inPush < 3 && attempts < 30 {
            attempts += 1
            let delay = Double.random(in: 0...(ref.pushSeconds * 0.8), using: &rng)
            guard try Self.killedRun(ws, pipeline, killInPush: delay) else { break }   // the run finished: the night is done
            let queued = try Self.scalar(ws, "SELECT count(*) FROM push_record WHERE target = 'gov'")
            let published = try Self.scalar(ws, """
                SELECT count(*) FROM push_record r JOIN outbox_file f ON f.id = r.file_id WHERE r.target = 'gov' AND f.state = 'PUBLISHED'
                """)
            if queued == ref.records.count && published < queued { inPush += 1 }
        }
        #expect(inPush >= 1, "seed \(seed): no kill landed in the push phase (\(attempts) attempts)")
        let finish = APXProcess.run(Self.arguments(ws, pipeline))
        #expect([0, 65].contains(finish.status), "\(finish.stderr)")
        try Self.expectFinished(ws, like: ref.records, "seed \(seed), \(attempts) kills")
    }
}
