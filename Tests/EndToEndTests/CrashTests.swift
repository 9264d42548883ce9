import APXCore
import APXFixtures
import Foundation
import SQLiteDB
import Testing
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// A three-night corpus that exercises every kind of effect: projects, results with
/// documents, quarantine, receipts, end request and archive package, notices.
enum CrashScenario {
    static let l1 = Cast.lead1, l2 = Cast.lead2, p1 = Cast.p1, p2 = Cast.p2
    static let nights = ["2026-10-08", "2026-10-12", "2026-10-13"]

    static func drop(night: Int, into ws: TempWorkspace) {
        func gb(_ s: String) -> [UInt8] { GB18030.encode(s) }
        switch night {
        case 0:
            let a = ProjectFixture(xmdm: p1, xmmc: "安置房项目", units: [l1, Cast.unit2])
            let b = ProjectFixture(xmdm: p2, xmmc: "赣江大桥", units: [l2])
            ws.drop("tzxm", "TZXM_20261007_01.csv", gb(Builders.tzxmCSV([a, b])))
            ws.drop("rkqq", "RKQQ_20261007_01.csv", text: Builders.rkqqCSV([
                RequestFixture(qqbh: "R1", xmdm: p1, xmmc: "安置房项目", sqdwdm: l1.uscc, sqdwmc: l1.name),
                RequestFixture(qqbh: "R2", xmdm: p2, xmmc: "赣江大桥", sqdwdm: l2.uscc, sqdwmc: l2.name),
            ]))
            ws.drop("manual", "ghxk.pdf", PDFWriter.document(info: [("XMDM", p1), ("SXBM", "GHXK"), ("WJBH", "建字第1号"),
                                                                   ("FZJG", "规划局"), ("FZRQ", "2026-09-01"), ("JSDWDM", l1.uscc),
                                                                   ("Title", "建设工程规划许可证")], layout: .xrefStream(predictor: true)))
            ws.drop("sgt", "SGT_SL_SC1.xml", text: ResultBuilders.sgt(lx: "SL", slbh: "SC1", xmdm: p1, xmmc: "安置房项目", jsdw: l1,
                                                                      slsj: "2026-10-08T09:00:00+08:00", cnsx: 2))
            ws.drop("sgt", "SGT_SL_SC2.xml", text: ResultBuilders.sgt(lx: "SL", slbh: "SC2", xmdm: p2, xmmc: "赣江大桥", jsdw: l2,
                                                                      slsj: "2026-10-08T09:00:00+08:00", cnsx: 1))
            ws.drop("dtjg", "DTJG_HTBA_20261007_01.csv", gb(ResultBuilders.dtjg(kind: "HTBA", rows: ["1", "2"].map {
                ["XMDM": p1, "XMMC": "安置房项目", "JSDWDM": l1.uscc, "JSDWMC": l1.name, "HTBABH": "HT-\($0)", "HTLX": $0, "ZBFS": "3",
                 "CBDWMC": "建工", "CBDWDM": Cast.unit2.uscc, "HTJE": "100", "QDRQ": "2026-09-01", "BARQ": "2026-09-02"]
            })))
            ws.drop("tzxm", "TZXM_20261007_02.xml", text: "<?xml version=\"1.0\"?><!DOCTYPE x><TZXMSJ/>")
        case 1:
            let hgs = ResultBuilders.Attachment(name: "SC1.pdf", bytes: PDFWriter.document(info: [("Title", "合格书")]))
            ws.drop("sgt", hgs.name, hgs.bytes, marker: false)
            ws.drop("sgt", "SGT_BJ_SC1.xml", text: ResultBuilders.sgt(lx: "BJ", slbh: "SC1", xmdm: p1, xmmc: "安置房项目", jsdw: l1,
                                                                      slsj: "2026-10-08T09:00:00+08:00", cnsx: 2, hgsbh: "审字1号",
                                                                      bjsj: "2026-10-09T10:00:00+08:00", attachments: [hgs]))
            ws.drop("dtjg", "DTJG_SGXK_20261011_01.csv", gb(ResultBuilders.dtjg(kind: "SGXK", rows: [
                ["XMDM": p1, "XMMC": "安置房项目", "JSDWDM": l1.uscc, "JSDWMC": l1.name, "SGXKZBH": "360111202610090101",
                 "FZJG": "住建局", "FZRQ": "2026-10-09", "SLSJ": "2026-10-08", "CNSX": "5"],
            ])))
            ws.drop("dtjg", "DTJG_JGYSBA_20261011_01.csv", gb(ResultBuilders.dtjg(kind: "JGYSBA", rows: [
                ["XMDM": p1, "XMMC": "安置房项目", "JSDWDM": l1.uscc, "JSDWMC": l1.name, "JGYSBABH": "JG-1", "JGYSLX": "1",
                 "BAJG": "住建局", "BARQ": "2026-10-11"],
            ])))
            ws.drop("jsqq", "JSQQ_20261011_01.csv", text: Builders.csv(header: ["QQBH", "XMDM", "SQDWDM", "SQSJ"], rows: [
                ["JS1", p1, l1.uscc, "2026-10-11T09:00:00+08:00"], ["JS2", p2, l2.uscc, "2026-10-11T09:00:00+08:00"],
            ]))
            let first = (ws.files(under: "outbox/gov").first { $0.hasSuffix(".xml") }.map { ($0 as NSString).lastPathComponent }) ?? ""
            ws.drop("gov-receipt", "HZ_\(first)", text: """
                <?xml version="1.0" encoding="UTF-8"?><HZ wjm="\(first)"><JL dfsjzj="XM:\(p1)" bbh="1" sjsczt="3"/>\
                <JL dfsjzj="XM:\(p2)" bbh="1" sjsczt="2" sbyy="单位不一致"/></HZ>
                """)
        default:
            ws.drop("archive-receipt", "HZ_DA_\(p1)_20261013.xml", text: """
                <?xml version="1.0" encoding="UTF-8"?><DAHZ xmdm="\(p1)" bm="DA_\(p1)_20261012.zip" jszt="0" jsrq="2026-10-13" sm="缺签章"/>
                """)
            var changed = ProjectFixture(xmdm: p2, xmmc: "赣江大桥（调整）", units: [l2])
            changed.ztze = "36000"
            ws.drop("tzxm", "TZXM_20261012_01.xml", text: Builders.tzxmXML([changed]))
        }
    }

