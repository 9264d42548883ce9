import APXCore
import Foundation
import SQLiteDB
import Testing
import TestSupport

/// The 013 migrations (issue 11: bytes per record) convert a database written before them:
/// every row kept, the result's key text gone, project data WITHOUT ROWID, auto-vacuum on —
/// and a result delivered again still behaves as before (same key: no-op; other key: v2).
@Suite struct CompactStorageUpgradeTests {
    static let compactIDs = ["013-result-without-key-text", "013-without-rowid-tables", "013-result-record-compact",
                             "013-push-payload-tags", "013-audit-by-entity-id", "013-incremental-vacuum"]
    /// The element codes of the stored push payloads (APXStore PushPayloadCodec), to undo them.
    static let payloadElements = ["XMDM", "GCDM", "XMMC", "XZQHDM", "JSDD", "LXLX", "SPLCLX", "ZTZE", "NKGSJ", "NJCSJ",
                                  "DWLB", "DW", "DWMC", "TYSHXYDM", "SPSXBM", "SPJDXH", "BLZT", "BJSJ", "PFWH", "PFWJBT",
                                  "PFRQ", "PFWJYXQX", "FJLB", "FJ", "FJMC", "SHA256", "SYGZR", "SLSJ", "SFCS", "CNSX", "BLJG"]
    /// SQL turning stored payloads back into plain XML (a few tags per statement: SQLite's
    /// parser limits nesting).
    static var rawPayloads: String {
        var statements = ["UPDATE push_record SET payload = substr(payload, 2) || char(2) WHERE substr(payload, 1, 1) = char(2);"]
        for start in stride(from: 0, to: payloadElements.count, by: 4) {
            var expression = "payload"
            for i in start..<min(start + 4, payloadElements.count) {
                let name = payloadElements[i]
                expression = "replace(replace(\(expression), char(1, \(0x20 + 2 * i)), '<\(name)>'), char(1, \(0x21 + 2 * i)), '</\(name)>')"
            }
            statements.append("UPDATE push_record SET payload = \(expression) WHERE substr(payload, -1, 1) = char(2);")
        }
        statements.append("UPDATE push_record SET payload = substr(payload, 1, length(payload) - 1) WHERE substr(payload, -1, 1) = char(2);")
        return statements.joined(separator: "\n")
    }

    /// Turns a current database back into the shape it had before the 013 migrations.
    static func makePre013(_ db: Database) throws {
        try db.execute("""
            ALTER TABLE result ADD COLUMN key TEXT NOT NULL DEFAULT '';
            UPDATE result SET key = 'XMDM=' || xmdm || char(10) || 'GCDM=' || gcdm;
            -- The full record form of before: identity and every key present.
            UPDATE result SET record = json_set(record, '$.sxbm', sxbm, '$.number', number, '$.xmdm', xmdm, '$.gcdm', gcdm,
                '$.acceptedAt', COALESCE(json_extract(record, '$.acceptedAt'), ''), '$.application', COALESCE(json_extract(record, '$.application'), ''), '$.finishedAt', COALESCE(json_extract(record, '$.finishedAt'), ''), '$.issued', COALESCE(json_extract(record, '$.issued'), ''), '$.issuer', COALESCE(json_extract(record, '$.issuer'), ''), '$.jsdwdm', COALESCE(json_extract(record, '$.jsdwdm'), ''), '$.jsdwmc', COALESCE(json_extract(record, '$.jsdwmc'), ''), '$.title', COALESCE(json_extract(record, '$.title'), ''), '$.validUntil', COALESCE(json_extract(record, '$.validUntil'), ''), '$.xmmc', COALESCE(json_extract(record, '$.xmmc'), ''),
                '$.attributes', json(COALESCE(json_extract(record, '$.attributes'), '{}')),
                '$.fields', json(COALESCE(json_extract(record, '$.fields'), '{}')),
                '$.documents', json(COALESCE(json_extract(record, '$.documents'), '[]')));
            CREATE TABLE project_data_old AS SELECT * FROM project_data;
            DROP TABLE project_data;
            CREATE TABLE project_data (
                xmdm TEXT NOT NULL REFERENCES project(xmdm),
                kind TEXT NOT NULL CHECK (kind IN ('platform','approved')),
                xmmc TEXT NOT NULL, lxlx TEXT NOT NULL, tzptlx TEXT NOT NULL, gbhy TEXT NOT NULL,
                xzqhdm TEXT NOT NULL, jsdd TEXT NOT NULL, ztze TEXT NOT NULL, jsgmjnr TEXT NOT NULL,
                nkgsj TEXT NOT NULL, njcsj TEXT NOT NULL, lxsj TEXT NOT NULL,
                extract_key TEXT NOT NULL DEFAULT '',
                source_file_id INTEGER,
                PRIMARY KEY (xmdm, kind)
            );
            INSERT INTO project_data SELECT * FROM project_data_old;
            DROP TABLE project_data_old;
            CREATE TABLE project_unit_old AS SELECT * FROM project_unit;
            DROP TABLE project_unit;
            CREATE TABLE project_unit (
                xmdm TEXT NOT NULL, kind TEXT NOT NULL, position INTEGER NOT NULL, name TEXT NOT NULL, code TEXT NOT NULL,
                PRIMARY KEY (xmdm, kind, position)
            );
            INSERT INTO project_unit SELECT * FROM project_unit_old;
            DROP TABLE project_unit_old;
            \(rawPayloads)
            DROP INDEX audit_entity_id;
            CREATE INDEX audit_entity ON audit(entity, entity_id);
            DELETE FROM schema_migrations WHERE id IN (\(compactIDs.map { "'\($0)'" }.joined(separator: ", ")));
            """)
        try db.execute("PRAGMA auto_vacuum = NONE")
        try db.execute("VACUUM")
    }

