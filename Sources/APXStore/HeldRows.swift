import APXCore
import APXDomain
import Foundation
import SQLiteDB

/// Audit rows and push records made in the open transaction, held in Swift and written
/// with one `INSERT … SELECT … FROM apx_feed(?)` per table (instead of one execution per
/// row): at the transaction's next boundary, when `bound` rows are held, and before any
/// read of `audit` or `push_record` (`Store.writeHeldRows`). Rows are written in the order
/// they were made, so ids (INTEGER PRIMARY KEY, assigned in feed order) are as if each had
/// been inserted at once. Neither table is referenced by a foreign key, nor references one.
struct HeldRows {
    /// Held rows per table at which they are written (memory stays flat in a long transaction).
    static let bound = 4_096

    static let auditInsert = """
        INSERT INTO audit (context, entity, entity_id, action, from_state, to_state, detail)
        SELECT c0, c1, c2, c3, c4, c5, c6 FROM apx_feed(?)
        """
    /// A kill between holding rows and writing them, for the crash tests (`CrashPoint.hitInside`:
    /// counted only when `APX_CRASH_LABEL` names it, not a durable step).
    static let crashLabel: StaticString = "held rows not written"

    static let pushInsert = """
        INSERT INTO push_record (target, kind, dfsjzj, version, valid, invalid_reason, payload, group_id, run_id, context)
        SELECT c0, c1, c2, c3, c4, c5, c6, c7, '', c8 FROM apx_feed(?)
        """

    private var audits = FeedRows(columns: 7)
    private var pushes = FeedRows(columns: 9)
    /// Per key, the newest push record held: what `PushQueue.latest` reads for it (the rows
    /// of a key are queued in version order, so the last one made is the newest).
    private var newest: [HeldPushKey: PushQueue.Latest] = [:]

    var isEmpty: Bool { audits.isEmpty && pushes.isEmpty }
    var isFull: Bool { audits.count >= HeldRows.bound || pushes.count >= HeldRows.bound }

    mutating func appendAudit(context: Int, entity: AuditEntity, id: String, action: String, from: String?, to: String?,
                              detail: String) {
        audits.append(context)
        audits.append(entity.rawValue)
        audits.append(id)
        audits.append(action)
        audits.append(from)
        audits.append(to)
        audits.append(detail)
    }

    mutating func appendPush(target: PushTarget, kind: String, dfsjzj: String, version: Int, valid: Bool, reason: String,
                             stored: String, group: Int, context: Int) {
        pushes.append(target.rawValue)
        pushes.append(kind)
        pushes.append(dfsjzj)
        pushes.append(version)
        pushes.append(valid)
        pushes.append(reason)
        pushes.append(stored)
        pushes.append(group)
        pushes.append(context)
        newest[HeldPushKey(target: target, dfsjzj: dfsjzj)] = PushQueue.Latest(version: version, storedPayload: stored, valid: valid)
    }

    /// The newest held record of a key (nil: none held, the table has all of the key's rows).
    func latest(target: PushTarget, dfsjzj: String) -> PushQueue.Latest? {
        newest.isEmpty ? nil : newest[HeldPushKey(target: target, dfsjzj: dfsjzj)]
    }

    /// Writes every held row (audit rows first; the tables are independent) and forgets them.
    mutating func write(_ db: Database) throws {
        guard !isEmpty else { return }
        CrashPoint.hitInside(HeldRows.crashLabel)
        try db.run(HeldRows.auditInsert, feeding: &audits)
        audits.removeAll()
        try db.run(HeldRows.pushInsert, feeding: &pushes)
        pushes.removeAll()
        newest.removeAll(keepingCapacity: true)
    }

    mutating func removeAll() {
        audits.removeAll()
        pushes.removeAll()
        newest.removeAll(keepingCapacity: true)
    }
}

/// A push key as SQLite compares it (`dfsjzj = ?`, BINARY: byte for byte), not as String
/// does (canonical equivalence would merge keys the table keeps apart).
struct HeldPushKey: Hashable {
    let target: PushTarget
    let dfsjzj: String

    static func == (a: HeldPushKey, b: HeldPushKey) -> Bool {
        guard a.target == b.target else { return false }
        var x = a.dfsjzj, y = b.dfsjzj
        return x.withUTF8 { p in y.withUTF8 { q in p.count == q.count && (p.isEmpty || memcmp(p.baseAddress!, q.baseAddress!, p.count) == 0) } }
    }

    func hash(into hasher: inout Hasher) {
        hasher.combine(target)
        var text = dfsjzj
        text.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
    }
}
