import APXCore
import Foundation
import SQLiteDB
import Testing
import TestSupport

/// Migrations 014-result-pending-index, 014-request-pending-index and
/// 014-result-item-without-state convert a database with the old `result_state`,
/// `warehousing_request_state` and `result_item (xmdm, sxbm, state)` indexes: rows, `apx status`,
/// `apx project show/history` and the pending order unchanged, only pending rows indexed,
/// and the next night runs as before.
@Suite struct ResultPendingIndexUpgradeTests {
    static let pendingSQL = "SELECT id, sxbm, number, received_on FROM result WHERE state = 'PENDING' ORDER BY received_on, id"
    static let pendingRequestSQL = "SELECT qqbh, received_on FROM warehousing_request WHERE state = 'PENDING' ORDER BY received_on, qqbh"

    static func snapshot(_ db: Database) throws -> [String] {
        var lines: [String] = []
        for sql in ["SELECT id, sxbm, number, version, xmdm, gcdm, state, reasons, missing, received_on FROM result ORDER BY id",
                    pendingSQL, pendingRequestSQL, "SELECT qqbh, xmdm, state, reasons FROM warehousing_request ORDER BY qqbh",
                    "SELECT count(*) FROM audit", "SELECT count(*) FROM push_record"] {
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
            // A request for a project no extract has: pending.
            ws.drop("rkqq", "RKQQ_2026101\(night)_09.csv", text: Builders.rkqqCSV([
                RequestFixture(qqbh: "RP\(night)", xmdm: "2021-360111-48-01-99999\(night)", xmmc: "未入库项目",
                               sqdwdm: CrashScenario.l1.uscc, sqdwmc: CrashScenario.l1.name),
            ]))
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
            #expect(try db.scalar("SELECT count(*) FROM warehousing_request WHERE state = 'PENDING'").int ?? 0 > 0, "some requests wait")
            try db.execute("""
                DROP INDEX result_pending;
                CREATE INDEX result_state ON result(state);
                DROP INDEX warehousing_request_pending;
                CREATE INDEX warehousing_request_state ON warehousing_request(state);
                DROP INDEX result_item;
                CREATE INDEX result_item ON result(xmdm, sxbm, state);
                DELETE FROM schema_migrations WHERE id IN ('014-result-pending-index', '014-request-pending-index',
                                                            '014-result-item-without-state');
                """)
        }
        let before = try Self.snapshot(try Database(path: path))
        // Any command but `apx status` (which reports the schema behind) migrates.
        let migrating = APXProcess.run(["review", "list", "--root", ws.root])
        #expect(migrating.status == 0, "\(migrating.stderr)")
        let db = try Database(path: path)
        #expect(try db.scalar("""
            SELECT count(*) FROM schema_migrations
            WHERE id IN ('014-result-pending-index', '014-request-pending-index', '014-result-item-without-state')
            """).int == 3)
        #expect(try db.scalar("SELECT sql FROM sqlite_schema WHERE name = 'result_item'").string == "CREATE INDEX result_item ON result(xmdm, sxbm)")
        #expect(try db.scalar("SELECT count(*) FROM sqlite_schema WHERE name IN ('result_state', 'warehousing_request_state')").int == 0)
        for index in ["result_pending", "warehousing_request_pending"] {
            #expect(try db.scalar("SELECT sql FROM sqlite_schema WHERE name = ?", index).string?.contains("WHERE state = 'PENDING'") == true)
        }
        #expect(try Self.snapshot(db) == before)
        #expect(shown() == shownBefore)
        #expect(shownBefore.allSatisfy { !$0.isEmpty })
        #expect(try db.rows("EXPLAIN QUERY PLAN \(Self.pendingSQL)").contains { $0.text("detail").contains("result_pending") })
        #expect(try db.rows("EXPLAIN QUERY PLAN \(Self.pendingRequestSQL)").contains { $0.text("detail").contains("warehousing_request_pending") })
        #expect(try db.integrityCheck() == ["ok"])

        CrashScenario.drop(night: 2, into: ws)
        let run = APXProcess.run(["run", "--root", ws.root, "--as-of", CrashScenario.nights[2]])
        #expect(run.status == 0 || run.status == 1, "\(run.stderr)")
        #expect(try db.integrityCheck() == ["ok"])
    }
}
