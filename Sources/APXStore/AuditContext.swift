import SQLiteDB

/// When, in which run and by whom audit rows were written, stored once per (second, run,
/// actor) in `audit_context` and referenced by id from each `audit` row (instead of ~50 bytes
/// of text per row). `audit_trail` is the audit as it reads with the three columns joined.
enum AuditContextSchema {
    static let migration = """
        CREATE TABLE audit_context (
            id INTEGER PRIMARY KEY,
            at TEXT NOT NULL,
            run_id TEXT NOT NULL,
            actor TEXT NOT NULL
        );
        INSERT INTO audit_context (at, run_id, actor)
            SELECT at, run_id, actor FROM audit GROUP BY at, run_id, actor ORDER BY min(id);
        CREATE INDEX audit_context_migrating ON audit_context(at, run_id, actor);
        -- Copied aside and back (no ALTER TABLE RENAME: it re-checks the whole schema).
        CREATE TABLE audit_migrating AS
            SELECT a.id AS id, c.id AS context, a.entity AS entity, a.entity_id AS entity_id, a.action AS action,
                   a.from_state AS from_state, a.to_state AS to_state, a.detail AS detail
            FROM audit a JOIN audit_context c ON c.at = a.at AND c.run_id = a.run_id AND c.actor = a.actor;
        DROP TABLE audit;
        DROP INDEX audit_context_migrating;
        CREATE TABLE audit (
            id INTEGER PRIMARY KEY,
            context INTEGER NOT NULL,
            entity TEXT NOT NULL,
            entity_id TEXT NOT NULL,
            action TEXT NOT NULL,
            from_state TEXT,
            to_state TEXT,
            detail TEXT NOT NULL DEFAULT ''
        );
        INSERT INTO audit (id, context, entity, entity_id, action, from_state, to_state, detail)
            SELECT id, context, entity, entity_id, action, from_state, to_state, detail FROM audit_migrating ORDER BY id;
        DROP TABLE audit_migrating;
        CREATE INDEX audit_entity_id ON audit(entity_id);
        CREATE TRIGGER audit_append_only_u BEFORE UPDATE ON audit BEGIN SELECT RAISE(ABORT, 'audit is append-only'); END;
        CREATE TRIGGER audit_append_only_d BEFORE DELETE ON audit BEGIN SELECT RAISE(ABORT, 'audit is append-only'); END;
        CREATE TRIGGER audit_context_append_only_u BEFORE UPDATE ON audit_context BEGIN SELECT RAISE(ABORT, 'audit is append-only'); END;
        CREATE TRIGGER audit_context_append_only_d BEFORE DELETE ON audit_context BEGIN SELECT RAISE(ABORT, 'audit is append-only'); END;
        -- The audit trail as it reads: every row with its time, run and actor.
        CREATE VIEW audit_trail AS
            SELECT a.id AS id, c.at AS at, c.run_id AS run_id, c.actor AS actor, a.entity AS entity, a.entity_id AS entity_id,
                   a.action AS action, a.from_state AS from_state, a.to_state AS to_state, a.detail AS detail
            FROM audit a JOIN audit_context c ON c.id = a.context;
        """
}

/// A push record names the run that queued it by the same context row (`push_record.context`:
/// run, actor and second), its `run_id` text left empty. Records queued before 014 keep their
/// `run_id` text and context 0 (their time and actor were not recorded).
enum PushRecordContext {
    static let migration = """
        ALTER TABLE push_record ADD COLUMN context INTEGER NOT NULL DEFAULT 0;
        """
}

/// The context row the store's audit rows refer to now: one INSERT per second (the clock's
/// text changes), per run and per actor. A row written in a transaction that rolls back is
/// gone, so the id is forgotten on every rollback (`TransactionLedger.discard`) and checked
/// once per transaction before it is used again.
final class AuditContexts {
    private var current: (id: Int, at: String, run: String, actor: String, serial: Int)?

    func id(at: String, run: String, actor: String, db: Database) throws -> Int {
        if var c = current, c.at == at, c.run == run, c.actor == actor {
            if c.serial == db.transactionSerial { return c.id }
            if try db.row("SELECT 1 FROM audit_context WHERE id = ?", c.id) != nil {
                c.serial = db.transactionSerial
                current = c
                return c.id
            }
        }
        try db.run("INSERT INTO audit_context (at, run_id, actor) VALUES (?, ?, ?)", at, run, actor)
        let id = Int(db.lastInsertRowID)
        current = (id, at, run, actor, db.transactionSerial)
        return id
    }

    func forget() { current = nil }
}
