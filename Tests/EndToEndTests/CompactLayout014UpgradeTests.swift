import APXCore
import Foundation
import SQLiteDB
import Testing
import TestSupport

/// The 014 migrations (issue 11: bytes per record) convert a database written before them —
/// audit rows with their time/run/actor text, a full approved copy of every warehoused
/// project, input records with text kinds and arrivals — keeping every row and every output:
/// `project show`/`history`, `file show` are byte-identical, the audit trail reads the same.
@Suite struct CompactLayout014UpgradeTests {
    static let ids = ["014-approved-as-platform", "014-audit-context", "014-input-record-compact", "014-push-payload-repeat", "014-push-record-context", "014-push-record-kind"]
    /// Frozen with the migration (not read from APXStore): input-record kind codes and arrival words.
    static let kinds = [(1, "acceptance"), (2, "archive_receipt"), (3, "end_request"), (4, "project"), (5, "receipt"),
                        (6, "request"), (7, "result")]
    static let arrivals = ["created", "updated", "unchanged", "older", "reviewOpened", "inserted", "known", "accepted", "passed",
                           "failed", "rejected", "unknown", "ended"]
    static let dataColumns = "xmmc, lxlx, tzptlx, gbhy, xzqhdm, jsdd, ztze, jsgmjnr, nkgsj, njcsj, lxsj"

    /// A stored payload with each 0x03 ("the content of the element closed last again") written
    /// out, and 0x01 0x03 back to a plain 0x03: the payload form of before 014.
    static func expandRepeats(_ stored: [UInt8]) -> [UInt8] {
        var out: [UInt8] = [], last: [UInt8] = [], start = -1, i = 0
        while i < stored.count {
            let b = stored[i]
            if b == 0x01, i + 1 < stored.count {
                let code = stored[i + 1]
                if code >= 0x20 {
                    if code & 1 == 1 { if start >= 0 { last = Array(out[start...]) }; start = -1 }
                    out += [b, code]
                    if code & 1 == 0 { start = out.count }
                } else {
                    out += code == 0x03 ? [0x03] : [b, code]
                }
                i += 2
                continue
            }
            if b == 0x03 { out += last } else { out.append(b) }
            i += 1
        }
        return out
    }

