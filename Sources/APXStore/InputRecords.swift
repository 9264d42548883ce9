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
    /// Notes that file `fileID` carried record number `record` as (`kind`, `key`) — one note
    /// per record and kind, a record repeating another's key included; a record noted again
    /// (its file read again) keeps its first note: what its first arrival did. Inside
    /// `holdingInputRecords`, held and written `heldNotesPerStatement` at a time; else at once.
    public func noteInputRecord(fileID: Int, record: Int, kind: InputRecordKind, key: String, xmdm: String,
                                arrival: String) throws {
        guard heldNotes != nil else {
            try db.run("""
                INSERT OR IGNORE INTO input_record (input_file_id, record, kind, key, xmdm, arrival) VALUES (?, ?, ?, ?, ?, ?)
                """, fileID, record, InputRecordCodes.code(kind), key, xmdm, InputRecordCodes.stored(arrival: arrival))
            return
        }
        heldNotes!.append(fileID)
        heldNotes!.append(record)
        heldNotes!.append(InputRecordCodes.code(kind))
        heldNotes!.append(key)
        heldNotes!.append(xmdm)
        heldNotes!.append(InputRecordCodes.stored(arrival: arrival))
        if heldNotes!.count >= Self.heldNotesPerStatement { try writeHeldNotes() }
    }

    /// Notes written per statement inside `holdingInputRecords`: memory stays flat, and the
    /// statement's journal holds only the index pages one batch touches.
    static let heldNotesPerStatement = 512

    /// Runs `body` (a file's ingest, in the claim's transaction and in no savepoint: a
    /// multi-row statement inside a savepoint journals every page it touches into the
    /// savepoint's in-memory journal, docs/performance.md rounds 5–6) with its input-record
    /// notes written a batch per statement, in the order they were made (a record's first note
    /// is the one kept, as one at a time). Notes not written when `body` throws are
    /// dropped: the caller rolls the transaction back. Outside a transaction, or nested, the
    /// body runs as it is.
    public func holdingInputRecords<T>(_ body: () throws -> T) throws -> T {
        guard db.isInTransaction, heldNotes == nil else { return try body() }
        heldNotes = FeedRows(columns: 6)
        defer { heldNotes = nil }
        let value = try body()
        try writeHeldNotes()
        return value
    }

    private func writeHeldNotes() throws {
        guard var notes = heldNotes, !notes.isEmpty else { return }
        heldNotes = nil   // the buffer unshared while SQLite reads it
        try db.run("""
            INSERT OR IGNORE INTO input_record (input_file_id, record, kind, key, xmdm, arrival)
            SELECT c0, c1, c2, c3, c4, c5 FROM apx_feed(?)
            """, feeding: &notes)
        notes.removeAll()
        heldNotes = notes
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
