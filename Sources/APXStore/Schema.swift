import SQLiteDB

/// The approval database's schema, as migrations by id. Never edit an applied
/// migration: add the next one.
public enum Schema {
    public static var migrator: Migrator {
        var m = Migrator()
        m.register("001-core", sql: """
        CREATE TABLE run (
            id TEXT PRIMARY KEY,
            as_of TEXT NOT NULL,
            command TEXT NOT NULL,
            started_at TEXT NOT NULL,
            finished_at TEXT,
            exit_code INTEGER,
            summary TEXT
        );

        -- Every claimed input file, once per claim. `destination` is where it goes after
        -- the commit; `moved` turns 1 when it is there (a crash in between is finished
        -- by the next run's recovery).
        CREATE TABLE input_file (
            id INTEGER PRIMARY KEY,
            run_id TEXT NOT NULL,
            source TEXT NOT NULL,
            name TEXT NOT NULL,
            sha256 TEXT NOT NULL,
            size INTEGER NOT NULL,
            outcome TEXT NOT NULL CHECK (outcome IN ('PROCESSED','DUPLICATE','QUARANTINED')),
            reason TEXT,
            message TEXT,
            line INTEGER,
            record INTEGER,
            field TEXT,
            records_read INTEGER NOT NULL DEFAULT 0,
            records_rejected INTEGER NOT NULL DEFAULT 0,
            destination TEXT NOT NULL UNIQUE,
            moved INTEGER NOT NULL DEFAULT 0,
            claimed_at TEXT NOT NULL
        );
        CREATE INDEX input_file_sha ON input_file(sha256, outcome);
        CREATE INDEX input_file_pending_move ON input_file(moved) WHERE moved = 0;

        CREATE TABLE reject (
            id INTEGER PRIMARY KEY,
            input_file_id INTEGER NOT NULL REFERENCES input_file(id),
            record INTEGER NOT NULL,
            line INTEGER,
            field TEXT NOT NULL,
            code TEXT NOT NULL,
            message TEXT NOT NULL,
            raw TEXT NOT NULL
        );
        CREATE INDEX reject_file ON reject(input_file_id);

        CREATE TABLE project (
            xmdm TEXT PRIMARY KEY,
            state TEXT NOT NULL,
            splclx INTEGER,
            first_seen TEXT NOT NULL,
            warehoused_on TEXT,
            updated_at TEXT NOT NULL
        );

        -- Project data in two versions: 'platform' = the latest extract; 'approved' = what
        -- the approval system holds and pushes (set when warehoused, changed only by people).
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
        CREATE TABLE project_unit (
            xmdm TEXT NOT NULL,
            kind TEXT NOT NULL,
            position INTEGER NOT NULL,
            name TEXT NOT NULL,
            code TEXT NOT NULL,
            PRIMARY KEY (xmdm, kind, position)
        );

        CREATE TABLE warehousing_request (
            qqbh TEXT PRIMARY KEY,
            xmdm TEXT NOT NULL,
            xmmc TEXT NOT NULL, xzqhdm TEXT NOT NULL, ztze TEXT NOT NULL,
            sqdwdm TEXT NOT NULL, sqdwmc TEXT NOT NULL, splclx INTEGER NOT NULL, sqsj TEXT NOT NULL,
            state TEXT NOT NULL,
            reasons TEXT NOT NULL DEFAULT '',
            received_on TEXT NOT NULL,
            input_file_id INTEGER NOT NULL,
            updated_at TEXT NOT NULL
        );
        CREATE INDEX warehousing_request_state ON warehousing_request(state);

        CREATE TABLE review_item (
            id INTEGER PRIMARY KEY,
            kind TEXT NOT NULL CHECK (kind IN ('REVIEW','MIGRATION')),
            subject_type TEXT NOT NULL,
            subject_id TEXT NOT NULL,
            xmdm TEXT NOT NULL,
            gcdm TEXT NOT NULL DEFAULT '',
            reasons TEXT NOT NULL,
            state TEXT NOT NULL CHECK (state IN ('OPEN','ACCEPTED','REJECTED','CLOSED')),
            created_at TEXT NOT NULL,
            created_on TEXT NOT NULL,
            run_id TEXT NOT NULL,
            decided_by TEXT,
            decided_at TEXT,
            note TEXT,
            changes TEXT
        );
        CREATE INDEX review_item_state ON review_item(state);
        CREATE INDEX review_item_subject ON review_item(subject_type, subject_id);
        CREATE TABLE review_field (
            review_id INTEGER NOT NULL REFERENCES review_item(id),
            position INTEGER NOT NULL,
            field TEXT NOT NULL,
            ours TEXT NOT NULL,
            theirs TEXT NOT NULL,
            similarity REAL,
            PRIMARY KEY (review_id, position)
        );
        -- Decisions are facts: never updated or deleted.
        CREATE TRIGGER review_item_decided_is_final BEFORE UPDATE ON review_item
            WHEN OLD.state IN ('ACCEPTED','REJECTED') BEGIN
            SELECT RAISE(ABORT, 'a decided review item is final');
        END;
        CREATE TRIGGER review_item_never_deleted BEFORE DELETE ON review_item BEGIN
            SELECT RAISE(ABORT, 'review items are never deleted');
        END;

        -- Append-only audit trail of every state change.
        CREATE TABLE audit (
            id INTEGER PRIMARY KEY,
            at TEXT NOT NULL,
            run_id TEXT NOT NULL,
            actor TEXT NOT NULL,
            entity TEXT NOT NULL,
            entity_id TEXT NOT NULL,
            action TEXT NOT NULL,
            from_state TEXT,
            to_state TEXT,
            detail TEXT NOT NULL DEFAULT ''
        );
        CREATE INDEX audit_entity ON audit(entity, entity_id);
        CREATE TRIGGER audit_append_only_u BEFORE UPDATE ON audit BEGIN SELECT RAISE(ABORT, 'audit is append-only'); END;
        CREATE TRIGGER audit_append_only_d BEFORE DELETE ON audit BEGIN SELECT RAISE(ABORT, 'audit is append-only'); END;

        -- Outbox: records to push, queued in the same transaction as the state they
        -- reflect; `file_id` is set when a push file is planned for them.
        CREATE TABLE push_record (
            id INTEGER PRIMARY KEY,
            target TEXT NOT NULL,
            kind TEXT NOT NULL,
            dfsjzj TEXT NOT NULL,
            version INTEGER NOT NULL,
            valid INTEGER NOT NULL,
            invalid_reason TEXT NOT NULL DEFAULT '',
            payload TEXT NOT NULL,
            group_id INTEGER NOT NULL,
            run_id TEXT NOT NULL,
            file_id INTEGER,
            position INTEGER,
            UNIQUE (target, dfsjzj, version, valid)
        );
        CREATE INDEX push_record_unplanned ON push_record(target, file_id) WHERE file_id IS NULL;

        -- A planned push file: its bytes are fixed at planning (same transaction that
        -- takes the batch number), published afterwards; a crash re-publishes from here.
        CREATE TABLE outbox_file (
            id INTEGER PRIMARY KEY,
            target TEXT NOT NULL,
            name TEXT NOT NULL UNIQUE,
            batch INTEGER NOT NULL,
            record_count INTEGER NOT NULL,
            sha256 TEXT NOT NULL,
            content BLOB,
            state TEXT NOT NULL CHECK (state IN ('PLANNED','PUBLISHED')),
            run_id TEXT NOT NULL,
            planned_at TEXT NOT NULL,
            published_at TEXT,
            UNIQUE (target, batch)
        );

        CREATE TABLE counter (name TEXT PRIMARY KEY, value INTEGER NOT NULL);
        """)
        m.register("002-request-by-project", sql: """
        CREATE INDEX warehousing_request_xmdm ON warehousing_request(xmdm);
        CREATE INDEX review_item_xmdm ON review_item(xmdm);
        CREATE INDEX push_record_file ON push_record(file_id, position);
        """)
        m.register("003-results", sql: """
        CREATE TABLE subproject (
            gcdm TEXT PRIMARY KEY,
            xmdm TEXT NOT NULL REFERENCES project(xmdm),
            name TEXT NOT NULL,
            state TEXT NOT NULL CHECK (state IN ('ACTIVE','RECYCLED')),
            created_at TEXT NOT NULL,
            created_by TEXT NOT NULL
        );
        CREATE INDEX subproject_xmdm ON subproject(xmdm);

        -- Results (成果), one row per version of (sxbm, number).
        CREATE TABLE result (
            id INTEGER PRIMARY KEY,
            sxbm TEXT NOT NULL,
            number TEXT NOT NULL,
            version INTEGER NOT NULL,
            xmdm TEXT NOT NULL,
            gcdm TEXT NOT NULL,
            state TEXT NOT NULL,
            reasons TEXT NOT NULL DEFAULT '',
            missing TEXT NOT NULL DEFAULT '',
            cleared TEXT NOT NULL DEFAULT '',
            key TEXT NOT NULL,
            record TEXT NOT NULL,
            source TEXT NOT NULL,
            input_file_id INTEGER NOT NULL,
            received_on TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            UNIQUE (sxbm, number, version)
        );
        CREATE INDEX result_state ON result(state);
        CREATE INDEX result_item ON result(xmdm, sxbm, state);

        -- Acceptances with a promised time limit (sgt SL, or the SL data of a BJ file).
        CREATE TABLE application (
            slbh TEXT PRIMARY KEY,
            sxbm TEXT NOT NULL,
            xmdm TEXT NOT NULL,
            gcdm TEXT NOT NULL,
            accepted_at TEXT NOT NULL,
            promised_days INTEGER,
            waived INTEGER NOT NULL DEFAULT 0,
            handler TEXT NOT NULL DEFAULT '',
            state TEXT NOT NULL CHECK (state IN ('ACCEPTED','FINISHED','FAILED')),
            finished_at TEXT,
            pushed_state TEXT NOT NULL DEFAULT '',
            input_file_id INTEGER NOT NULL,
            received_on TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
        CREATE INDEX application_state ON application(state);

        -- Files that travel with an input file (sgt attachments): moved with it.
        CREATE TABLE input_companion (
            input_file_id INTEGER NOT NULL REFERENCES input_file(id),
            name TEXT NOT NULL,
            destination TEXT NOT NULL UNIQUE,
            PRIMARY KEY (input_file_id, name)
        );
        """)
        m.register("004-closing-the-loop", sql: """
        ALTER TABLE push_record ADD COLUMN receipt_state TEXT;
        ALTER TABLE push_record ADD COLUMN receipt_reason TEXT;
        ALTER TABLE push_record ADD COLUMN receipt_at TEXT;

        -- Notices: one row per (type, subject), so a notice can only ever be created once.
        CREATE TABLE notice (
            id INTEGER PRIMARY KEY,
            tzbh TEXT NOT NULL UNIQUE,
            lx TEXT NOT NULL,
            subject TEXT NOT NULL,
            xmdm TEXT NOT NULL DEFAULT '',
            gcdm TEXT NOT NULL DEFAULT '',
            dwtyshxydm TEXT NOT NULL DEFAULT '',
            dwmc TEXT NOT NULL DEFAULT '',
            sxbm TEXT NOT NULL DEFAULT '',
            nr TEXT NOT NULL,
            sj TEXT NOT NULL,
            run_id TEXT NOT NULL,
            file_id INTEGER,
            position INTEGER,
            UNIQUE (lx, subject)
        );
        CREATE INDEX notice_unplanned ON notice(file_id) WHERE file_id IS NULL;

        CREATE TABLE end_request (
            qqbh TEXT PRIMARY KEY,
            xmdm TEXT NOT NULL,
            sqdwdm TEXT NOT NULL,
            sqsj TEXT NOT NULL,
            state TEXT NOT NULL,
            reasons TEXT NOT NULL DEFAULT '',
            received_on TEXT NOT NULL,
            input_file_id INTEGER NOT NULL,
            updated_at TEXT NOT NULL
        );
        CREATE INDEX end_request_state ON end_request(state);

        -- A project being ended: its archive-delivery deadline and packages.
        CREATE TABLE project_end (
            xmdm TEXT PRIMARY KEY REFERENCES project(xmdm),
            qqbh TEXT NOT NULL,
            requested_on TEXT NOT NULL,
            deadline TEXT NOT NULL,
            ended_on TEXT
        );
        CREATE TABLE archive_package (
            id INTEGER PRIMARY KEY,
            xmdm TEXT NOT NULL,
            name TEXT NOT NULL UNIQUE,
            outbox_file_id INTEGER NOT NULL,
            state TEXT NOT NULL CHECK (state IN ('PUSHED','ACCEPTED','REJECTED')),
            reason TEXT NOT NULL DEFAULT '',
            created_on TEXT NOT NULL
        );
        CREATE INDEX archive_package_xmdm ON archive_package(xmdm);

        -- Items timed in working days: open from acceptance, finished with a result or a failure.
        CREATE TABLE timed_item (
            key TEXT PRIMARY KEY,
            sxbm TEXT NOT NULL,
            xmdm TEXT NOT NULL,
            gcdm TEXT NOT NULL,
            handler TEXT NOT NULL DEFAULT '',
            accepted_on TEXT NOT NULL,
            promised_days INTEGER NOT NULL,
            deadline TEXT NOT NULL,
            state TEXT NOT NULL CHECK (state IN ('OPEN','FINISHED')),
            finished_on TEXT,
            used_days INTEGER,
            on_time INTEGER
        );
        CREATE INDEX timed_item_open ON timed_item(state);
        """)
        m.register("005-reprocess", sql: """
        ALTER TABLE input_file ADD COLUMN requeued_at TEXT;
        """)
        m.register("006-quarantine-settling", sql: """
        -- A quarantine entry is settled (out of the backlog, kept on disk) when a file of the
        -- same source and name is processed: the run and the input file that settled it.
        ALTER TABLE input_file ADD COLUMN settled_at TEXT;
        ALTER TABLE input_file ADD COLUMN settled_run TEXT;
        ALTER TABLE input_file ADD COLUMN settled_by INTEGER REFERENCES input_file(id);
        -- A delivery of bytes already in the quarantine backlog: the entry it repeats.
        ALTER TABLE input_file ADD COLUMN duplicate_of INTEGER REFERENCES input_file(id);
        CREATE INDEX input_file_quarantine_open ON input_file(source, name)
            WHERE outcome = 'QUARANTINED' AND settled_at IS NULL;
        """)
        m.register("006-workspace-identity", sql: """
        -- Which workspace this database belongs to (its id is also in <root>/.apx-workspace).
        CREATE TABLE workspace_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
        """)
        m.register("006-requeue-intent", sql: """
        -- 1 from the commit that decides to put a quarantined file back until it, its marker and
        -- companions are in the inbox (a killed run's recovery finishes the moves).
        ALTER TABLE input_file ADD COLUMN requeue_pending INTEGER NOT NULL DEFAULT 0;
        """)
        m.register("006-receipt-conflicts", sql: """
        -- Receipts that contradicted an earlier receipt for the same record (applied, warned about).
        CREATE TABLE receipt_conflict (
            id INTEGER PRIMARY KEY,
            run_id TEXT NOT NULL,
            file TEXT NOT NULL,
            dfsjzj TEXT NOT NULL,
            version INTEGER NOT NULL,
            earlier_state TEXT NOT NULL,
            earlier_reason TEXT NOT NULL,
            earlier_at TEXT NOT NULL,
            later_state TEXT NOT NULL,
            later_reason TEXT NOT NULL,
            at TEXT NOT NULL
        );
        CREATE INDEX receipt_conflict_run ON receipt_conflict(run_id);
        """)
        m.register("011-open-results-by-item", sql: """
        -- Open results item by item (evaluation in prerequisite order); small once evaluated.
        CREATE INDEX result_open ON result(sxbm, id) WHERE state IN ('NEW','PENDING');
        """)
        m.register("012-daily-duties", sql: """
        -- The local dates whose day's duties (deadline notices, reminders, credit records) ran;
        -- written in the transaction of those notices, so a date's duties run once.
        CREATE TABLE daily_duty (
            day TEXT PRIMARY KEY,
            run_id TEXT NOT NULL,
            done_at TEXT NOT NULL
        );
        """)
        m.register("006-input-record", sql: InputRecords.migration)
        m.register("013-open-work-in-order", sql: OpenWorkIndexes.migration)
        m.register("013-result-without-key-text", sql: CompactStorage.resultWithoutKeyText)
        m.register("013-without-rowid-tables", sql: CompactStorage.withoutRowidTables)
        m.register("013-result-record-compact", sql: CompactStorage.resultRecordCompact)
        m.register("013-push-payload-tags", sql: PushPayloadCodec.migration)
        m.register("013-audit-by-entity-id", sql: CompactStorage.auditByEntityID)
        m.registerOutsideTransaction("013-incremental-vacuum", sql: CompactStorage.incrementalVacuum)
        m.register("014-result-pending-index", sql: PendingIndexes.migration)
        m.register("014-request-pending-index", sql: PendingIndexes.requestMigration)
        m.register("014-result-item-without-state", sql: PendingIndexes.resultItemMigration)
        m.register("014-audit-context", sql: AuditContextSchema.migration)
        m.register("014-approved-as-platform", sql: ApprovedAsPlatform.migration)
        m.register("014-input-record-compact", sql: InputRecordCodes.migration)
        m.register("014-push-record-context", sql: PushRecordContext.migration)
        m.register("014-push-record-kind", sql: PushKindColumn.migration)
        m.register("014-push-payload-repeat", sql: PushPayloadCodec.repeatMigration)
        m.register("015-push-record-group-order", sql: PushGroupOrder.migration)
        m.register("016-outbox-content-encoding", sql: OutboxContentSchema.migration)
        m.register("017-outbox-file-unreceipted", sql: UnreceiptedCounts.migration)
        m.register("018-result-open-id-dropped", sql: OpenWorkIndexes.openByIDDropped)
        m.register("019-input-record-by-record", sql: InputRecordKey.migration)
        return m
    }
}
