import APXCore
import SQLiteDB

/// What kind of record an input file carried (the story of a project and of a file).
public enum InputRecordKind: String, Sendable, CaseIterable {
    /// A project of a platform extract (tzxm); key = XMDM.
    case project
    /// A warehousing request (rkqq); key = QQBH.
    case request
    /// A result (sgt BJ, dtjg, manual); key = `SXBM:number`.
    case result
    /// An acceptance with a promised time limit (sgt SL/BJ); key = SLBH.
    case acceptance
    /// An end request (jsqq); key = QQBH.
    case endRequest = "end_request"
    /// A receipt line for a pushed record (gov-receipt); key = `dfsjzj:vN`.
    case receipt
    /// An archive receipt (archive-receipt); key = the package name.
    case archiveReceipt = "archive_receipt"
}

/// One record an input file carried, with what its arrival did (e.g. `created`,
/// `unchanged`, `v2`), recorded in the file's transaction (rolled back with it).
public struct InputRecordRow: Sendable {
    public let fileID: Int
    public let record: Int
    public let kind: InputRecordKind
    public let key: String
    public let xmdm: String
    public let arrival: String
}

extension InputRecords {
    static let migration = """
        -- Which input file carried which record: a record's row in its own table keeps only
        -- the latest file (or none: a platform project resent unchanged, a receipt line).
        CREATE TABLE input_record (
            input_file_id INTEGER NOT NULL REFERENCES input_file(id),
            record INTEGER NOT NULL,
            kind TEXT NOT NULL,
            key TEXT NOT NULL,
            xmdm TEXT NOT NULL DEFAULT '',
            arrival TEXT NOT NULL DEFAULT '',
            PRIMARY KEY (input_file_id, kind, key)
        );
        CREATE INDEX input_record_xmdm ON input_record(xmdm);
        -- Where a file's ingestion starts in the audit trail (the last audit id before it),
        -- so that a history places the file among the state changes it caused.
        CREATE TABLE input_mark (
            input_file_id INTEGER PRIMARY KEY REFERENCES input_file(id),
            audit_id INTEGER NOT NULL
        );
        """
}

/// Namespace of the input-record migration.
public enum InputRecords {}

extension Store {
    /// Notes that file `fileID` carried record number `record` (reading the file again keeps
    /// the first note: what its first arrival did). Written at once, not held: a file's notes
    /// are many and land in scattered pages, and a held batch's multi-row INSERT inside the
    /// file's savepoint journals every page it touches in memory (at 100k: peak RSS 139 → 222 MB,
    /// the ingest slower; docs/performance.md round 6).
    public func noteInputRecord(fileID: Int, record: Int, kind: InputRecordKind, key: String, xmdm: String,
                                arrival: String) throws {
        try db.run("""
            INSERT OR IGNORE INTO input_record (input_file_id, record, kind, key, xmdm, arrival) VALUES (?, ?, ?, ?, ?, ?)
            """, fileID, record, InputRecordCodes.code(kind), key, xmdm, InputRecordCodes.stored(arrival: arrival))
    }

    /// Marks where file `fileID`'s ingestion starts in the audit trail (its first reading).
    public func markIngestStart(fileID: Int) throws {
        try writeHeldRows()
        try db.run("INSERT OR IGNORE INTO input_mark (input_file_id, audit_id) SELECT ?, COALESCE(max(id), 0) FROM audit", fileID)
    }

    public func inputRecords(fileID: Int) throws -> [InputRecordRow] {
        try db.rows("SELECT * FROM input_record WHERE input_file_id = ? ORDER BY record, kind, key", fileID).map(inputRecordRow)
    }

    func inputRecordRow(_ r: Row) throws -> InputRecordRow {
        try InputRecordRow(fileID: r.column("input_file_id").int ?? 0, record: r.column("record").int ?? 0,
                           kind: InputRecordCodes.kind(r.column("kind")) ?? .project, key: r.column("key").text,
                           xmdm: r.column("xmdm").text, arrival: InputRecordCodes.arrival(r.column("arrival")))
    }
}

extension Store {
    /// The highest input-file id so far (0 for none).
    public func lastInputFileID() throws -> Int {
        try db.scalar("SELECT COALESCE(max(id), 0) FROM input_file").int ?? 0
    }

    /// Input files claimed after id `after`, in claim order.
    public func inputFiles(after: Int) throws -> [InputFileRow] {
        try db.rows("SELECT * FROM input_file WHERE id > ? ORDER BY id", after).map(InputFileRow.init)
    }
}
