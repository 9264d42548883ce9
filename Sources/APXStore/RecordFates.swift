import APXCore
import SQLiteDB

/// What became of one record an input file carried: its entity's state now, with reasons.
public struct RecordFate: Sendable {
    public let carried: InputRecordRow
    /// The state of what the record became (`WAREHOUSED`, `PENDING`, `REVIEW`, `ACCEPTED`…);
    /// empty when nothing of it is stored (e.g. an older extract).
    public let state: String
    public let reasons: [String]
    /// Open review items about it (ids).
    public let openReviews: [Int]
}

extension Store {
    /// Every record file `fileID` carried, with what became of each.
    public func recordFates(fileID: Int) throws -> [RecordFate] {
        try writeHeldRows()
        return try inputRecords(fileID: fileID).map { try fate(of: $0) }
    }

    func fate(of r: InputRecordRow) throws -> RecordFate {
        func list(_ text: String?) -> [String] { (text ?? "").split(separator: ",").map(String.init) }
        var state = "", reasons: [String] = [], subject: (String, String)?
        switch r.kind {
        case .project:
            if let row = try db.row("SELECT state FROM project WHERE xmdm = ?", r.key) { state = try row.column("state").text }
            subject = ("project", r.key)
        case .request:
            if let row = try db.row("SELECT state, reasons FROM warehousing_request WHERE qqbh = ?", r.key) {
                state = try row.column("state").text; reasons = list(try row.column("reasons").string)
            }
            subject = ("request", r.key)
        case .result:
            let parts = r.key.split(separator: ":", maxSplits: 1).map(String.init)
            if parts.count == 2, let row = try db.row("""
                SELECT id, state, reasons, missing FROM result WHERE sxbm = ? AND number = ?
                ORDER BY (input_file_id = ?) DESC, version DESC LIMIT 1
                """, parts[0], parts[1], r.fileID) {
                state = try row.column("state").text
                reasons = list(try row.column("reasons").string) + list(try row.column("missing").string).map { "missing \($0)" }
                subject = try ("result", String(row.column("id").int ?? 0))
            }
        case .acceptance:
            if let row = try db.row("SELECT state FROM application WHERE slbh = ?", r.key) { state = try row.column("state").text }
        case .endRequest:
            if let row = try db.row("SELECT state, reasons FROM end_request WHERE qqbh = ?", r.key) {
                state = try row.column("state").text; reasons = list(try row.column("reasons").string)
            }
        case .receipt:
            // key = FILE:DFSJZJ:vN; the DFSJZJ itself may contain colons.
            let file = String(r.key.prefix { $0 != ":" })
            let rest = r.key.dropFirst(file.count + 1)
            if let v = rest.range(of: ":v", options: .backwards), let version = Int(rest[v.upperBound...]),
               let row = try db.row("""
                SELECT p.id, p.receipt_state, p.receipt_reason FROM push_record p JOIN outbox_file f ON f.id = p.file_id
                WHERE f.name = ? AND p.dfsjzj = ? AND p.version = ? ORDER BY p.valid DESC LIMIT 1
                """, file, String(rest[..<v.lowerBound]), version) {
                state = try row.column("receipt_state").string ?? ""
                reasons = try (row.column("receipt_reason").string ?? "").isEmpty ? [] : [row.column("receipt_reason").text]
                subject = try ("push", String(row.column("id").int ?? 0))
            }
        case .archiveReceipt:
            if let row = try db.row("SELECT state, reason FROM archive_package WHERE name = ?", r.key) {
                state = try row.column("state").text; reasons = try row.column("reason").text.isEmpty ? [] : [try row.column("reason").text]
            }
        }
        var open: [Int] = []
        if let (type, id) = subject {
            let rows = try db.rows("SELECT id, reasons FROM review_item WHERE subject_type = ? AND subject_id = ? AND state = 'OPEN' ORDER BY id",
                                   type, id)
            open = try rows.compactMap { try $0.column("id").int }
            if r.kind == .project {
                // A project's reasons are those of the work open about it.
                reasons = try rows.flatMap { list(try $0.column("reasons").string) }
            }
        }
        return RecordFate(carried: r, state: state, reasons: reasons, openReviews: open)
    }
}