    /// Everything a partner or operator can observe, minus wall-clock timestamps.
    /// The invariants every crash test ends with: the crashed workspace's snapshot equals the
    /// uninterrupted one key by key, the database is sound, each push record is there once,
    /// gov batches are gapless and nothing temporary is visible in the outbox.
    static func expectSameEnd(_ expected: [String: [String]], _ actual: [String: [String]], _ context: String,
                              sourceLocation: SourceLocation = #_sourceLocation) {
        for key in expected.keys.sorted() {
            #expect(actual[key] == expected[key], "\(context): \(key) differs", sourceLocation: sourceLocation)
        }
        #expect(actual["integrity"] == ["ok"], sourceLocation: sourceLocation)
        #expect(Set(actual["pushed"] ?? []).count == (actual["pushed"] ?? []).count, "each push record once", sourceLocation: sourceLocation)
        let batches = (actual["outbox"] ?? []).filter { $0.hasPrefix("SZWJ_") && $0.hasSuffix(".xml") }
            .map { Int($0.dropLast(4).suffix(6))! }.sorted()
        #expect(batches == Array(1...max(1, batches.count)), sourceLocation: sourceLocation)
        #expect(!(actual["outbox"] ?? []).contains { $0.hasPrefix(".") }, sourceLocation: sourceLocation)
    }

    static func snapshot(_ ws: TempWorkspace) throws -> [String: [String]] {
        var s: [String: [String]] = [:]
        let db = try Database(path: ws.path("db/approval.sqlite"))
        func rows(_ sql: String) throws -> [String] {
            try db.rows(sql).map { $0.values.map { $0.string ?? "∅" }.joined(separator: "|") }
        }
        s["projects"] = try rows("SELECT xmdm, state, splclx FROM project ORDER BY xmdm")
        s["results"] = try rows("SELECT sxbm, number, version, state, reasons, missing FROM result ORDER BY sxbm, number, version")
        s["requests"] = try rows("SELECT qqbh, state, reasons FROM warehousing_request ORDER BY qqbh")
        s["reviews"] = try rows("SELECT kind, xmdm, reasons, state FROM review_item ORDER BY kind, xmdm, reasons, state")
        s["ends"] = try rows("SELECT qqbh, state, reasons FROM end_request ORDER BY qqbh")
        s["timed"] = try rows("SELECT key, state, deadline, used_days, on_time FROM timed_item ORDER BY key")
        s["integrity"] = try db.integrityCheck()
        s["counters"] = try rows("SELECT name, value FROM counter WHERE name LIKE 'batch.%' ORDER BY name")
        // Push records as published, each exactly once.
        var pushed: [String] = []
        for file in ws.files(under: "outbox/gov") where file.hasSuffix(".xml") {
            let text = ws.read(file) ?? ""
            for match in text.components(separatedBy: "<JL ").dropFirst() {
                pushed.append(String(match.prefix { $0 != ">" }))
            }
        }
        s["pushed"] = pushed.sorted()
        s["outbox"] = ws.files(under: "outbox").map { ($0 as NSString).lastPathComponent }
        s["notices"] = ws.files(under: "outbox/notices").filter { $0.hasSuffix(".csv") }.flatMap { file -> [String] in
            (ws.read(file) ?? "").components(separatedBy: "\r\n").dropFirst().filter { !$0.isEmpty }.map { line in
                let f = line.split(separator: ",", omittingEmptySubsequences: false)
                return f.dropLast().joined(separator: ",")   // without SJ (wall clock)
            }
        }.sorted()
        s["quarantine"] = ws.files(under: "quarantine").map { path -> String in
            guard path.hasSuffix(".reason.json"), let text = ws.read(path) else { return path }
            let code = (try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])?["code"] as? String ?? "?"
            return path + " " + code
        }
        s["archive"] = ws.files(under: "archive")
        s["inbox"] = ws.files(under: "inbox")
        s["packages"] = ws.files(under: "outbox/archive").filter { $0.hasSuffix(".zip") }.map { path -> String in
            let p = Process()
            p.executableURL = URL(fileURLWithPath: "/usr/bin/unzip")
            p.arguments = ["-p", ws.path(path), "manifest.xml"]
            let out = Pipe()
            p.standardOutput = out
            try? p.run()
            let manifest = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            p.waitUntilExit()
            return path + "\n" + manifest.replacingOccurrences(of: #"cjsj="[^"]*""#, with: "", options: .regularExpression)
        }
        return s
    }
}