    /// Turns a current database back into the layout it had before the 014 migrations.
    static func makePre014(_ db: Database) throws {
        for row in try db.rows("SELECT id, payload FROM push_record WHERE instr(payload, char(3)) > 0") {
            let old = String(decoding: expandRepeats(Array(row.text("payload").utf8)), as: UTF8.self)
            try db.run("UPDATE push_record SET payload = ? WHERE id = ?", old, row["id"].int ?? 0)
        }
        let kind = "CASE kind " + kinds.map { "WHEN \($0.0) THEN '\($0.1)'" }.joined(separator: " ") + " ELSE kind END"
        let arrival = "CASE WHEN typeof(arrival) = 'integer' AND arrival < 0 THEN 'v' || (-arrival) "
            + arrivals.enumerated().map { "WHEN typeof(arrival) = 'integer' AND arrival = \($0.offset + 1) THEN '\($0.element)'" }
                .joined(separator: " ") + " ELSE arrival END"
        try db.execute("""
            UPDATE push_record SET kind = CASE substr(dfsjzj, 1, 3) WHEN 'XM:' THEN 'XMJBXX' WHEN 'BL:' THEN 'SPSXBL' WHEN 'PF:' THEN 'PFWJ' END
                WHERE kind = '';
            UPDATE push_record SET run_id = (SELECT c.run_id FROM audit_context c WHERE c.id = push_record.context) WHERE run_id = '';
            ALTER TABLE push_record DROP COLUMN context;
            DROP VIEW audit_trail;
            CREATE TABLE audit_old (
                id INTEGER PRIMARY KEY, at TEXT NOT NULL, run_id TEXT NOT NULL, actor TEXT NOT NULL, entity TEXT NOT NULL,
                entity_id TEXT NOT NULL, action TEXT NOT NULL, from_state TEXT, to_state TEXT, detail TEXT NOT NULL DEFAULT ''
            );
            INSERT INTO audit_old SELECT a.id, c.at, c.run_id, c.actor, a.entity, a.entity_id, a.action, a.from_state, a.to_state, a.detail
                FROM audit a JOIN audit_context c ON c.id = a.context ORDER BY a.id;
            DROP TABLE audit;
            DROP TABLE audit_context;
            ALTER TABLE audit_old RENAME TO audit;
            CREATE INDEX audit_entity_id ON audit(entity_id);
            CREATE TRIGGER audit_append_only_u BEFORE UPDATE ON audit BEGIN SELECT RAISE(ABORT, 'audit is append-only'); END;
            CREATE TRIGGER audit_append_only_d BEFORE DELETE ON audit BEGIN SELECT RAISE(ABORT, 'audit is append-only'); END;

            INSERT INTO project_data (xmdm, kind, \(dataColumns), extract_key, source_file_id)
                SELECT xmdm, 'approved', \(dataColumns), '', NULL FROM project_data
                WHERE kind = 'platform' AND xmdm IN (SELECT xmdm FROM project_approved_as_platform);
            INSERT INTO project_unit (xmdm, kind, position, name, code)
                SELECT xmdm, 'approved', position, name, code FROM project_unit
                WHERE kind = 'platform' AND xmdm IN (SELECT xmdm FROM project_approved_as_platform);
            DROP TABLE project_approved_as_platform;

            CREATE TABLE input_record_old (
                input_file_id INTEGER NOT NULL REFERENCES input_file(id), record INTEGER NOT NULL, kind TEXT NOT NULL,
                key TEXT NOT NULL, xmdm TEXT NOT NULL DEFAULT '', arrival TEXT NOT NULL DEFAULT '',
                PRIMARY KEY (input_file_id, kind, key)
            );
            INSERT INTO input_record_old SELECT input_file_id, record, \(kind), key, xmdm, \(arrival)
                FROM input_record ORDER BY input_file_id, record, kind, key;
            DROP TABLE input_record;
            ALTER TABLE input_record_old RENAME TO input_record;
            CREATE INDEX input_record_xmdm ON input_record(xmdm);
            DELETE FROM schema_migrations WHERE id IN (\(ids.map { "'\($0)'" }.joined(separator: ", ")));
            """)
    }

    @Test func aDatabaseFromBefore014IsConvertedWithEveryRowAndTheSameShowHistoryAndFileShow() throws {
        let ws = TempWorkspace("apx-compact-014")
        for night in 0...1 {
            CrashScenario.drop(night: night, into: ws)
            _ = APXProcess.run(["run", "--root", ws.root, "--as-of", CrashScenario.nights[night]])
        }
        let path = ws.path("db/approval.sqlite")
        let files = try Database(path: path).rows("SELECT name FROM input_file ORDER BY id").map { $0.text("name") }
        #expect(files.count >= 8)
        func shown() -> [String] {
            [CrashScenario.p1, CrashScenario.p2].flatMap { xmdm in
                ["show", "history"].flatMap { command in
                    [["--json"], []].map { APXProcess.run(["project", command, xmdm, "--root", ws.root] + $0).stdout }
                }
            } + files.map { APXProcess.run(["file", "show", $0, "--root", ws.root, "--json"]).stdout }
        }
        let shownBefore = shown()
        #expect(shownBefore.allSatisfy { $0.count > 100 }, "\(shownBefore)")
        let trail = try Database(path: path).rows("SELECT * FROM audit_trail ORDER BY id").map { $0.values.map { "\($0)" } }
        #expect(trail.count > 40)
        let marked = try Database(path: path).rows("SELECT xmdm FROM project_approved_as_platform ORDER BY xmdm").map { $0.text("xmdm") }
        #expect(!marked.isEmpty, "a project warehoused with the platform data keeps no second copy")

        try Self.makePre014(try Database(path: path))
        let old = try Database(path: path)
        #expect(try old.rows("PRAGMA table_info(audit)").map { $0.text("name") }.contains("run_id"))
        #expect(try old.rows("SELECT * FROM audit ORDER BY id").map { $0.values.map { "\($0)" } } == trail)
        #expect(try old.scalar("SELECT count(*) FROM project_data WHERE kind = 'approved'").int ?? 0 >= marked.count)
        #expect(try old.scalar("SELECT count(*) FROM input_record WHERE typeof(kind) = 'text' AND typeof(arrival) = 'text'").int
                == old.scalar("SELECT count(*) FROM input_record").int)
        let inputRecords = try old.scalar("SELECT count(*) FROM input_record").int
        let payloads = try old.rows("SELECT payload FROM push_record ORDER BY id").map { $0.text("payload") }
        #expect(!payloads.isEmpty && payloads.allSatisfy { !$0.utf8.contains(0x03) })
        let pushRuns = try old.rows("SELECT id, run_id, kind FROM push_record ORDER BY id").map { "\($0.text("id")) \($0.text("run_id")) \($0.text("kind"))" }
        #expect(!pushRuns.isEmpty && pushRuns.allSatisfy { !$0.hasSuffix(" ") })

