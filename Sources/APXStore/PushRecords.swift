import APXCore
import APXDomain
import SQLiteDB

/// A queued push record (`push_record`): what the planner puts into a file.
public struct QueuedPushRecord: Sendable, Equatable {
    public let id: Int
    public let kind: PushKind
    /// The key `dfsjzj` names (checked well-formed when the row was read).
    public var key: PushKey { PushKey(dfsjzj: dfsjzj)! }
    public let version: Int
    public let valid: Bool
    public let invalidReason: String
    /// The payload's bytes as stored (`PushPayloadCodec`); read through `payload` or `appendPayload`.
    let storedPayload: [UInt8]
    /// Records of one group (an invalidation and its new version) always land in one file.
    public let group: Int
    /// The key's `dfsjzj` text as stored (the same as `key.dfsjzj`).
    public let dfsjzj: String

    /// The payload's XML fragment.
    public var payload: String {
        var out: [UInt8] = []
        out.reserveCapacity(storedPayload.count * 2)
        appendPayload(to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends the payload's XML fragment (UTF-8) to `out`, without a String in between.
    public func appendPayload(to out: inout [UInt8]) {
        storedPayload.withUnsafeBufferPointer { PushPayloadCodec.decode(bytes: $0, into: &out) }
    }
}

/// The push queue's rows: what the planner reads and how it assigns records to a file.
extension Store {
    static let queuedColumns = "id, kind, dfsjzj, version, valid, invalid_reason, payload, group_id"

    /// The records `clause` (WHERE … ORDER BY …) selects, by `index` (the planning order's by
    /// default), held rows written first.
    private func queuedPushRecords<each A: SQLBindable>(_ clause: String, _ arguments: repeat each A,
                                                        index: String? = "push_record_group_order") throws -> [QueuedPushRecord] {
        try writeHeldRows()
        let indexed = index.map { " INDEXED BY \($0)" } ?? ""
        return try db.mapRows("SELECT \(Store.queuedColumns) FROM push_record\(indexed) \(clause)", repeat each arguments,
                              row: queuedPushRecord)
    }

    /// Up to `limit` records of `target` not yet in a file, group by group (invalidations first),
    /// read in index order (no sort of everything still unplanned per page).
    public func unplannedPushRecords(target: PushTarget, limit: Int) throws -> [QueuedPushRecord] {
        try unplannedPushRecords(target: target, above: plannedGroupFloor(target: target), limit: limit)
    }

    /// `unplannedPushRecords(target:limit:)` of groups above `floor` (`plannedGroupFloor`, or
    /// the last group the planner took in this transaction).
    public func unplannedPushRecords(target: PushTarget, above floor: Int, limit: Int) throws -> [QueuedPushRecord] {
        try queuedPushRecords("""
            WHERE target = ? AND group_id > ? AND file_id IS NULL ORDER BY group_id, valid ASC, id LIMIT ?
            """, target.rawValue, floor, limit)
    }

    /// Every record of one group not yet in a file (invalidations first).
    public func unplannedPushRecords(target: PushTarget, group: Int) throws -> [QueuedPushRecord] {
        try queuedPushRecords("WHERE target = ? AND group_id = ? AND file_id IS NULL ORDER BY valid ASC, id",
                              target.rawValue, group)
    }

    /// Every record queued for `key` (planned or not), in queueing order.
    public func pushRecords(target: PushTarget, key: PushKey) throws -> [QueuedPushRecord] {
        try queuedPushRecords("WHERE target = ? AND dfsjzj = ? ORDER BY id", target.rawValue, key.dfsjzj, index: nil)
    }

    /// Puts a record in a planned file at `position` (1-based), in the planning transaction.
    /// Only a record in no file yet: a record's file is set once (`UnreceiptedCounts`).
    public func assignPushRecord(_ id: Int, toFile fileID: Int, position: Int) throws {
        try writeHeldRows()
        try db.run("UPDATE push_record SET file_id = ?, position = ? WHERE id = ? AND file_id IS NULL", fileID, position, id)
        try countAssigned(asked: 1, toFile: fileID)
    }

    /// Puts records `ids` in a planned file, in that order (positions 1, 2, …), with one
    /// statement, in the planning transaction. Only records in no file yet, each once: a record
    /// already in a file (or missing, or named twice) fails the call (`UnreceiptedCounts`).
    public func assignPushRecords(_ ids: [Int], toFile fileID: Int) throws {
        guard let first = ids.first else { return }
        try writeHeldRows()
        // The usual chunk: consecutive ids in ascending order (a night's groups as queued) —
        // a range, with no id list to build and parse.
        if ids.last! - first == ids.count - 1, zip(ids, ids.dropFirst()).allSatisfy({ $0 + 1 == $1 }) {
            try db.run("UPDATE push_record SET file_id = ?, position = id - ? WHERE id BETWEEN ? AND ? AND file_id IS NULL",
                       fileID, first - 1, first, ids.last!)
        } else {
            let list = "[" + ids.map(String.init).joined(separator: ",") + "]"
            try db.run("""
                UPDATE push_record SET file_id = ?, position = p.key + 1 FROM json_each(?) AS p
                WHERE push_record.id = p.value AND push_record.file_id IS NULL
                """, fileID, list)
        }
        try countAssigned(asked: ids.count, toFile: fileID)
    }

    /// After an assignment: every record asked for was assigned (none was in a file: they have
    /// no receipt), and a file whose row exists counts them as records without one. A file
    /// whose row is written later counts them then (`insertPlannedOutboxFile`).
    private func countAssigned(asked: Int, toFile fileID: Int) throws {
        let assigned = db.changes
        guard assigned == asked else {
            throw StoreError.notAssignable(file: fileID, asked: asked, assigned: assigned)
        }
        try db.run("UPDATE outbox_file SET unreceipted = unreceipted + ? WHERE id = ?", assigned, fileID)
    }

    /// A row of `queuedColumns`, read by position (the list above fixes the order); the
    /// payload's stored bytes are copied as they are (no String of them), the key is checked
    /// without being built (`key` builds it when asked).
    func queuedPushRecord(_ c: RowCursor) throws -> QueuedPushRecord {
        let dfsjzj = c.text(2)
        guard PushKey.isWellFormed(dfsjzj: dfsjzj) else {
            throw DatabaseError.unexpectedValue(dfsjzj, column: "dfsjzj", sql: Store.queuedColumns)
        }
        let storedKind = c.text(1)
        guard let kind = storedKind.isEmpty ? PushKindColumn.kind(ofKey: dfsjzj) : PushKind(rawValue: storedKind) else {
            throw DatabaseError.unexpectedValue(storedKind, column: "kind", sql: Store.queuedColumns)
        }
        return QueuedPushRecord(id: c.int(0) ?? 0, kind: kind, version: c.int(3) ?? 1, valid: c.int(4) == 1,
                                invalidReason: c.text(5), storedPayload: c.withText(6) { Array($0) }, group: c.int(7) ?? 0,
                                dfsjzj: dfsjzj)
    }
}

extension Row {
    /// A `kind` column as a `PushKind` ('' = the kind of the row's `key`); a value this system
    /// never writes throws.
    func pushKind(_ column: String, key: PushKey) throws -> PushKind {
        let raw = try self.column(column).text
        guard let kind = PushKindColumn.kind(stored: raw, key: key) else {
            throw DatabaseError.unexpectedValue(raw, column: column, sql: sql)
        }
        return kind
    }

    /// A `dfsjzj` column as a `PushKey`; a malformed key throws.
    func pushKey(_ column: String) throws -> PushKey {
        try pushKey(self.column(column).text, column: column)
    }

    /// `raw`, read from `column` of this row, as a `PushKey`; a malformed key throws.
    func pushKey(_ raw: String, column: String) throws -> PushKey {
        guard let key = PushKey(dfsjzj: raw) else { throw DatabaseError.unexpectedValue(raw, column: column, sql: sql) }
        return key
    }
}
