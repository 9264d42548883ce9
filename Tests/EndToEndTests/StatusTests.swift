import Foundation
import SQLiteDB
import Testing
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// `apx status [--json]`: last run, lock holder, inbox waiting, quarantine backlog, open
/// work, calendars, watch; exit 0 healthy, 1 when a person is needed.
@Suite struct StatusTests {
    func status(_ ws: TempWorkspace, _ extra: [String] = []) -> (status: Int32, doc: [String: Any]) {
        let r = APXProcess.run(["status", "--root", ws.root, "--json", "--as-of", "2026-11-21"] + extra)
        if r.object.isEmpty { Issue.record("status printed no JSON: \(r.stdout) \(r.stderr)") }
        return (r.status, r.object)
    }

    func pipeline(_ ws: TempWorkspace, _ text: String) throws -> String {
        let path = ws.path("test.conf")
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func aHealthyWorkspaceShowsTheLastRunAndExits0() throws {
        let ws = TempWorkspace("apx-status")
        let run = APXProcess.run(["run", "--root", ws.root, "--as-of", "2026-11-21", "--json"])
        #expect(run.status == 0)
        let runID = run.object["run"] as? String
        let (code, doc) = status(ws)
        #expect(code == 0, "\(doc["attention"] ?? "")")
        #expect(doc["healthy"] as? Bool == true)
        #expect(value(doc, "lastRun", "id") as? String == runID)
        #expect(value(doc, "lastRun", "asOf") as? String == "2026-11-21")
        #expect(value(doc, "lastRun", "exitCode") as? Int == 0)
        #expect(value(doc, "lastRun", "state") as? String == "finished")
        #expect((value(doc, "lastRun", "startedAt") as? String)?.hasSuffix("+08:00") == true)
        #expect(value(doc, "lastRun", "finishedAt") is String)
        #expect(value(doc, "lastRun", "durationSeconds") is NSNumber)
        #expect(value(doc, "lock", "held") as? Bool == false)
        #expect(value(doc, "watch", "running") as? Bool == false)
        #expect((value(doc, "calendar", "years") as? [Int])?.contains(2026) == true)
        #expect(value(doc, "calendar", "currentYearMissing") as? Bool == false)
        for key in ["inbox", "quarantine", "reviews", "pending", "unacknowledged", "attention"] { #expect(doc[key] != nil, "\(key)") }
        let text = APXProcess.run(["status", "--root", ws.root, "--as-of", "2026-11-21"])
        #expect(text.status == 0)
        #expect(text.stdout.contains("status: healthy"))
    }

    @Test func aFreshWorkspaceHasNoRunAndStatusCreatesNoDatabase() throws {
        let ws = TempWorkspace("apx-status-fresh")
        #expect(APXProcess.run(["init", "--root", ws.root]).status == 0)
        let (code, doc) = status(ws)
        #expect(code == 0)
        #expect(doc["lastRun"] is NSNull)
        #expect(doc["database"] as? Bool == false)
        #expect(!ws.exists("db/approval.sqlite"))
    }

    @Test func aStalePIDInTheLockFileIsNeverShownAsTheHolder() throws {
        let ws = TempWorkspace("apx-status-lock")
        #expect(APXProcess.run(["run", "--root", ws.root, "--as-of", "2026-11-21"]).status == 0)
        // A run that died left its PID (and time) behind; nobody holds the flock.
        try "999999\n2026-11-21T02:00:00+08:00\n".write(toFile: ws.path(".apx.lock"), atomically: false, encoding: .utf8)
        let stale = status(ws).doc
        #expect(value(stale, "lock", "held") as? Bool == false)
        #expect(value(stale, "lock", "pid") is NSNull)
        #expect(value(stale, "lock", "since") is NSNull)

        // Now really held (by this process).
        let fd = open(ws.path(".apx.lock"), O_RDWR)
        #expect(flock(fd, LOCK_EX | LOCK_NB) == 0)
        defer { close(fd) }
        let held = status(ws)
        #expect(held.status == 0 || held.status == 1)   // never 75: status does not take the lock
        #expect(value(held.doc, "lock", "held") as? Bool == true)
        #expect(value(held.doc, "lock", "pid") as? Int == Int(getpid()))
        #expect(value(held.doc, "lock", "since") is NSNull)   // the file's PID is not the holder's
    }

    /// The run is frozen (SIGSTOP) once the kernel shows its flock and its lock file names it,
    /// so `status` looks at a run that holds the lock however fast the run is — wherever it is
    /// frozen (often inside its first migrations' write transaction): `status` reads on a
    /// read-only connection and answers at once, with the default busy timeout.
    @Test func aRunningRunIsShownWithItsPIDAndSince() throws {
        let ws = TempWorkspace("apx-status-running")
        let requests = (1...15_000).map {
            RequestFixture(qqbh: "RK\($0)", xmdm: "2021-360111-48-01-000006", xmmc: "项目\($0)",
                           sqdwdm: Fixture.uscc(body: "MA35AB01"), sqdwmc: "单位")
        }
        ws.drop("rkqq", "RKQQ_20261120_01.csv", text: Builders.rkqqCSV(requests))
        let run = Process()
        run.executableURL = URL(fileURLWithPath: APXProcess.binary)
        run.arguments = ["run", "--root", ws.root, "--as-of", "2026-11-21"]
        run.standardOutput = FileHandle.nullDevice
        run.standardError = FileHandle.nullDevice
        try run.run()
        let pid = String(run.processIdentifier)
        func holdsLock() -> Bool {
            let locks = (try? String(contentsOfFile: "/proc/locks", encoding: .utf8)) ?? ""
            let flocked = locks.split(separator: "\n").contains {
                let f = $0.split(separator: " ", omittingEmptySubsequences: true)
                return f.count > 4 && f[1] == "FLOCK" && f[4] == Substring(pid)
            }
            let written = (try? String(contentsOfFile: ws.path(".apx.lock"), encoding: .utf8)) ?? ""
            return flocked && written.split(separator: "\n").first.map(String.init) == pid
        }
        var seen: [String: Any] = [:]
        var looked = false
        for _ in 0..<40_000 where run.isRunning && !looked {
            guard holdsLock(), kill(run.processIdentifier, SIGSTOP) == 0 else { usleep(200); continue }
            let started = Date()
            let r = APXProcess.run(["status", "--root", ws.root, "--json", "--as-of", "2026-11-21"])
            let took = Date().timeIntervalSince(started)
            kill(run.processIdentifier, SIGCONT)
            looked = true
            seen = r.object
            #expect(took < 1, "status waited \(took) s for the frozen run")
            #expect(!seen.isEmpty, "status did not answer while the run was frozen: \(r.stderr)")
        }
        run.waitUntilExit()
        if !looked { Issue.record("the run finished before status saw it hold the lock"); return }
        #expect(value(seen, "lock", "held") as? Bool == true)
        #expect(value(seen, "lock", "pid") as? Int == Int(run.processIdentifier))
        #expect((value(seen, "lock", "since") as? String)?.hasPrefix("20") == true)
    }

    @Test func filesWaitingForTheirMarkerAreListedWithTheirAge() throws {
        let ws = TempWorkspace("apx-status-inbox")
        #expect(APXProcess.run(["init", "--root", ws.root]).status == 0)
        ws.drop("tzxm", "TZXM_20261120_01.csv", text: "x", marker: false)
        let doc = status(ws).doc
        #expect(value(doc, "inbox", "waiting") as? Int == 1)
        let files = value(doc, "inbox", "files") as? [[String: Any]] ?? []
        #expect(files.first?["name"] as? String == "TZXM_20261120_01.csv")
        #expect(files.first?["source"] as? String == "tzxm")
        #expect((files.first?["ageSeconds"] as? Int ?? -1) >= 0)
    }

    @Test func aQuarantineOlderThanTheAlertAgeNeedsAPerson() throws {
        let ws = TempWorkspace("apx-status-q")
        ws.drop("rkqq", "RKQQ_20261120_01.csv", text: "no,such,header\r\n1,2,3\r\n")
        #expect(APXProcess.run(["run", "--root", ws.root, "--as-of", "2026-11-21"]).status == 65)
        let young = status(ws)   // default: 3 days
        #expect(young.status == 0, "\(young.doc["attention"] ?? "")")
        #expect(value(young.doc, "quarantine", "count") as? Int == 1)
        #expect(value(young.doc, "quarantine", "oldest") is String)
        let strict = try pipeline(ws, "status.quarantine_alert_days = 0\n")
        let old = status(ws, ["--pipeline", strict])
        #expect(old.status == 1)
        #expect(old.doc["healthy"] as? Bool == false)
        #expect(((old.doc["attention"] as? [String]) ?? []).contains { $0.contains("quarantine") })
    }

    @Test func anEntrySettledByACorrectedFileLeavesTheBacklog() throws {
        let ws = TempWorkspace("apx-status-settled")
        ws.drop("rkqq", "RKQQ_20261120_01.csv", text: "no,such,header\r\n1,2,3\r\n")
        #expect(APXProcess.run(["run", "--root", ws.root, "--as-of", "2026-11-21"]).status == 65)
        #expect(value(status(ws).doc, "quarantine", "count") as? Int == 1)
        ws.drop("rkqq", "RKQQ_20261120_01.csv", text: Builders.rkqqCSV([]))
        #expect(APXProcess.run(["run", "--root", ws.root, "--as-of", "2026-11-21"]).status == 0)
        let after = status(ws, ["--pipeline", try pipeline(ws, "status.quarantine_alert_days = 0\n")])
        #expect(value(after.doc, "quarantine", "count") as? Int == 0)
        #expect(after.status == 0, "\(after.doc["attention"] ?? "")")
    }

    @Test func aFailedOrUnfinishedLastRunNeedsAPerson() throws {
        let ws = TempWorkspace("apx-status-failed")
        #expect(APXProcess.run(["run", "--root", ws.root, "--as-of", "2026-11-21"]).status == 0)
        let db = try Database(path: ws.path("db/approval.sqlite"))
        try db.execute("UPDATE run SET exit_code = 1")
        let failed = status(ws)
        #expect(failed.status == 1)
        #expect(value(failed.doc, "lastRun", "exitCode") as? Int == 1)
        try db.execute("UPDATE run SET exit_code = NULL, finished_at = NULL")
        let killed = status(ws)
        #expect(killed.status == 1)
        #expect(value(killed.doc, "lastRun", "state") as? String == "interrupted")
    }

    @Test func noCalendarForTheAsOfYearNeedsAPerson() throws {
        let ws = TempWorkspace("apx-status-cal")
        #expect(APXProcess.run(["run", "--root", ws.root, "--as-of", "2026-11-21"]).status == 0)
        let r = APXProcess.run(["status", "--root", ws.root, "--json", "--as-of", "2031-03-02"])
        #expect(r.status == 1)
        #expect(value(r.object, "calendar", "currentYearMissing") as? Bool == true)
        #expect(value(r.object, "calendar", "currentYear") as? Int == 2031)
    }

    @Test func theWatchStatusFileIsShownAndADeadWatcherIsNotRunning() throws {
        let ws = TempWorkspace("apx-status-watch")
        #expect(APXProcess.run(["init", "--root", ws.root]).status == 0)
        try #"{"running": true, "pid": \#(getpid()), "since": "2026-11-21T08:00:00+08:00", "cycles": 42, "filesToday": 7}"#
            .write(toFile: ws.path(".apx-watch"), atomically: true, encoding: .utf8)
        let alive = status(ws).doc
        #expect(value(alive, "watch", "running") as? Bool == true)
        #expect(value(alive, "watch", "cycles") as? Int == 42)
        #expect(value(alive, "watch", "filesToday") as? Int == 7)
        #expect(value(alive, "watch", "since") as? String == "2026-11-21T08:00:00+08:00")
        try #"{"running": true, "pid": 999999, "cycles": 1}"#.write(toFile: ws.path(".apx-watch"), atomically: true, encoding: .utf8)
        let dead = status(ws).doc
        #expect(value(dead, "watch", "running") as? Bool == false)
        #expect(value(dead, "watch", "stale") as? Bool == true)
        // With the watcher's lock file, the lock decides: held → running, whatever the pid.
        try #"{"running": true, "pid": 999999, "cycles": 2}"#.write(toFile: ws.path(".apx-watch"), atomically: true, encoding: .utf8)
        let fd = open(ws.path(".apx-watch.lock"), O_RDWR | O_CREAT, 0o644)
        #expect(flock(fd, LOCK_EX | LOCK_NB) == 0)
        #expect(value(status(ws).doc, "watch", "running") as? Bool == true)
        close(fd)
        #expect(value(status(ws).doc, "watch", "running") as? Bool == false)
    }
}
