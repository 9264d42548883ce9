import APXCore
import APXDomain
import SQLiteDB

/// A claimed input file as recorded.
public struct InputFileRow: Sendable {
    public let id: Int
    public let source: Source
    public let name: String
    public let sha256: String
    public let outcome: InputFileOutcome
    public let reason: String?
    public let message: String?
    public let line: Int?
    public let record: Int?
    public let field: String?
    public let destination: String
    public let runID: String
    public let claimedAt: String
    public let recordsRead: Int
    public let recordsRejected: Int
    /// For a repeated delivery of quarantined bytes: the quarantine entry it repeats.
    public let duplicateOf: Int?
    public let size: Int64

    init(_ r: Row) throws {
        id = try r.column("id").int ?? 0
        source = try r.value("source"); name = try r.column("name").text; sha256 = try r.column("sha256").text
        outcome = try r.value("outcome"); reason = try r.column("reason").string; message = try r.column("message").string
        line = try r.column("line").int; record = try r.column("record").int; field = try r.column("field").string
        destination = try r.column("destination").text; runID = try r.column("run_id").text; claimedAt = try r.column("claimed_at").text
        recordsRead = try r.column("records_read").int ?? 0; recordsRejected = try r.column("records_rejected").int ?? 0
        duplicateOf = try r.column("duplicate_of").int
        size = try Int64(r.column("size").int ?? 0)
    }
}

extension Store {
    /// True when these bytes were already processed successfully (spec 02: same bytes, once).
    public func wasProcessed(sha256: String) throws -> Bool {
        try db.row("SELECT 1 FROM input_file WHERE sha256 = ? AND outcome = 'PROCESSED' LIMIT 1", sha256) != nil
    }

    public func isDestinationTaken(_ relative: String) throws -> Bool {
        try db.row("SELECT 1 FROM input_file WHERE destination = ?", relative) != nil
    }

    public struct FileOutcome {
        public var outcome: InputFileOutcome
        public var reason: ReasonCode?
        public var message: String?
        public var line: Int?
        public var record: Int?
        public var field: String?
        public var recordsRead = 0
        public var recordsRejected = 0
        public init(outcome: InputFileOutcome, reason: ReasonCode? = nil, message: String? = nil, line: Int? = nil) {
            self.outcome = outcome; self.reason = reason; self.message = message; self.line = line
        }
    }

