/// How `input_record` is keyed since migration 019-input-record-by-record: by
/// (file, record, kind, key) WITHOUT ROWID. A file's notes are made in record order, so each
/// note is an append at the end of the table's b-tree instead of an insert among the file's
/// keys. Every record a file carried has its note, a record that repeats an earlier record's
/// key included (it used to be dropped); a record noted again (its file read again) keeps its
/// first note.
enum InputRecordKey {
    static let migration = """
        -- Copied aside and back (no ALTER TABLE RENAME: it re-checks the whole schema).
        CREATE TABLE input_record_migrating AS SELECT * FROM input_record;
        DROP TABLE input_record;
        CREATE TABLE input_record (
            input_file_id INTEGER NOT NULL REFERENCES input_file(id),
            record INTEGER NOT NULL,
            kind NOT NULL,
            key TEXT NOT NULL,
            xmdm TEXT NOT NULL DEFAULT '',
            arrival NOT NULL DEFAULT '',
            PRIMARY KEY (input_file_id, record, kind, key)
        ) WITHOUT ROWID;
        INSERT INTO input_record (input_file_id, record, kind, key, xmdm, arrival)
            SELECT input_file_id, record, kind, key, xmdm, arrival FROM input_record_migrating
            ORDER BY input_file_id, record, kind, key;
        DROP TABLE input_record_migrating;
        CREATE INDEX input_record_xmdm ON input_record(xmdm);
        """
}