    static func snapshot(_ db: Database) throws -> [String] {
        var lines: [String] = []
        for sql in ["SELECT * FROM project_data ORDER BY xmdm, kind", "SELECT * FROM project_unit ORDER BY xmdm, kind, position",
                    "SELECT id, sxbm, number, version, xmdm, gcdm, state, reasons, missing FROM result ORDER BY id",
                    "SELECT count(*) FROM audit", "SELECT count(*) FROM push_record"] {
            for row in try db.rows(sql) { lines.append(sql.prefix(30) + ": " + row.values.map { "\($0)" }.joined(separator: "|")) }
        }
        return lines
    }

    static func contracts(_ rows: [String], htje: String) -> [[String: String]] {
        rows.map {
            ["XMDM": CrashScenario.p1, "XMMC": "安置房项目", "JSDWDM": CrashScenario.l1.uscc, "JSDWMC": CrashScenario.l1.name,
             "HTBABH": "HT-\($0)", "HTLX": $0, "ZBFS": "3", "CBDWMC": "建工", "CBDWDM": Cast.unit2.uscc, "HTJE": htje,
             "QDRQ": "2026-09-01", "BARQ": "2026-09-02"]
        }
    }

    @Test func aDatabaseFromBefore013IsConvertedWithEveryRowAndResultsStillVersionByKey() throws {
        let ws = TempWorkspace("apx-compact-upgrade")
        CrashScenario.drop(night: 0, into: ws)
        _ = APXProcess.run(["run", "--root", ws.root, "--as-of", CrashScenario.nights[0]])
        let path = ws.path("db/approval.sqlite")
        func shown() -> [String] {
            [CrashScenario.p1, CrashScenario.p2].flatMap { xmdm in
                ["show", "history"].map { APXProcess.run(["project", $0, xmdm, "--root", ws.root, "--json"]).stdout }
            }
        }
        let shownBefore = shown()
        #expect(shownBefore.allSatisfy { $0.hasPrefix("{") && $0.count > 200 }, "\(shownBefore)")
        let payloadsStored = try Database(path: path).rows("SELECT id, payload FROM push_record ORDER BY id").map { $0.text("payload") }
        #expect(!payloadsStored.isEmpty && payloadsStored.allSatisfy { $0.hasPrefix("\u{02}") })
        do {
            let db = try Database(path: path)
            try Self.makePre013(db)
            #expect(try db.scalar("PRAGMA auto_vacuum").int == 0)
            #expect(try db.rows("SELECT payload FROM push_record").allSatisfy { $0.text("payload").hasPrefix("<") })
            #expect(try db.scalar("SELECT count(*) FROM result WHERE json_extract(record, '$.sxbm') IS NULL").int == 0)
        }
        let before = try Self.snapshot(try Database(path: path))
        #expect(before.contains { $0.hasPrefix("SELECT id, sxbm, number, vers") })

        // Any command but `apx status` (which reports the schema behind) migrates.
        let migrating = APXProcess.run(["review", "list", "--root", ws.root])
        #expect(migrating.status == 0, "\(migrating.stderr)")
        let db = try Database(path: path)
        #expect(try db.rows("SELECT id FROM schema_migrations WHERE id LIKE '013-%' ORDER BY id").map { $0.text("id") }
                == (Self.compactIDs + ["013-open-work-in-order"]).sorted())
        #expect(try Self.snapshot(db) == before)
        #expect(shown() == shownBefore)
        #expect(try db.rows("SELECT id, payload FROM push_record ORDER BY id").map { $0.text("payload") } == payloadsStored,
                "the migration's SQL stores what the codec does")
        #expect(try db.scalar("SELECT count(*) FROM result WHERE json_extract(record, '$.sxbm') IS NOT NULL").int == 0, "records compact")
        #expect(try db.scalar("""
            SELECT count(*) FROM result, json_each(result.record) j
            WHERE j.atom = '' OR (j.type IN ('object', 'array') AND j.value IN ('{}', '[]'))
            """).int == 0, "no empty values left")
        #expect(try db.rows("PRAGMA table_info(result)").allSatisfy { $0.text("name") != "key" })
        for table in ["project_data", "project_unit"] {
            #expect(try db.scalar("SELECT sql FROM sqlite_schema WHERE name = ?", table).string?.contains("WITHOUT ROWID") == true)
        }
        #expect(try db.scalar("PRAGMA auto_vacuum").int == 2)
        #expect(try db.integrityCheck() == ["ok"])

        // The same contracts again (other bytes: rows reversed): nothing new. One changed: v2.
        ws.drop("dtjg", "DTJG_HTBA_20261008_01.csv", GB18030.encode(ResultBuilders.dtjg(kind: "HTBA", rows: Self.contracts(["2", "1"], htje: "100"))))
        _ = APXProcess.run(["run", "--root", ws.root, "--as-of", "2026-10-09"])
        #expect(try db.scalar("SELECT max(version) FROM result WHERE number IN ('HT-1','HT-2')").int == 1)
        ws.drop("dtjg", "DTJG_HTBA_20261009_01.csv", GB18030.encode(ResultBuilders.dtjg(kind: "HTBA", rows: Self.contracts(["1"], htje: "120"))))
        _ = APXProcess.run(["run", "--root", ws.root, "--as-of", "2026-10-10"])
        #expect(try db.scalar("SELECT max(version) FROM result WHERE number = 'HT-1'").int == 2)
        #expect(try db.scalar("SELECT max(version) FROM result WHERE number = 'HT-2'").int == 1)
        #expect(try db.scalar("PRAGMA freelist_count").int == 0, "free pages given back after the run")
    }
}
