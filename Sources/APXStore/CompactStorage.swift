import SQLiteDB

/// Migrations that make the database smaller per input record (issue 11) without changing
/// what any query returns.
enum CompactStorage {
    /// The result row's `key` text (its key information, ~290 B) was written and never read:
    /// "the same key again is a no-op" compares the key of the stored record itself.
    static let resultWithoutKeyText = """
        ALTER TABLE result DROP COLUMN key;
        """

    /// Tables whose primary key is their only lookup, stored in that key's B-tree
    /// (WITHOUT ROWID): the separate autoindex copy of every key is gone. Nothing reads their
    /// rowid; no other table references them. (Not `input_record`: its xmdm index would
    /// then carry the whole primary key instead of a rowid — no smaller.)
    static let withoutRowidTables = """
        CREATE TABLE project_data_new (
            xmdm TEXT NOT NULL REFERENCES project(xmdm),
            kind TEXT NOT NULL CHECK (kind IN ('platform','approved')),
            xmmc TEXT NOT NULL, lxlx TEXT NOT NULL, tzptlx TEXT NOT NULL, gbhy TEXT NOT NULL,
            xzqhdm TEXT NOT NULL, jsdd TEXT NOT NULL, ztze TEXT NOT NULL, jsgmjnr TEXT NOT NULL,
            nkgsj TEXT NOT NULL, njcsj TEXT NOT NULL, lxsj TEXT NOT NULL,
            extract_key TEXT NOT NULL DEFAULT '',
            source_file_id INTEGER,
            PRIMARY KEY (xmdm, kind)
        ) WITHOUT ROWID;
        INSERT INTO project_data_new SELECT xmdm, kind, xmmc, lxlx, tzptlx, gbhy, xzqhdm, jsdd, ztze, jsgmjnr, nkgsj, njcsj,
            lxsj, extract_key, source_file_id FROM project_data;
        DROP TABLE project_data;
        ALTER TABLE project_data_new RENAME TO project_data;

        CREATE TABLE project_unit_new (
            xmdm TEXT NOT NULL,
            kind TEXT NOT NULL,
            position INTEGER NOT NULL,
            name TEXT NOT NULL,
            code TEXT NOT NULL,
            PRIMARY KEY (xmdm, kind, position)
        ) WITHOUT ROWID;
        INSERT INTO project_unit_new SELECT xmdm, kind, position, name, code FROM project_unit;
        DROP TABLE project_unit;
        ALTER TABLE project_unit_new RENAME TO project_unit;
        """

    /// Result records in the compact form (`ResultCodec.encodeCompact`): the identity the
    /// row's columns hold left out (only where the record agrees with them), then, in those
    /// records, empty values. A record not converted keeps the full form, read as before.
    static let resultRecordCompact: String = {
        let identity = """
            UPDATE result SET record = json_remove(record, '$.gcdm', '$.number', '$.sxbm', '$.xmdm')
            WHERE json_valid(record) AND json_extract(record, '$.sxbm') IS sxbm AND json_extract(record, '$.number') IS number
              AND json_extract(record, '$.xmdm') IS xmdm AND json_extract(record, '$.gcdm') IS gcdm;
            """
        // Frozen with this migration (not read from the codec): the fields of a 013 record and
        // what each holds when empty.
        let empties = ["acceptedAt", "application", "finishedAt", "issued", "issuer", "jsdwdm", "jsdwmc", "title",
                       "validUntil", "xmmc"].map { ($0, "''") } + [("attributes", "'{}'"), ("fields", "'{}'"), ("documents", "'[]'")]
        return identity + "\n" + empties.map { field, empty in
            "UPDATE result SET record = json_remove(record, '$.\(field)') WHERE json_extract(record, '$.sxbm') IS NULL AND json_extract(record, '$.\(field)') = \(empty);"
        }.joined(separator: "\n") + "\n"
    }()

    /// The audit trail is looked up by the id of what it is about (an XMDM, `SXBM:number`, a
    /// QQBH, a file name…), every lookup also naming the entity: an index on the id alone
    /// finds the same few rows without a copy of the entity word per row.
    static let auditByEntityID = """
        DROP INDEX audit_entity;
        CREATE INDEX audit_entity_id ON audit(entity_id);
        """

    /// Pages freed during a run (a published file's content, kept until it is out) go back to
    /// the file system at the end of the run (`Store.releaseFreePages`) instead of staying in
    /// the free list. Auto-vacuum can only be switched by rewriting the file once (VACUUM).
    static let incrementalVacuum = """
        PRAGMA auto_vacuum = INCREMENTAL;
        VACUUM;
        """
}

extension Store {
    /// Gives the free pages back to the file system (cheap when there are none).
    public func releaseFreePages() throws {
        try db.execute("PRAGMA incremental_vacuum")
    }
}
