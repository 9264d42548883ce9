import Foundation
import Testing
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// kill -9 of `apx watch` at any instant, then a new watcher (or `apx run`): the workspace
/// ends exactly where an uninterrupted watcher leaves it (issue 12 item 5).
@Suite(.serialized) struct WatchCrashTests {
    /// Everything of the night is done: nothing ready, nothing unfinished, the date's duties recorded.
    static func settled(_ w: Watched, day: String, pid: Int32?) -> Bool {
        if let pid, w.status["pid"] as? Int != Int(pid) { return false }
        return w.status["inCycle"] as? Bool == false && w.readyInInbox() == 0
            && w.count("SELECT count(*) FROM daily_duty WHERE day = '\(day)'") == 1
            && w.count("""
                SELECT (SELECT count(*) FROM outbox_file WHERE state = 'PLANNED')
                     + (SELECT count(*) FROM push_record WHERE target = 'gov' AND file_id IS NULL)
                     + (SELECT count(*) FROM notice WHERE file_id IS NULL)
                     + (SELECT count(*) FROM input_file WHERE moved = 0)
                """) == 0
    }

    /// Starts a watcher for the night and waits until it settles (then SIGTERM) or dies.
    /// Returns true if it was killed before settling.
    static func watcherNight(_ ws: TempWorkspace, clock: String, day: String, crashAt: Int? = nil,
                             killAfter: TimeInterval? = nil) throws -> Bool {
        let w = Watched(ws: ws)
        let watch = try WatchProcess(root: ws.root, clock: clock,
                                     environment: crashAt.map { ["APX_CRASH_AT": String($0)] } ?? [:])
        if let killAfter {
            // Into the cycle: once it has started, after a seeded moment.
            Watched.until(10) { w.status["pid"] as? Int == Int(watch.process.processIdentifier) && w.status["inCycle"] as? Bool == true }
            usleep(UInt32(killAfter * 1_000_000))
            let wasDone = settled(w, day: day, pid: watch.process.processIdentifier)
            watch.kill9()
            return !wasDone
        }
        let pid = watch.process.processIdentifier
        Watched.until(20) { !watch.process.isRunning || settled(w, day: day, pid: pid) }
        if !watch.process.isRunning {
            watch.process.waitUntilExit()
            return watch.process.terminationReason == .uncaughtSignal
        }
        #expect(watch.stop().status == 0)
        return false
    }

    @Test func killedAnywhereANewWatcherEndsWhereAnUninterruptedOneWould() throws {
        let seed = UInt64(ProcessInfo.processInfo.environment["APX_CRASH_SEED"] ?? "") ?? 20_261_201
        var rng = SplitMix(seed: seed)

        // Reference: each night's drops, then a watcher that is never interrupted.
        let reference = TempWorkspace("apx-watch-ref")
        let refClock = reference.path("clock")
        var durations: [TimeInterval] = []
        for (i, day) in CrashScenario.nights.enumerated() {
            CrashScenario.drop(night: i, into: reference)
            Watched.setClock(refClock, day + "T09:00:00+08:00")
            let start = Date()
            #expect(try !Self.watcherNight(reference, clock: refClock, day: day))
            durations.append(Date().timeIntervalSince(start))
        }

        let crashed = TempWorkspace("apx-watch-crash")
        let clock = crashed.path("clock")
        var kills = 0, pointKills = 0
        for (i, day) in CrashScenario.nights.enumerated() {
            CrashScenario.drop(night: i, into: crashed)
            Watched.setClock(clock, day + "T09:00:00+08:00")
            // From outside, at a seeded instant of the night's first cycle…
            let delay = Double.random(in: 0...max(0.05, durations[i] * 0.3), using: &rng)
            if try Self.watcherNight(crashed, clock: clock, day: day, killAfter: delay) { kills += 1 }
            // …then at durable steps, k advancing by a seeded stride, until a watcher gets through.
            var point = Int.random(in: 1...2, using: &rng)
            while try Self.watcherNight(crashed, clock: clock, day: day, crashAt: point) {
                pointKills += 1
                point += Int.random(in: 1...2, using: &rng)
            }
            // The second night is finished by the cron job instead: the same path.
            if i == 1 {
                let finish = APXProcess.run(["run", "--root", crashed.root, "--as-of", day])
                #expect([0, 65].contains(finish.status), "apx run after the kills: \(finish.stderr)")
            }
            #expect(Self.settled(Watched(ws: crashed), day: day, pid: nil), "night \(day) unfinished")
        }
        #expect(kills >= 1 && pointKills >= 6, "seed \(seed): only \(kills) + \(pointKills) kills hit a running watcher")
        let recovered = crashed.files(under: "logs").compactMap { crashed.read($0) }.joined()
            .components(separatedBy: "run.recovered").count - 1
        #expect(recovered >= 1, "seed \(seed): no watcher had anything to recover")

        let expected = try CrashScenario.snapshot(reference)
        let actual = try CrashScenario.snapshot(crashed)
        CrashScenario.expectSameEnd(expected, actual, "seed \(seed) after \(kills) + \(pointKills) kills")
        #expect(!(expected["notices"] ?? []).isEmpty && !(expected["pushed"] ?? []).isEmpty)
        print("watch crash test: \(kills) kill(s) from outside, \(pointKills) at durable steps, \(recovered) recover(ies)")
    }

