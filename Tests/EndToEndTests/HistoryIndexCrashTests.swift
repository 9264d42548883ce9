import APXFixtures
import Foundation
import SQLiteDB
import Testing
import TestSupport

/// A run killed after its push and before its history is indexed (`APX_CRASH_LABEL`
/// "history not indexed"), or right after the indexing commits: `apx project history` tells
/// the same story then as after the next run has caught the index up, and that run indexes
/// the killed night's rows once.
@Suite(.serialized) struct HistoryIndexCrashTests {
    static let p = Cast.p1, lead = Cast.lead1

    func history(_ ws: TempWorkspace) -> [String] {
        let r = APXProcess.run(["project", "history", Self.p, "--root", ws.root])
        #expect(r.status == 0, "\(r.stderr)")
        // Each event without its time: the story, not when it was read.
        return r.stdout.split(separator: "\n").dropFirst().map { $0.split(separator: " ", maxSplits: 1).last.map(String.init) ?? "" }
    }

    func unindexed(_ ws: TempWorkspace) throws -> (audit: Int, files: Int) {
        let db = try Database(path: ws.path("db/approval.sqlite"))
        return (try db.scalar("SELECT count(*) FROM audit WHERE id > (SELECT audit_id FROM history_indexed)").int ?? -1,
                try db.scalar("SELECT count(*) FROM input_file_unindexed").int ?? -1)
    }

    func drop(_ ws: TempWorkspace) {
        ws.drop("tzxm", "TZXM_20261101_01.csv", GB18030.encode(Builders.tzxmCSV([
            ProjectFixture(xmdm: Self.p, xmmc: "湖坊镇安置房", units: [Self.lead])])))
        ws.drop("rkqq", "RKQQ_20261102_01.csv", text: Builders.rkqqCSV([
            RequestFixture(qqbh: "RQ1", xmdm: Self.p, xmmc: "湖坊镇安置房", sqdwdm: Self.lead.uscc, sqdwmc: Self.lead.name)]))
    }

    @Test(arguments: ["history not indexed", "history indexed"])
    func aRunKilledAroundItsHistoryIndexingTellsTheSameStoryBeforeAndAfterTheNextRun(label: String) throws {
        let ws = TempWorkspace("apx-history-index-kill")
        drop(ws)
        let killed = APXProcess.run(["run", "--root", ws.root, "--as-of", "2026-11-02"],
                                    environment: ["APX_CRASH_LABEL": label, "APX_CRASH_AT": "1"])
        #expect(killed.status != 0 && killed.status != 65, "killed: \(killed.status) \(killed.stderr)")
        let left = try unindexed(ws)
        if label == "history not indexed" {
            #expect(left.audit > 0 && left.files == 2, "the night's rows wait: \(left)")
        } else {
            #expect(left == (0, 0))
        }
        let before = history(ws)
        #expect(before.contains { $0.contains("input claimed") && $0.contains("RKQQ_20261102_01.csv") })
        #expect(before.contains { $0.contains("request state") && $0.contains("WAREHOUSED") })
        #expect(before.contains { $0.contains("push published") })
        let next = APXProcess.run(["run", "--root", ws.root, "--as-of", "2026-11-03"])
        #expect(next.status == 0, "\(next.stderr)")
        #expect(try unindexed(ws) == (0, 0))
        let after = history(ws)
        #expect(Array(after.prefix(before.count)) == before, "the killed night's story unchanged")
        let db = try Database(path: ws.path("db/approval.sqlite"))
        #expect(try db.scalar("SELECT count(*) FROM audit_by_entity").int == db.scalar("SELECT count(*) FROM audit").int, "each audit row once")
        #expect(try db.scalar("SELECT count(*) FROM input_record_by_project").int == db.scalar("SELECT count(*) FROM input_record").int)
    }
}