    @discardableResult
    public func insertInputFile(source: Source, name: String, sha256: String, size: Int64,
                                outcome: FileOutcome, destination: String) throws -> Int {
        try db.run("""
            INSERT INTO input_file (run_id, source, name, sha256, size, outcome, reason, message, line, record, field,
                                    records_read, records_rejected, destination, claimed_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, runID, source, name, sha256, Int64(size), outcome.outcome, outcome.reason?.rawValue, outcome.message,
                   outcome.line, outcome.record, outcome.field, outcome.recordsRead, outcome.recordsRejected,
                   destination, Timestamp.now())
        return Int(db.lastInsertRowID)
    }

    /// A claimed file turned out bad while it was read: quarantined, with its new destination.
    public func quarantineInputFile(_ id: Int, reason: ReasonCode, message: String, line: Int?, destination: String) throws {
        try db.run("""
            UPDATE input_file SET outcome = 'QUARANTINED', reason = ?, message = ?, line = ?, destination = ?,
                                  records_read = 0, records_rejected = 0 WHERE id = ?
            """, reason.rawValue, message, line, destination, id)
    }

    public func updateInputFileCounts(id: Int, read: Int, rejected: Int) throws {
        try db.run("UPDATE input_file SET records_read = ?, records_rejected = ? WHERE id = ?", read, rejected, id)
    }

    public func inputFilesAwaitingMove() throws -> [InputFileRow] {
        try db.rows("SELECT * FROM input_file WHERE moved = 0 ORDER BY id").map(InputFileRow.init)
    }

    public func inputFile(id: Int) throws -> InputFileRow? {
        try db.row("SELECT * FROM input_file WHERE id = ?", id).map(InputFileRow.init)
    }

    /// Quarantined files still in quarantine, not yet put back and not settled, optionally filtered.
    public func quarantinedFiles(source: Source? = nil, name: String? = nil, run: String? = nil) throws -> [InputFileRow] {
        try db.rows("""
            SELECT * FROM input_file WHERE outcome = 'QUARANTINED' AND moved = 1 AND requeued_at IS NULL AND settled_at IS NULL
              AND (? IS NULL OR source = ?) AND (? IS NULL OR name = ?) AND (? IS NULL OR run_id = ?) ORDER BY id
            """, source, source, name, name, run, run).map(InputFileRow.init)
    }

    public func processedFiles(name: String? = nil, run: String? = nil) throws -> [InputFileRow] {
        try db.rows("""
            SELECT * FROM input_file WHERE outcome = 'PROCESSED' AND moved = 1
              AND (? IS NULL OR name = ?) AND (? IS NULL OR run_id = ?) ORDER BY id
            """, name, name, run, run).map(InputFileRow.init)
    }

    /// The intent to put a quarantined file back, committed before any file moves.
    public func markRequeueIntent(_ id: Int) throws {
        try db.run("UPDATE input_file SET requeued_at = ?, requeue_pending = 1 WHERE id = ?", Timestamp.now(), id)
        try audit(.inputFile, String(id), "requeue started", from: InputFileOutcome.quarantined.rawValue, to: "INBOX")
    }

    /// The file, its marker and companions are back in the inbox.
    public func markRequeued(_ id: Int) throws {
        try db.run("UPDATE input_file SET requeue_pending = 0 WHERE id = ?", id)
        try audit(.inputFile, String(id), "requeued", from: InputFileOutcome.quarantined.rawValue, to: "INBOX")
    }

    /// A requeue that cannot finish (the name was taken in the inbox): the file stays quarantined.
    public func cancelRequeue(_ id: Int) throws {
        try db.run("UPDATE input_file SET requeued_at = NULL, requeue_pending = 0 WHERE id = ?", id)
        try audit(.inputFile, String(id), "requeue cancelled", from: "INBOX", to: InputFileOutcome.quarantined.rawValue)
    }

    public func pendingRequeues() throws -> [InputFileRow] {
        try db.rows("SELECT * FROM input_file WHERE requeue_pending = 1 ORDER BY id").map(InputFileRow.init)
    }

    /// A processed file read again: its rejects file is to be rewritten (recovery does it if
    /// the run dies first, like a move).
    public func markAwaitingMove(_ id: Int) throws {
        try db.run("UPDATE input_file SET moved = 0 WHERE id = ?", id)
    }

    public func replaceRejects(fileID: Int, _ rejects: [Reject], read: Int, rejected: Int) throws {
        try db.run("DELETE FROM reject WHERE input_file_id = ?", fileID)
        for r in rejects { try insertReject(fileID: fileID, r) }
        try updateInputFileCounts(id: fileID, read: read, rejected: rejected)
    }

    public func markMoved(_ id: Int) throws {
        try db.run("UPDATE input_file SET moved = 1 WHERE id = ?", id)
    }

    public func insertReject(fileID: Int, _ reject: Reject) throws {
        try db.run("INSERT INTO reject (input_file_id, record, line, field, code, message, raw) VALUES (?, ?, ?, ?, ?, ?, ?)",
                   fileID, reject.record, reject.line, reject.field, reject.code.rawValue, reject.message, reject.raw)
    }

    public func rejects(fileID: Int) throws -> [Reject] {
        try db.rows("SELECT * FROM reject WHERE input_file_id = ? ORDER BY id", fileID).map {
            try Reject(record: $0.column("record").int ?? 0, line: $0.column("line").int, field: $0.column("field").text,
                       code: ReasonCode($0.column("code").text), message: $0.column("message").text, raw: $0.column("raw").text)
        }
    }
}
