import APXCore
import APXDomain
import SQLiteDB

/// A receipt that contradicts an earlier one for the same pushed record (same dfsjzj and
/// version, another sjsczt or sbyy): applied, and kept here so the run's report warns with both.
public struct ReceiptConflict: Sendable, Equatable {
    public let file: String
    public let dfsjzj: String
    public let version: Int
    public let earlierState: String
    public let earlierReason: String
    public let earlierAt: String
    public let laterState: String
    public let laterReason: String

    public init(file: String, dfsjzj: String, version: Int, earlierState: String, earlierReason: String, earlierAt: String,
                laterState: String, laterReason: String) {
        self.file = file; self.dfsjzj = dfsjzj; self.version = version
        self.earlierState = earlierState; self.earlierReason = earlierReason; self.earlierAt = earlierAt
        self.laterState = laterState; self.laterReason = laterReason
    }
}

extension Store {
    /// The receipt a pushed record holds now, if any: state, reason, when.
    public func currentReceipt(pushID: Int) throws -> (state: ReceiptState, reason: String, at: String)? {
        try writeHeldRows()
        guard let row = try db.row("SELECT receipt_state, receipt_reason, receipt_at FROM push_record WHERE id = ?", pushID),
              let state = try row.optionalValue("receipt_state", as: ReceiptState.self) else { return nil }
        return try (state, row.column("receipt_reason").string ?? "", row.column("receipt_at").string ?? "")
    }

    /// Recorded in the transaction that applies the later receipt.
    public func recordReceiptConflict(_ c: ReceiptConflict) throws {
        try db.run("""
            INSERT INTO receipt_conflict (run_id, file, dfsjzj, version, earlier_state, earlier_reason, earlier_at,
                                          later_state, later_reason, at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, runID, c.file, c.dfsjzj, c.version, c.earlierState, c.earlierReason, c.earlierAt, c.laterState, c.laterReason,
                   Timestamp.now())
        try audit(.push, "\(c.dfsjzj) v\(c.version)", "receipt contradicts an earlier one", from: c.earlierState, to: c.laterState,
                  detail: c.laterReason)
    }

    /// The contradicting receipts applied by a run.
    public func receiptConflicts(run: String) throws -> [ReceiptConflict] {
        try db.rows("SELECT * FROM receipt_conflict WHERE run_id = ? ORDER BY id", run).map {
            try ReceiptConflict(file: $0.column("file").text, dfsjzj: $0.column("dfsjzj").text, version: $0.column("version").int ?? 0,
                                earlierState: $0.column("earlier_state").text, earlierReason: $0.column("earlier_reason").text,
                                earlierAt: $0.column("earlier_at").text, laterState: $0.column("later_state").text, laterReason: $0.column("later_reason").text)
        }
    }
}

extension Store {
    /// The archive's answer a package holds now, if any: state, reason, when it was recorded.
    public func packageReceipt(name: String) throws -> (state: PackageState, reason: String, at: String)? {
        guard let row = try db.row("SELECT state, reason FROM archive_package WHERE name = ?", name),
              try row.value("state", as: PackageState.self) != .pushed else { return nil }
        try writeHeldRows()
        let at = try db.row("""
            SELECT at FROM audit_trail WHERE entity = 'archive_package' AND entity_id = ? AND action = 'state' ORDER BY id DESC LIMIT 1
            """, name)?.column("at").string ?? ""
        return try (row.value("state"), row.column("reason").text, at)
    }
}
