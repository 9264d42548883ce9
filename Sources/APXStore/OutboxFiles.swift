import APXCore
import APXDomain
import SQLiteDB

/// A planned push file (`outbox_file` in state PLANNED): its bytes (for a package, its plan)
/// and digest were fixed at planning.
public struct PlannedOutboxFile: Sendable {
    public let id: Int
    public let target: PushTarget
    public let name: String
    public let sha256: String
    /// nil only for a damaged row: the publisher refuses it. As stored: see `contentEncoding`.
    public let content: [UInt8]?
    public let contentEncoding: OutboxContentEncoding
    public let recordCount: Int
}

/// The state of an outbox file: planned (bytes fixed in the database) or published.
public enum OutboxFileState: String, Sendable {
    case planned = "PLANNED"
    case published = "PUBLISHED"
}

/// An outbox file as recorded (without its bytes).
public struct OutboxFileRow: Sendable, Equatable {
    public let id: Int
    public let target: PushTarget
    public let name: String
    public let batch: Int
    public let recordCount: Int
    public let sha256: String
    public let state: OutboxFileState
}

/// A notice not yet in a notices file, with the columns of the file (spec 04).
public struct UnplannedNotice: Sendable, Equatable {
    public let id: Int
    /// TZBH, LX, XMDM, GCDM, DWTYSHXYDM, DWMC, SXBM, NR, SJ.
    public let cells: [String]
}

/// The outbox's rows: files planned in the transaction of what they carry, published later.
extension Store {
    /// Records a planned file in the caller's transaction: its bytes (or, for a package, its
    /// plan) and digest are fixed here, before anything is written to the outbox. Returns its id.
    /// `sha256`: of the file's bytes (not of `content` when it is encoded).
    public func insertPlannedOutboxFile(target: PushTarget, name: String, batch: Int, recordCount: Int, sha256: String,
                                        content: [UInt8], encoding: OutboxContentEncoding = .raw, plannedAt: String) throws -> Int {
        let id = try nextOutboxFileID()
        try insertPlannedOutboxFile(id: id, target: target, name: name, batch: batch, recordCount: recordCount, sha256: sha256,
                                    content: content, encoding: encoding, plannedAt: plannedAt)
        return id
    }

    /// The id the next `insertPlannedOutboxFile` would be given (one above the largest), so
    /// a file's records can be assigned to it before its row is written, in the same transaction.
    public func nextOutboxFileID() throws -> Int {
        try (db.scalar("SELECT max(id) FROM outbox_file").int ?? 0) + 1
    }

    /// `insertPlannedOutboxFile` under the id `nextOutboxFileID` gave (or one above a file
    /// this transaction inserted with it). The records already assigned to that id (the
    /// planner assigns a file's records first) are its records without a receipt
    /// (`UnreceiptedCounts`), counted from the index.
    public func insertPlannedOutboxFile(id: Int, target: PushTarget, name: String, batch: Int, recordCount: Int, sha256: String,
                                        content: [UInt8], encoding: OutboxContentEncoding = .raw, plannedAt: String) throws {
        try db.run(Self.insertPlannedSQL, id, target.rawValue, name, batch, recordCount, sha256, SQLValue.blob(content), encoding,
                   runID, plannedAt, id)
        contentPlannedHere.insert(id)
    }

    private static let insertPlannedSQL = """
        INSERT INTO outbox_file (id, target, name, batch, record_count, sha256, content, content_encoding, state, run_id, planned_at,
                                 unreceipted)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'PLANNED', ?, ?, \(UnreceiptedCounts.assigned(toFile: "?11")))
        """

    /// Whether any outbox file (planned or published) has this name.
    public func outboxFileExists(name: String) throws -> Bool {
        try db.row("SELECT 1 FROM outbox_file WHERE name = ?", name) != nil
    }

    /// The ids of the files still PLANNED, by target and batch.
    public func plannedOutboxFileIDs() throws -> [Int] {
        try db.rows("SELECT id FROM outbox_file WHERE state = 'PLANNED' ORDER BY target, batch").map { try $0.column("id").int ?? 0 }
    }

    /// One planned file with its bytes (one at a time: memory holds one file).
    public func plannedOutboxFile(id: Int) throws -> PlannedOutboxFile? {
        try db.row("SELECT id, target, name, sha256, content, content_encoding, record_count FROM outbox_file WHERE id = ?", id).map { r in
            let target = try r.pushTarget("target")
            var content: [UInt8]?
            if case .blob(let bytes) = try r.column("content") { content = bytes }
            return try PlannedOutboxFile(id: r.column("id").int ?? 0, target: target, name: r.column("name").text, sha256: r.column("sha256").text,
                                         content: content, contentEncoding: r.value("content_encoding"),
                                         recordCount: r.column("record_count").int ?? 0)
        }
    }

    /// The outbox files of `target` (every target when nil), by target and batch.
    public func outboxFiles(target: PushTarget? = nil) throws -> [OutboxFileRow] {
        try db.rows("""
            SELECT id, target, name, batch, record_count, sha256, state FROM outbox_file
            WHERE ?1 IS NULL OR target = ?1 ORDER BY target, batch
            """, target?.rawValue).map { r in
            let rawState = try r.column("state").text
            guard let state = OutboxFileState(rawValue: rawState) else {
                throw DatabaseError.unexpectedValue(rawState, column: "state", sql: r.sql)
            }
            return try OutboxFileRow(id: r.column("id").int ?? 0, target: r.pushTarget("target"), name: r.column("name").text,
                                     batch: r.column("batch").int ?? 0, recordCount: r.column("record_count").int ?? 0,
                                     sha256: r.column("sha256").text, state: state)
        }
    }

    /// Marks a file PUBLISHED and drops its bytes (the file in the outbox holds them now).
    public func markOutboxFilePublished(id: Int, at: String) throws {
        try db.run("UPDATE outbox_file SET state = 'PUBLISHED', published_at = ?, content = NULL WHERE id = ?", at, id)
    }

    /// Every notice not yet in a notices file, in creation order.
    public func unplannedNotices() throws -> [UnplannedNotice] {
        try db.rows("SELECT * FROM notice WHERE file_id IS NULL ORDER BY id").map { r in
            try UnplannedNotice(id: r.column("id").int ?? 0, cells: [
                r.column("tzbh").text, r.column("lx").text, r.column("xmdm").text, r.column("gcdm").text, r.column("dwtyshxydm").text, r.column("dwmc").text,
                r.column("sxbm").text, r.column("nr").text, r.column("sj").text,
            ])
        }
    }

    /// Puts a notice in a planned notices file at `position` (1-based).
    public func assignNotice(_ id: Int, toFile fileID: Int, position: Int) throws {
        try db.run("UPDATE notice SET file_id = ?, position = ? WHERE id = ?", fileID, position, id)
    }
}

extension Row {
    /// A `target` column as a `PushTarget`; a value this system never writes throws.
    func pushTarget(_ column: String) throws -> PushTarget {
        let raw = try self.column(column).text
        guard let target = PushTarget(rawValue: raw) else { throw DatabaseError.unexpectedValue(raw, column: column, sql: sql) }
        return target
    }
}