@Suite(.serialized) struct CrashTests {
    /// Starts `apx run` and kills it with SIGKILL after `delay`; true if the kill hit a live run.
    static func killedRun(root: String, asOf: String, after delay: TimeInterval) throws -> Bool {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: APXProcess.binary)
        p.arguments = ["run", "--root", root, "--as-of", asOf]
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        usleep(UInt32(delay * 1_000_000))
        kill(p.processIdentifier, SIGKILL)
        p.waitUntilExit()
        return p.terminationReason == .uncaughtSignal
    }

    /// Runs `apx run` that SIGKILLs itself at its `point`-th durable step; true if it died there.
    static func selfKilledRun(root: String, asOf: String, point: Int) throws -> Bool {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: APXProcess.binary)
        p.arguments = ["run", "--root", root, "--as-of", asOf]
        var env = ProcessInfo.processInfo.environment
        env["APX_CRASH_AT"] = String(point)
        p.environment = env
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        p.waitUntilExit()
        return p.terminationReason == .uncaughtSignal
    }

    @Test func killedAnywhereTheNextRunFinishesTheWorkExactlyOnce() throws {
        let seed = UInt64(ProcessInfo.processInfo.environment["APX_CRASH_SEED"] ?? "") ?? 20_261_121
        var rng = SplitMix(seed: seed)

        // Reference: the same nights, never interrupted; each night's duration bounds the kill instants.
        let reference = TempWorkspace("apx-ref")
        var durations: [TimeInterval] = []
        for (i, asOf) in CrashScenario.nights.enumerated() {
            CrashScenario.drop(night: i, into: reference)
            let checked = CheckEquivalence.check(reference.root, asOf: asOf)   // apx check says what the night then says
            let start = Date()
            let r = APXProcess.run(["run", "--root", reference.root, "--as-of", asOf, "--json"])
            durations.append(Date().timeIntervalSince(start))
            if let run = (r.json as? [String: Any])?["run"] as? String {
                CheckEquivalence.expectSame(checked, CheckEquivalence.night(reference.root, run: run))
            } else {
                Issue.record("reference night \(asOf) printed no JSON")
            }
            #expect([0, 65].contains(r.status), "reference night \(asOf): \(r.stderr)")
        }

        let crashed = TempWorkspace("apx-crash")
        var kills = 0, pointKills = 0
        for (i, asOf) in CrashScenario.nights.enumerated() {
            CrashScenario.drop(night: i, into: crashed)
            // Kills from outside at seeded random instants of the first half of a run's
            // lifetime (start-up and the first files: the night is left unfinished)…
            var hits = 0
            var attempts = 0
            while hits < 3 && attempts < 40 {
                attempts += 1
                let delay = Double.random(in: 0.0...(durations[i] * 0.5), using: &rng)
                if try Self.killedRun(root: crashed.root, asOf: asOf, after: delay) { hits += 1 }
            }
            kills += hits
            // …then at durable steps: each run dies at its k-th step (k advancing by a seeded
            // stride of 1–2) until a run gets through — every stage of the night is hit.
            var point = 1
            while try Self.selfKilledRun(root: crashed.root, asOf: asOf, point: point) {
                pointKills += 1
                point += Int.random(in: 1...2, using: &rng)
            }
            let finish = APXProcess.run(["run", "--root", crashed.root, "--as-of", asOf])
            #expect([0, 65].contains(finish.status), "finishing night \(asOf): \(finish.stderr)")
        }
        #expect(kills + pointKills >= 20, "seed \(seed): only \(kills) + \(pointKills) kills hit a running apx")
        #expect(pointKills >= 12, "seed \(seed): only \(pointKills) kills at durable steps")
        // The kills really interrupted work in flight: later runs had to finish moves or publications.
        let recovered = crashed.files(under: "logs").compactMap { crashed.read($0) }.joined().components(separatedBy: "run.recovered").count - 1
        #expect(recovered >= 3, "seed \(seed): only \(recovered) runs had something to recover")

        let expected = try CrashScenario.snapshot(reference)
        let actual = try CrashScenario.snapshot(crashed)
        CrashScenario.expectSameEnd(expected, actual, "seed \(seed) after \(kills) kills")
        #expect(!(expected["packages"] ?? []).isEmpty && !(expected["notices"] ?? []).isEmpty && !(expected["pushed"] ?? []).isEmpty)
    }
}
