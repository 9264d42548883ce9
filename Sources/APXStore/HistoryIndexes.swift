import SQLiteDB

/// The two lookups only a history needs — audit rows by the id of what they are about, input
/// records by project — kept in tables of their own and brought up to date by batch
/// (`Store.indexHistory`: sorted, at the end of every run) instead of by one random index insert
/// per row as it is written (docs/performance.md, round 14). What is not indexed yet is read
/// from the rows themselves: audit rows after `history_indexed.audit_id` (the audit is
/// append-only, its ids only grow), input records of the files in `input_file_unindexed`
/// (marked in the transaction that writes their notes; a file read again is marked again). So
/// every lookup sees every row, indexed or not, and an index behind by a killed run is only
/// slower to read until the next run catches it up.
enum HistoryIndexes {
    static let migration = """
        DROP INDEX audit_entity_id;
        CREATE TABLE audit_by_entity (
            entity_id TEXT NOT NULL,
            audit_id INTEGER NOT NULL,
            PRIMARY KEY (entity_id, audit_id)
        ) WITHOUT ROWID;
        INSERT INTO audit_by_entity (entity_id, audit_id) SELECT entity_id, id FROM audit ORDER BY entity_id, id;
        -- The last audit id in audit_by_entity (one row).
        CREATE TABLE history_indexed (
            one INTEGER PRIMARY KEY CHECK (one = 1),
            audit_id INTEGER NOT NULL
        );
        INSERT INTO history_indexed (one, audit_id) SELECT 1, COALESCE(max(id), 0) FROM audit;
        DROP INDEX input_record_xmdm;
        CREATE TABLE input_record_by_project (
            xmdm TEXT NOT NULL,
            input_file_id INTEGER NOT NULL,
            kind NOT NULL,
            key TEXT NOT NULL,
            PRIMARY KEY (xmdm, input_file_id, kind, key)
        ) WITHOUT ROWID;
        INSERT INTO input_record_by_project (xmdm, input_file_id, kind, key)
            SELECT xmdm, input_file_id, kind, key FROM input_record ORDER BY xmdm, input_file_id, kind, key;
        -- Files whose input records are not all in input_record_by_project yet.
        CREATE TABLE input_file_unindexed (input_file_id INTEGER PRIMARY KEY);
        """

    /// The ids of the audit rows whose `entity_id` is in `ids` (a subquery's text), indexed or not.
    static func auditRows(entityIDIn ids: String) -> String {
        """
        SELECT audit_id FROM audit_by_entity WHERE entity_id IN (\(ids))
        UNION ALL SELECT id FROM audit WHERE id > (SELECT audit_id FROM history_indexed) AND entity_id IN (\(ids))
        """
    }

    /// The (input_file_id, kind, key) of the input records naming project `?1`, indexed or not.
    static let inputRecordsOfProject = """
        SELECT input_file_id, kind, key FROM input_record_by_project WHERE xmdm = ?1
        UNION SELECT r.input_file_id, r.kind, r.key
              FROM input_file_unindexed u JOIN input_record r ON r.input_file_id = u.input_file_id WHERE r.xmdm = ?1
        """
}

extension Store {
    /// Brings the history lookups up to date with every row written so far, in the caller's
    /// transaction or in one of its own: the new audit rows and the marked files' input records,
    /// each in key order (an append or an ordered merge, not a random insert per row).
    /// Idempotent; returns how many audit rows and files it indexed.
    @discardableResult
    public func indexHistory() throws -> (auditRows: Int, files: Int) {
        try transaction {
            let audit = try indexAuditTrail()
            let files = try db.mapRows("SELECT input_file_id FROM input_file_unindexed ORDER BY input_file_id", row: { $0.int(0) ?? 0 })
            for file in files {
                // A file at a time: one sort holds one file's records (memory stays flat).
                try db.run("""
                    INSERT OR IGNORE INTO input_record_by_project (xmdm, input_file_id, kind, key)
                    SELECT xmdm, input_file_id, kind, key FROM input_record WHERE input_file_id = ?
                    ORDER BY xmdm, input_file_id, kind, key
                    """, file)
            }
            if !files.isEmpty { try db.run("DELETE FROM input_file_unindexed") }
            return (audit, files.count)
        }
    }

    /// Audit rows sorted and indexed per statement: the sort (in memory, `temp_store`) of
    /// ~60 B a row stays below ~16 MB however long the night was.
    static let auditRowsIndexedPerStatement = 262_144

    /// The audit half of `indexHistory` (in the open transaction): the rows held for it are
    /// written first, so they are indexed too.
    func indexAuditTrail(perStatement: Int = auditRowsIndexedPerStatement) throws -> Int {
        try writeHeldRows()
        let from = try db.scalar("SELECT audit_id FROM history_indexed").int ?? 0
        let upTo = try db.scalar("SELECT COALESCE(max(id), 0) FROM audit").int ?? 0
        guard upTo > from else { return 0 }
        for start in stride(from: from, to: upTo, by: perStatement) {
            try db.run("""
                INSERT OR IGNORE INTO audit_by_entity (entity_id, audit_id)
                SELECT entity_id, id FROM audit WHERE id > ? AND id <= ? ORDER BY entity_id, id
                """, start, min(start + perStatement, upTo))
        }
        try db.run("UPDATE history_indexed SET audit_id = ?", upTo)
        return upTo - from
    }

    /// Marks file `fileID`'s input records as not all indexed (after writing some of them).
    func markInputRecordsUnindexed(_ fileID: Int) throws {
        try db.run("INSERT OR IGNORE INTO input_file_unindexed (input_file_id) VALUES (?)", fileID)
    }
}
