import APXCore
import Foundation
import SQLiteDB
import Testing
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// Round 3 attacks: files large enough that the reading thread runs batches ahead of the
/// storing one (more than `batchSize × batchesInFlight` = 2,048 records), killed at every kind
/// of instant, and file-level errors at the very end of such a file.
@Suite(.serialized) struct Round3AttackTests {
    static let count = 2_600
    static func xmdm(_ i: Int) -> String { String(format: "2022-360111-48-01-%06d", i) }

    static func projects(_ range: Range<Int>, ztze: String = "35000.00") -> [ProjectFixture] {
        range.map { i in
            var p = ProjectFixture(xmdm: xmdm(i), xmmc: "项目\(i)号", units: [Cast.lead1])
            p.ztze = ztze
            return p
        }
    }

    static func dtjgRows(_ range: Range<Int>) -> [[String: String]] {
        range.map { i in
            ["XMDM": xmdm(i), "XMMC": "项目\(i)号", "JSDWDM": Cast.lead1.uscc, "JSDWMC": Cast.lead1.name, "HTBABH": "HT-\(i)",
             "HTLX": "1", "ZBFS": "3", "CBDWMC": "建工㐀𠀀", "CBDWDM": Cast.unit2.uscc, "HTJE": "100", "QDRQ": "2026-09-01",
             "BARQ": "2026-09-02"]
        }
    }

    static let nights = ["2026-10-08", "2026-10-12"]

    static func drop(night: Int, into ws: TempWorkspace) {
        switch night {
        case 0:
            ws.drop("tzxm", "TZXM_20261007_01.xml", text: Builders.tzxmXML(projects(0..<count)))
            ws.drop("rkqq", "RKQQ_20261007_01.csv", text: Builders.rkqqCSV((0..<1_200).map {
                RequestFixture(qqbh: "R\($0)", xmdm: xmdm($0), xmmc: "项目\($0)号", sqdwdm: Cast.lead1.uscc, sqdwmc: Cast.lead1.name)
            }))
            ws.drop("dtjg", "DTJG_HTBA_20261007_01.csv", GB18030.encode(ResultBuilders.dtjg(kind: "HTBA", rows: dtjgRows(0..<count))))
        default:
            // Every project again, the first 40 (warehoused) changed: reviews, approved copies written out.
            ws.drop("tzxm", "TZXM_20261011_01.xml", text: Builders.tzxmXML(projects(0..<40, ztze: "36000.00") + projects(40..<count)))
            ws.drop("rkqq", "RKQQ_20261011_01.csv", text: Builders.rkqqCSV((1_200..<1_260).map {
                RequestFixture(qqbh: "R\($0)", xmdm: xmdm($0), xmmc: "项目\($0)号", sqdwdm: Cast.lead1.uscc, sqdwmc: Cast.lead1.name)
            }))
        }
    }

    static func count(_ ws: TempWorkspace, _ sql: String) throws -> Int {
        let db = try Database(path: ws.path("db/approval.sqlite"))
        return Int(try db.rows(sql).first?.values.first?.string ?? "") ?? -1
    }

    /// JSON without wall-clock and run identities, serialized with sorted keys.
    static func timeless(_ json: Any?) -> String {
        func strip(_ v: Any) -> Any {
            if let d = v as? [String: Any] {
                return d.filter { !["at", "run", "claimedAt", "decidedAt", "sj", "createdAt", "publishedAt", "movedAt"].contains($0.key) }
                    .mapValues(strip)
            }
            if let a = v as? [Any] { return a.map(strip) }
            return v
        }
        guard let json, let data = try? JSONSerialization.data(withJSONObject: strip(json), options: [.sortedKeys]) else { return "∅" }
        return String(decoding: data, as: UTF8.self)
    }

    static func rows(_ ws: TempWorkspace, _ sql: String) throws -> [String] {
        let db = try Database(path: ws.path("db/approval.sqlite"))
        return try db.rows(sql).map { $0.values.map { $0.string ?? "∅" }.joined(separator: "|") }
    }

