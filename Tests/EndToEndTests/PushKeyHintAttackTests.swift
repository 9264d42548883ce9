import Foundation
import SQLiteDB
import Testing
import TestSupport

/// PushKeyHint (a page's push keys learnt absent once): pages of many keys where the same
/// result arrives twice in one night — identical (a no-op) and changed (a new version) — and
/// projects whose requests come twice in the same page: each push record version once,
/// versions gapless from 1, every version in a complete push file.
@Suite struct PushKeyHintAttackTests {
    static let n = 600
    static func xmdm(_ i: Int) -> String { String(format: "2024-360111-48-01-%06d", i) }

    static func rows(_ range: Range<Int>, htje: String = "100") -> [[String: String]] {
        range.map { i in
            ["XMDM": xmdm(i), "XMMC": "项目\(i)号", "JSDWDM": Cast.lead1.uscc, "JSDWMC": Cast.lead1.name, "HTBABH": "HT-\(i)",
             "HTLX": "1", "ZBFS": "3", "CBDWMC": "建工", "CBDWDM": Cast.unit2.uscc, "HTJE": htje, "QDRQ": "2026-09-01",
             "BARQ": "2026-09-02"]
        }
    }

    @Test func aResultTwiceInOneNightAndRequestsTwiceInOnePageArePushedOncePerVersion() throws {
        let ws = TempWorkspace("apx-hint")
        let night = Night(ws: ws)
        ws.drop("tzxm", "TZXM_20261101_01.xml", text: Builders.tzxmXML((0..<Self.n).map {
            ProjectFixture(xmdm: Self.xmdm($0), xmmc: "项目\($0)号", units: [Cast.lead1, Cast.unit2])
        }))
        // Every project requested twice (two qqbh), the second a repeat in the same page.
        ws.drop("rkqq", "RKQQ_20261101_01.csv", text: Builders.rkqqCSV((0..<Self.n).flatMap { i in
            ["A", "B"].map { RequestFixture(qqbh: "\($0)\(i)", xmdm: Self.xmdm(i), xmmc: "项目\(i)号", sqdwdm: Cast.lead1.uscc,
                                            sqdwmc: Cast.lead1.name) }
        }))
        ws.drop("dtjg", "DTJG_HTBA_20261101_01.csv", GB18030.encode(ResultBuilders.dtjg(kind: "HTBA", rows: Self.rows(0..<Self.n))))
        // The same night: the first half again identical, the second half with another amount.
        ws.drop("dtjg", "DTJG_HTBA_20261101_02.csv", GB18030.encode(ResultBuilders.dtjg(kind: "HTBA",
            rows: Self.rows(0..<(Self.n / 2)) + Self.rows((Self.n / 2)..<Self.n, htje: "200"))))
        night.run("2026-11-02")
        // And the next night once more, unchanged: nothing new.
        ws.drop("dtjg", "DTJG_HTBA_20261102_01.csv", GB18030.encode(ResultBuilders.dtjg(kind: "HTBA",
            rows: Self.rows((Self.n / 2)..<Self.n, htje: "200") + Self.rows(0..<(Self.n / 2)))))
        night.run("2026-11-03")
        // A later night changes the first half: corrections (the second half's first version was
        // never pushed, superseded the night it came: its push is version 1 with version 2's data).
        let pushedBefore = try night.verifiedPushRecords().count
        ws.drop("dtjg", "DTJG_HTBA_20261103_01.csv", GB18030.encode(ResultBuilders.dtjg(kind: "HTBA",
            rows: Self.rows(0..<(Self.n / 2), htje: "300"))))
        night.run("2026-11-04")

        let db = try Database(path: ws.path("db/approval.sqlite"))
        #expect(try db.scalar("SELECT count(*) FROM project WHERE state = 'WAREHOUSED'").int == Self.n)
        #expect(try db.scalar("SELECT count(*) FROM result WHERE version = 1").int == Self.n)
        #expect(try db.scalar("SELECT count(*) FROM result WHERE version = 2").int == Self.n)
        #expect(try db.scalar("SELECT count(*) FROM result WHERE version > 2").int == 0)
        // Push versions: each (key, version, valid) once (an invalidation is version n with valid 0), gapless from 1.
        #expect(try db.scalar("SELECT count(*) FROM (SELECT 1 FROM push_record GROUP BY target, dfsjzj, version, valid HAVING count(*) > 1)").int == 0)
        #expect(try db.scalar("""
            SELECT count(*) FROM (SELECT target, dfsjzj, max(version) m, count(DISTINCT version) c FROM push_record
            GROUP BY target, dfsjzj HAVING m <> c)
            """).int == 0)
        let projectKeys = try db.scalar("SELECT count(DISTINCT dfsjzj) FROM push_record WHERE dfsjzj LIKE 'XM:%'").int
        #expect(projectKeys == Self.n)
        #expect(try db.scalar("SELECT count(*) FROM push_record WHERE dfsjzj LIKE 'XM:%' AND version > 1").int == 0,
                "a repeated request pushes nothing")
        let records = try night.verifiedPushRecords()
        #expect(Set(records).count == records.count, "no push record twice in the push files")
        // The changed half went out as corrections: version 1 invalidated, version 2 valid.
        let byKey = Dictionary(grouping: records, by: { $0[1] })
        let corrected = byKey.values.filter { $0.contains { $0[2] == "2" } }
        #expect(corrected.count >= Self.n / 2, "\(corrected.count)")
        #expect(records.count > pushedBefore)
        for versions in corrected {
            #expect(versions.contains([versions[0][0], versions[0][1], "1", "0"]) && versions.contains([versions[0][0], versions[0][1], "2", "1"]),
                    "\(versions)")
        }
    }
}