    /// Requests dropped while a watcher runs, each batch's inotify-triggered cycle killed at a
    /// seeded instant and finished by the next watcher: the same records pushed, once each.
    @Test func killedDuringEventCyclesTheNextWatcherPushesEachRecordOnce() throws {
        let seed = UInt64(ProcessInfo.processInfo.environment["APX_CRASH_SEED"] ?? "") ?? 20_261_202
        var rng = SplitMix(seed: seed)
        let day = "2026-12-01"
        let batches = 6
        func dropBatch(_ b: Int, into ws: TempWorkspace) {
            // An extract that takes the cycle a moment (500 projects), and three requests.
            ws.drop("tzxm", "TZXM_202612\(String(format: "%02d", b + 2))_01.csv", Many.extract((10_000 + 500 * b)..<(10_500 + 500 * b)))
            for i in (3 * b)..<(3 * b + 3) { ws.drop("rkqq", Many.requestFileName(i), text: Builders.rkqqCSV([Many.request(i)])) }
        }
        func observed(_ ws: TempWorkspace) throws -> [String: [String]] {
            let w = Watched(ws: ws)
            let records = try Night(ws: ws).verifiedPushRecords().map { $0.joined(separator: "|") }
            return ["records": records.sorted(), "unique": [String(Set(records).count == records.count)],
                    "requests": w.rows("SELECT qqbh, state FROM warehousing_request ORDER BY qqbh").map { $0.joined(separator: "|") },
                    "inputs": w.rows("SELECT source, name, outcome, moved FROM input_file ORDER BY source, name").map { $0.joined(separator: "|") },
                    "archive": ws.files(under: "archive"), "inbox": ws.files(under: "inbox"),
                    "integrity": [w.rows("PRAGMA integrity_check").first?.first ?? "?"]]
        }

        let reference = TempWorkspace("apx-watch-ref2")
        Watched.setClock(reference.path("clock"), day + "T09:00:00+08:00")
        reference.drop("tzxm", "TZXM_20261201_01.csv", Many.extract(0..<(3 * batches)))
        let w = Watched(ws: reference)
        let watch = try WatchProcess(root: reference.root, clock: reference.path("clock"))
        for b in 0..<batches {
            #expect(Watched.until(15) { Self.settled(w, day: day, pid: watch.process.processIdentifier) })
            dropBatch(b, into: reference)
        }
        #expect(Watched.until(15) { Self.settled(w, day: day, pid: watch.process.processIdentifier) && w.count("SELECT count(*) FROM input_file") == 1 + 4 * batches })
        #expect(watch.stop().status == 0)

        let crashed = TempWorkspace("apx-watch-crash2")
        Watched.setClock(crashed.path("clock"), day + "T09:00:00+08:00")
        crashed.drop("tzxm", "TZXM_20261201_01.csv", Many.extract(0..<(3 * batches)))
        let c = Watched(ws: crashed)
        var kills = 0
        for b in 0..<batches {
            let current = try WatchProcess(root: crashed.root, clock: crashed.path("clock"))
            #expect(Watched.until(15) { Self.settled(c, day: day, pid: current.process.processIdentifier) })
            dropBatch(b, into: crashed)
            // The inotify-triggered cycle has started; kill it a seeded moment later.
            Watched.until(5) { c.status["inCycle"] as? Bool == true }
            usleep(UInt32(Double.random(in: 0...0.15, using: &rng) * 1_000_000))
            if c.readyInInbox() > 0 || c.status["inCycle"] as? Bool == true { kills += 1 }
            current.kill9()
        }
        #expect(try !Self.watcherNight(crashed, clock: crashed.path("clock"), day: day))
        #expect(kills >= batches / 2, "seed \(seed): only \(kills) kills hit work in flight")

        let expected = try observed(reference)
        let actual = try observed(crashed)
        for key in expected.keys.sorted() {
            #expect(actual[key] == expected[key], "seed \(seed): \(key) differs after \(kills) kills")
        }
        #expect(expected["records"]?.count == 3 * batches && expected["unique"] == ["true"])
        let files = crashed.files(under: "outbox/gov").filter { $0.hasSuffix(".xml") }.map { Int($0.dropLast(4).suffix(6))! }.sorted()
        #expect(files == Array(1...max(1, files.count)), "gapless batches")
    }
}