    @Test func bigNightsKilledAtDurableStepsAndFromOutsideEndAsTheUninterruptedOnes() throws {
        let reference = TempWorkspace("apx-r3ref")
        var durations: [TimeInterval] = []
        for (i, asOf) in Self.nights.enumerated() {
            Self.drop(night: i, into: reference)
            let start = Date()
            let r = APXProcess.run(["run", "--root", reference.root, "--as-of", asOf])
            durations.append(Date().timeIntervalSince(start))
            #expect([0, 65].contains(r.status), "reference \(asOf): \(r.stderr)")
        }
        #expect(try Self.count(reference, "SELECT count(*) FROM project") == Self.count)
        #expect(try Self.count(reference, "SELECT count(*) FROM result") == Self.count, "every HTBA row is a result")
        let expected = try CrashScenario.snapshot(reference)
        #expect((expected["pushed"] ?? []).count > 0, "the nights push something")

        let crashed = TempWorkspace("apx-r3crash")
        var kills = 0
        for (i, asOf) in Self.nights.enumerated() {
            Self.drop(night: i, into: crashed)
            // Self-kills at durable steps (each run gets one step further), then a kill from
            // outside while the big files are being read and stored.
            for point in [1, 2, 1, 3, 2, 5] {
                if try CrashTests.selfKilledRun(root: crashed.root, asOf: asOf, point: point) { kills += 1 }
            }
            for fraction in [0.15, 0.4] {
                if try CrashTests.killedRun(root: crashed.root, asOf: asOf, after: durations[i] * fraction) { kills += 1 }
            }
            let r = APXProcess.run(["run", "--root", crashed.root, "--as-of", asOf])
            #expect([0, 65].contains(r.status), "finishing \(asOf): \(r.stderr)")
        }
        #expect(kills >= 6, "the kills hit live runs (\(kills))")
        let actual = try CrashScenario.snapshot(crashed)
        CrashScenario.expectSameEnd(expected, actual, "big nights")
        // Approved and platform data (014's marks and copies) as in the uninterrupted workspace.
        for sql in ["SELECT xmdm, kind, xmmc, ztze FROM project_data ORDER BY xmdm, kind",
                    "SELECT xmdm FROM project_approved_as_platform ORDER BY xmdm",
                    "SELECT xmdm, kind, position, code FROM project_unit ORDER BY 1, 2, 3"] {
            #expect(try Self.rows(crashed, sql) == Self.rows(reference, sql), "\(sql)")
        }
        // What became of each record, and projects' stories, as in the uninterrupted workspace.
        for name in ["TZXM_20261007_01.xml", "RKQQ_20261007_01.csv", "DTJG_HTBA_20261007_01.csv", "TZXM_20261011_01.xml"] {
            let show = { (ws: TempWorkspace) in Self.timeless(APXProcess.run(["file", "show", name, "--root", ws.root, "--json"]).json) }
            let expectedShow = show(reference)
            #expect(expectedShow.contains("\"outcomes\""), "file show \(name) answers")
            #expect(show(crashed) == expectedShow, "file show \(name)")
        }
        for i in [0, 39, 1_199, Self.count - 1] {
            let history = { (ws: TempWorkspace) in
                Self.timeless(APXProcess.run(["project", "history", Self.xmdm(i), "--root", ws.root, "--json"]).json)
            }
            let expectedHistory = history(reference)
            #expect(expectedHistory.contains("\"events\""))
            #expect(history(crashed) == expectedHistory, "project history \(Self.xmdm(i))")
        }
        #expect(try Self.count(crashed, "SELECT count(*) FROM project_data WHERE kind = 'approved'") == 40,
                "the 40 changed warehoused projects keep an approved copy")
        #expect(try Self.count(crashed, "SELECT count(*) FROM project") == Self.count)
        #expect(try Self.count(crashed, "SELECT count(*) FROM result") == (try Self.count(reference, "SELECT count(*) FROM result")))
        // Each push record version once, every push file complete.
        let records = try Night(ws: crashed).verifiedPushRecords()
        #expect(Set(records).count == records.count, "no push record twice")
        #expect(try Self.count(crashed, "SELECT count(*) FROM push_record") == Self.count(reference, "SELECT count(*) FROM push_record"))
        #expect(try Self.count(crashed, "SELECT count(*) FROM (SELECT dfsjzj, version FROM push_record GROUP BY 1, 2 HAVING count(*) > 1)") == 0)
        #expect(crashed.files(under: "inbox").filter { !$0.contains("/.") }.isEmpty, "the inbox is empty: \(crashed.files(under: "inbox"))")
    }

    /// Long variant (`APX_R3_CRASH_POINTS=40 swift test --filter Round3AttackTests/everyDurableStep`):
    /// a fresh workspace per k, each night's first run killed at its k-th durable step.
    @Test(.enabled(if: ProcessInfo.processInfo.environment["APX_R3_CRASH_POINTS"] != nil))
    func everyDurableStepOfTheBigNightsKilledOnceEndsAsUninterrupted() throws {
        let points = Int(ProcessInfo.processInfo.environment["APX_R3_CRASH_POINTS"] ?? "") ?? 40
        let reference = TempWorkspace("apx-r3ref3")
        for (i, asOf) in Self.nights.enumerated() {
            Self.drop(night: i, into: reference)
            APXProcess.run(["run", "--root", reference.root, "--as-of", asOf])
        }
        let expected = try CrashScenario.snapshot(reference)
        var died = 0
        for k in 1...points {
            let ws = TempWorkspace("apx-r3k")
            for (i, asOf) in Self.nights.enumerated() {
                Self.drop(night: i, into: ws)
                if try CrashTests.selfKilledRun(root: ws.root, asOf: asOf, point: k) { died += 1 }
                APXProcess.run(["run", "--root", ws.root, "--as-of", asOf])
            }
            CrashScenario.expectSameEnd(expected, try CrashScenario.snapshot(ws), "killed at step \(k)")
            #expect(try Self.rows(ws, "SELECT xmdm, kind, ztze FROM project_data ORDER BY 1, 2")
                    == Self.rows(reference, "SELECT xmdm, kind, ztze FROM project_data ORDER BY 1, 2"), "step \(k)")
        }
        print("Round3AttackTests: \(died) runs died at a durable step of \(points * Self.nights.count)")
    }

    /// Two `apx run` started together on the big nights (each with its reading thread), then
    /// one more: the end is the uninterrupted one, each push record version once.
    @Test func twoRunsAtOnceOnBigNightsStoreEverythingOnce() throws {
        let reference = TempWorkspace("apx-r3ref2")
        for (i, asOf) in Self.nights.enumerated() {
            Self.drop(night: i, into: reference)
            APXProcess.run(["run", "--root", reference.root, "--as-of", asOf])
        }
        let expected = try CrashScenario.snapshot(reference)
        let ws = TempWorkspace("apx-r3twice")
        for (i, asOf) in Self.nights.enumerated() {
            Self.drop(night: i, into: ws)
            let runs = (0..<2).map { _ -> Process in
                let p = Process()
                p.executableURL = URL(fileURLWithPath: APXProcess.binary)
                p.arguments = ["run", "--root", ws.root, "--as-of", asOf]
                p.standardOutput = FileHandle.nullDevice
                p.standardError = FileHandle.nullDevice
                try! p.run()
                return p
            }
            for p in runs { p.waitUntilExit() }
            #expect(runs.allSatisfy { $0.terminationReason == .exit }, "no run crashed")
            APXProcess.run(["run", "--root", ws.root, "--as-of", asOf])
        }
        CrashScenario.expectSameEnd(expected, try CrashScenario.snapshot(ws), "two runs at once")
        let records = try Night(ws: ws).verifiedPushRecords()
        #expect(Set(records).count == records.count && !records.isEmpty)
    }

    /// A big tzxm XML whose last bytes break the document: the reading thread is batches ahead
    /// when it fails; nothing of the file is stored and the file is quarantined.
    @Test func anXMLErrorAtTheEndOfABigFileStoresNothingOfIt() throws {
        let ws = TempWorkspace("apx-r3tail")
        var xml = Builders.tzxmXML(Self.projects(0..<Self.count))
        xml = String(xml.dropLast(xml.hasSuffix("\n") ? 1 : 0))
        let close = xml.range(of: "</", options: .backwards)!
        xml = String(xml[..<close.lowerBound]) + "<XM><XMDM>broken"   // unterminated at end of file
        ws.drop("tzxm", "TZXM_20261007_01.xml", text: xml)
        let r = APXProcess.run(["run", "--root", ws.root, "--as-of", "2026-10-08"])
        #expect(r.status != 0, "a quarantined file is reported")
        #expect(try Self.count(ws, "SELECT count(*) FROM project") == 0)
        #expect(try Self.count(ws, "SELECT count(*) FROM push_record") == 0)
        #expect(ws.files(under: "quarantine").contains { $0.hasSuffix("TZXM_20261007_01.xml") }, "\(ws.files(under: "quarantine"))")
        #expect(ws.files(under: "archive").isEmpty)
    }

    /// A big dtjg GB18030 file whose very last bytes are not GB18030 (a lead byte with no trail).
    @Test func aGB18030ErrorAtTheEndOfABigDTJGFileStoresNothingOfIt() throws {
        let ws = TempWorkspace("apx-r3gbtail")
        ws.drop("tzxm", "TZXM_20261007_01.xml", text: Builders.tzxmXML(Self.projects(0..<Self.count)))
        var bytes = GB18030.encode(ResultBuilders.dtjg(kind: "HTBA", rows: Self.dtjgRows(0..<Self.count)))
        bytes += [0x81]   // a lead byte cut off by the end of the file
        ws.drop("dtjg", "DTJG_HTBA_20261007_01.csv", bytes)
        let r = APXProcess.run(["run", "--root", ws.root, "--as-of", "2026-10-08"])
        #expect(r.status != 0)
        #expect(try Self.count(ws, "SELECT count(*) FROM project") == Self.count, "the tzxm file is stored")
        #expect(try Self.count(ws, "SELECT count(*) FROM result") == 0, "nothing of the dtjg file")
        #expect(ws.files(under: "quarantine").contains { $0.hasSuffix("DTJG_HTBA_20261007_01.csv") }, "\(ws.files(under: "quarantine"))")
    }

    /// More than half of a big file's records rejected, the rejected ones last (read batches
    /// ahead while the first half is stored): the file is quarantined, nothing of it stored.
    @Test func rejectsFillingTheEndOfABigFileQuarantineAllOfIt() throws {
        let ws = TempWorkspace("apx-r3rejects")
        var projects = Self.projects(0..<Self.count)
        for k in 1_000..<Self.count { projects[k].xmdm = "BAD-\(k)" }
        ws.drop("tzxm", "TZXM_20261007_01.xml", text: Builders.tzxmXML(projects))
        APXProcess.run(["run", "--root", ws.root, "--as-of", "2026-10-08"])
        #expect(try Self.count(ws, "SELECT count(*) FROM project") == 0)
        let reasons = ws.files(under: "quarantine").filter { $0.hasSuffix(".reason.json") }.compactMap { ws.read($0) }
        #expect(reasons.count == 1 && reasons[0].contains("TOO_MANY_REJECTS"), "\(reasons)")
    }

    /// A big rkqq file whose last field opens a quote that never closes.
    @Test func anUnclosedQuoteAtTheEndOfABigCSVStoresNothingOfIt() throws {
        let ws = TempWorkspace("apx-r3quote")
        let csv = Builders.rkqqCSV((0..<Self.count).map {
            RequestFixture(qqbh: "R\($0)", xmdm: Self.xmdm($0), xmmc: "项目\($0)号", sqdwdm: Cast.lead1.uscc, sqdwmc: Cast.lead1.name)
        }) + "\"R-LAST,unclosed\r\n"
        ws.drop("rkqq", "RKQQ_20261007_01.csv", text: csv)
        APXProcess.run(["run", "--root", ws.root, "--as-of", "2026-10-08"])
        #expect(try Self.count(ws, "SELECT count(*) FROM warehousing_request") == 0)
        let reasons = ws.files(under: "quarantine").filter { $0.hasSuffix(".reason.json") }.compactMap { ws.read($0) }
        #expect(reasons.count == 1 && reasons[0].contains("CSV_MALFORMED"), "\(reasons)")
    }
}
