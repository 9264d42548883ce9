import APXCore
import Foundation
import SQLiteDB
import Testing
import TestSupport

/// Migration 014-result-pending-index converts a database that has the old `result_state`
/// index: rows, `apx status`, `apx project show/history` and the pending results' order
/// unchanged, only pending results indexed, and the next night runs as before.
@Suite struct ResultPendingIndexUpgradeTests {
    static let pendingSQL = "SELECT id, sxbm, number, received_on FROM result WHERE state = 'PENDING' ORDER BY received_on, id"

    static func snapshot(_ db: Database) throws -> [String] {
        var lines: [String] = []
        for sql in ["SELECT id, sxbm, number, version, xmdm, gcdm, state, reasons, missing, received_on FROM result ORDER BY id",
                    pendingSQL, "SELECT count(*) FROM audit", "SELECT count(*) FROM push_record"] {
            for row in try db.rows(sql) { lines.append(sql.prefix(30) + ": " + row.values.map { "\($0)" }.joined(separator: "|")) }
        }
        return lines
    }

    @Test func aDatabaseWithTheStateIndexIsConvertedAndReadsTheSame() throws {
        let ws = TempWorkspace("apx-pending-index-upgrade")
        for night in 0..<2 {
            CrashScenario.drop(night: night, into: ws)
            // Contracts of a project the library does not have yet: pending, each night's own day.
            ws.drop("dtjg", "DTJG_HTBA_2026101\(night)_09.csv", GB18030.encode(ResultBuilders.dtjg(kind: "HTBA", rows: ["1", "2"].map {
                ["XMDM": "2021-360111-48-01-999999", "XMMC": "未入库项目", "JSDWDM": CrashScenario.l1.uscc, "JSDWMC": CrashScenario.l1.name,
                 "HTBABH": "HT-P\(night)-\($0)", "HTLX": $0, "ZBFS": "3", "CBDWMC": "建工", "CBDWDM": Cast.unit2.uscc, "HTJE": "100",
                 "QDRQ": "2026-09-01", "BARQ": "2026-09-02"]
            })))
            _ = APXProcess.run(["run", "--root", ws.root, "--as-of", CrashScenario.nights[night]])
        }
        let path = ws.path("db/approval.sqlite")
        func shown() -> [String] {
            [CrashScenario.p1, CrashScenario.p2].flatMap { xmdm in
                ["show", "history"].map { APXProcess.run(["project", $0, xmdm, "--root", ws.root, "--json"]).stdout }
            } + [APXProcess.run(["status", "--root", ws.root, "--as-of", "2026-10-13"]).stdout]
        }
        let shownBefore = shown()
        do {
            let db = try Database(path: path)
            #expect(try db.scalar("SELECT count(*) FROM result WHERE state = 'PENDING'").int ?? 0 > 0, "some results wait")
            try db.execute("""
                DROP INDEX result_pending;
                CREATE INDEX result_state ON result(state);
                DELETE FROM schema_migrations WHERE id = '014-result-pending-index';
                """)
        }
        let before = try Self.snapshot(try Database(path: path))
        let status = APXProcess.run(["status", "--root", ws.root])   // any command migrates
        #expect(status.status == 0 || status.status == 1, "\(status.stderr)")
        let db = try Database(path: path)
        #expect(try db.scalar("SELECT count(*) FROM schema_migrations WHERE id = '014-result-pending-index'").int == 1)
        #expect(try db.scalar("SELECT count(*) FROM sqlite_schema WHERE name = 'result_state'").int == 0)
        #expect(try db.scalar("SELECT sql FROM sqlite_schema WHERE name = 'result_pending'").string?.contains("WHERE state = 'PENDING'") == true)
        #expect(try Self.snapshot(db) == before)
        #expect(shown() == shownBefore)
        #expect(shownBefore.allSatisfy { !$0.isEmpty })
        #expect(try db.rows("EXPLAIN QUERY PLAN \(Self.pendingSQL)").contains { $0.text("detail").contains("result_pending") })
        #expect(try db.integrityCheck() == ["ok"])

        CrashScenario.drop(night: 2, into: ws)
        let run = APXProcess.run(["run", "--root", ws.root, "--as-of", CrashScenario.nights[2]])
        #expect(run.status == 0 || run.status == 1, "\(run.stderr)")
        #expect(try db.integrityCheck() == ["ok"])
    }
}