        // Any command but `apx status` (which reports the schema behind) migrates.
        let migrating = APXProcess.run(["review", "list", "--root", ws.root])
        #expect(migrating.status == 0, "\(migrating.stderr)")
        let db = try Database(path: path)
        #expect(try db.rows("SELECT id FROM schema_migrations WHERE id IN (\(Self.ids.map { "'\($0)'" }.joined(separator: ", "))) ORDER BY id")
            .map { $0.text("id") } == Self.ids)
        #expect(try db.rows("SELECT * FROM audit_trail ORDER BY id").map { $0.values.map { "\($0)" } } == trail, "every audit row, as it read")
        #expect(try db.rows("PRAGMA table_info(audit)").allSatisfy { !["at", "run_id", "actor"].contains($0.text("name")) })
        #expect(try db.scalar("SELECT count(*) FROM audit_context").int ?? 0 < trail.count / 4, "one context per second, run and actor")
        #expect(try db.rows("SELECT xmdm FROM project_approved_as_platform ORDER BY xmdm").map { $0.text("xmdm") } == marked)
        #expect(try db.scalar("SELECT count(*) FROM input_record").int == inputRecords)
        #expect(try db.scalar("SELECT count(*) FROM input_record WHERE typeof(kind) <> 'integer'").int == 0)
        #expect(try db.scalar("SELECT sql FROM sqlite_schema WHERE name = 'input_record'").string?.contains("WITHOUT ROWID") == true)
        #expect(try db.rows("SELECT r.id, r.run_id, r.kind, r.dfsjzj FROM push_record r WHERE r.context = 0 ORDER BY r.id")
            .map { "\($0.text("id")) \($0.text("run_id")) \(["XM:": "XMJBXX", "BL:": "SPSXBL", "PF:": "PFWJ"][String($0.text("dfsjzj").prefix(3))] ?? "?")" }
            == pushRuns, "each push record queued before keeps its run and reads its kind")
        #expect(try db.scalar("SELECT count(*) FROM push_record WHERE kind <> ''").int == 0, "the kind is the key's")
        #expect(try db.rows("SELECT payload FROM push_record ORDER BY id").map { $0.text("payload") } == payloads,
                "payloads of before are read as they are")
        #expect(shown() == shownBefore)
        #expect(try db.integrityCheck() == ["ok"])

        // Night 2 changes p2's platform data (in the library): its approved data stays as it was.
        CrashScenario.drop(night: 2, into: ws)
        _ = APXProcess.run(["run", "--root", ws.root, "--as-of", CrashScenario.nights[2]])
        // What is queued now names its run by its context, its run_id text left empty.
        let queuedNow = try db.rows("""
            SELECT r.run_id, c.run_id AS context_run FROM push_record r JOIN audit_context c ON c.id = r.context
            """)
        #expect(queuedNow.allSatisfy { $0.text("run_id").isEmpty && !$0.text("context_run").isEmpty })
        let p2 = try JSONSerialization.jsonObject(with: Data(APXProcess.run(["project", "show", CrashScenario.p2, "--root", ws.root, "--json"]).stdout.utf8))
            as? [String: Any]
        #expect((p2?["approved"] as? [String: Any])?["XMMC"] as? String == "赣江大桥")
        #expect((p2?["platform"] as? [String: Any])?["XMMC"] as? String == "赣江大桥（调整）")
        #expect(try db.scalar("SELECT count(*) FROM project_approved_as_platform WHERE xmdm = ?", CrashScenario.p2).int == 0)
        #expect(try db.scalar("SELECT xmmc FROM project_data WHERE xmdm = ? AND kind = 'approved'", CrashScenario.p2).string == "赣江大桥")
    }
}
