import APXCore
import APXDomain
import SQLiteDB

/// One event of a project's story (`apx project history`).
public struct HistoryEvent: Sendable {
    /// When (wall clock, +08:00) and in which run or command it happened.
    public let at: String
    public let run: String
    /// `input`, `project`, `subproject`, `request`, `result`, `acceptance`, `end_request`,
    /// `review`, `push`, `receipt`, `notice`, `package`.
    public let type: String
    /// What happened (`received`, `state`, `opened`, `decided`, `published`, …).
    public let action: String
    /// The event's facts, in display order.
    public let fields: [(String, JSON)]
    /// The audit trail's order: (audit id, 1) for a change; (the last audit id before its
    /// ingestion, 2) for an input file.
    let order: (Int, Int)
}

extension Store {
    /// Every audit row about project `xmdm`, its sub-projects, results, requests, end
    /// requests, acceptances, review items, push records, notices and packages, in order.
    func projectAudit(_ xmdm: String) throws -> [Row] {
        try writeHeldRows()
        return try db.rows("""
            WITH pushes AS (
                SELECT id, dfsjzj FROM push_record
                WHERE target = 'gov' AND (dfsjzj = 'XM:' || ?1 OR (dfsjzj >= 'XM:' || ?1 || '-' AND dfsjzj < 'XM:' || ?1 || '.')
                   OR dfsjzj IN (SELECT 'PF:' || sxbm || ':' || number FROM result WHERE xmdm = ?1)
                   OR dfsjzj IN (SELECT 'BL:' || sxbm || ':' || number FROM result WHERE xmdm = ?1)
                   OR dfsjzj IN (SELECT 'BL:' || sxbm || ':' || slbh FROM application WHERE xmdm = ?1)))
            SELECT * FROM audit_trail WHERE
                   (entity = 'project' AND entity_id = ?1)
                OR (entity = 'subproject' AND entity_id IN (SELECT gcdm FROM subproject WHERE xmdm = ?1))
                OR (entity = 'result' AND entity_id IN (SELECT sxbm || ':' || number FROM result WHERE xmdm = ?1))
                OR (entity = 'request' AND entity_id IN (SELECT qqbh FROM warehousing_request WHERE xmdm = ?1))
                OR (entity = 'end_request' AND entity_id IN (SELECT qqbh FROM end_request WHERE xmdm = ?1))
                OR (entity = 'application' AND entity_id IN (SELECT slbh FROM application WHERE xmdm = ?1))
                OR (entity = 'review' AND entity_id IN (SELECT CAST(id AS TEXT) FROM review_item WHERE xmdm = ?1))
                OR (entity = 'push' AND action = 'receipt' AND entity_id IN (SELECT CAST(id AS TEXT) FROM pushes))
                OR (entity = 'notice' AND entity_id IN (SELECT tzbh FROM notice WHERE xmdm = ?1))
                OR (entity = 'archive_package' AND entity_id IN (SELECT name FROM archive_package WHERE xmdm = ?1))
                OR (entity = 'outbox' AND action = 'published' AND entity_id IN (
                        SELECT f.name FROM outbox_file f JOIN push_record r ON r.file_id = f.id
                        WHERE r.id IN (SELECT id FROM pushes)))
            ORDER BY id
            """, xmdm)
    }

    /// Whether the pipeline has ever seen `xmdm` (a project row, or a record naming it).
    public func hasSeenProject(_ xmdm: String) throws -> Bool {
        try db.row("SELECT 1 FROM project WHERE xmdm = ?1 UNION ALL SELECT 1 FROM input_record WHERE xmdm = ?1 LIMIT 1", xmdm) != nil
    }

    /// The story of project `xmdm` in time order.
    public func projectHistory(_ xmdm: String) throws -> [HistoryEvent] {
        try writeHeldRows()
        var events: [HistoryEvent] = []
        // Every input file that carried one of its records.
        let inputs = try db.rows("""
            SELECT f.id, f.run_id, f.source, f.name, f.outcome, f.reason, f.destination, f.claimed_at,
                   COALESCE(m.audit_id, (SELECT max(id) FROM audit_trail WHERE at <= f.claimed_at), 0) AS mark
            FROM input_file f LEFT JOIN input_mark m ON m.input_file_id = f.id
            WHERE f.id IN (SELECT input_file_id FROM input_record WHERE xmdm = ?) ORDER BY f.id
            """, xmdm)
        // Per file, its records in record order: "kind key arrival" lines.
        var lines: [Int: [String]] = [:]
        for r in try db.rows("SELECT input_file_id, kind, key, arrival FROM input_record WHERE xmdm = ? ORDER BY input_file_id, record, kind, key", xmdm) {
            try lines[r.column("input_file_id").int ?? 0, default: []].append(
                "\(InputRecordCodes.kindText(r.column("kind"))) \(r.column("key").text) \(InputRecordCodes.arrival(r.column("arrival")))")
        }
        for f in inputs {
            let carried = try (lines[f.column("id").int ?? 0] ?? []).joined(separator: "\n").split(separator: "\n").map { line -> JSON in
                let p = line.split(separator: " ", maxSplits: 2).map(String.init)
                return .object([("kind", .string(p[0])), ("key", .string(p.count > 1 ? p[1] : "")),
                                ("arrival", .string(p.count > 2 ? p[2] : ""))])
            }
            try events.append(HistoryEvent(at: f.column("claimed_at").text, run: f.column("run_id").text, type: "input", action: "claimed", fields: [
                ("source", .string(f.column("source").text)), ("name", .string(f.column("name").text)), ("outcome", .string(f.column("outcome").text)),
                ("reason", f.column("reason").string.map(JSON.string) ?? .null), ("destination", .string(f.column("destination").text)),
                ("records", .array(carried)),
            ], order: (f.column("mark").int ?? 0, 2)))
        }
        for a in try projectAudit(xmdm) {
            if let event = try historyEvent(audit: a, xmdm: xmdm) { events.append(contentsOf: event) }
        }
        return events.sorted { ($0.order.0, $0.order.1, $0.at) < ($1.order.0, $1.order.1, $1.at) }
    }

    /// One audit row as the history shows it (enriched from the row it is about).
    private func historyEvent(audit a: Row, xmdm: String) throws -> [HistoryEvent]? {
        let entity = try a.column("entity").text, id = try a.column("entity_id").text, action = try a.column("action").text
        let at = try a.column("at").text, run = try a.column("run_id").text, order = (try a.column("id").int ?? 0, 1)
        func opt(_ s: String?) -> JSON { s.map(JSON.string) ?? .null }
        var fields: [(String, JSON)] = try [("by", .string(a.column("actor").text))]
        if try !a.column("from_state").isNull { fields.append(("from", opt(try a.column("from_state").string))) }
        if try !a.column("to_state").isNull { fields.append(("to", opt(try a.column("to_state").string))) }
        func event(_ type: String, _ extra: [(String, JSON)]) throws -> [HistoryEvent] {
            try [HistoryEvent(at: at, run: run, type: type, action: action, fields: extra + fields
                                + (a.column("detail").text.isEmpty ? [] : [("detail", .string(a.column("detail").text))]), order: order)]
        }
        switch entity {
        case "project": return try event("project", [("xmdm", .string(id))])
        case "subproject": return try event("subproject", [("gcdm", .string(id))])
        case "request": return try event("request", [("qqbh", .string(id))])
        case "end_request": return try event("end_request", [("qqbh", .string(id))])
        case "application": return try event("acceptance", [("slbh", .string(id))])
        case "result":
            let parts = id.split(separator: ":", maxSplits: 1).map(String.init)
            return try event("result", [("sxbm", .string(parts.first ?? "")), ("number", .string(parts.count > 1 ? parts[1] : ""))])
        case "review":
            guard let item = try review(Int(id) ?? -1) else { return nil }
            var extra: [(String, JSON)] = [("id", .int(item.id)), ("kind", .string(item.kind.rawValue)),
                                           ("reasons", .array(item.reasons.map(JSON.string))),
                                           ("subject", .string("\(item.subjectType) \(item.subjectID)"))]
            if action == "opened" {
                extra.append(("fields", .array(item.fields.map {
                    .object([("field", .string($0.field)), ("ours", .string($0.ours)), ("theirs", .string($0.theirs))])
                })))
            } else {
                extra += [("decidedBy", opt(item.decidedBy)), ("decidedAt", opt(item.decidedAt)), ("note", opt(item.note)),
                          ("changes", opt(item.changes))]
            }
            return try event("review", extra)
        case "push":
            guard let r = try db.row("""
                SELECT r.*, f.name AS file FROM push_record r LEFT JOIN outbox_file f ON f.id = r.file_id WHERE r.id = ?
                """, Int(id) ?? -1) else { return nil }
            // The answer as it was then (a later receipt may answer the record again).
            let state = try a.column("to_state").string
            return try event("receipt", [("file", opt(try r.column("file").string)), ("dfsjzj", .string(try r.column("dfsjzj").text)),
                                     ("bbh", .int(try r.column("version").int ?? 0)),
                                     ("sjsczt", state == ReceiptState.accepted.rawValue ? .int(3) : state == ReceiptState.rejected.rawValue ? .int(2) : .null),
                                     ("sbyy", .string(try a.column("detail").text))])
        case "notice":
            guard let n = try db.row("""
                SELECT n.*, f.name AS file FROM notice n LEFT JOIN outbox_file f ON f.id = n.file_id WHERE n.tzbh = ?
                """, id) else { return nil }
            return try event("notice", [("tzbh", .string(id)), ("lx", .string(try n.column("lx").text)), ("gcdm", .string(try n.column("gcdm").text)),
                                    ("sxbm", .string(try n.column("sxbm").text)), ("nr", .string(try n.column("nr").text)), ("file", opt(try n.column("file").string))])
        case "archive_package":
            // The package's state at that step is the audit's `to`, its reason the detail.
            guard try db.row("SELECT 1 FROM archive_package WHERE name = ?", id) != nil else { return nil }
            return try event("package", [("name", .string(id))])
        case "outbox":
            // A push file published: one event per record of this project in it.
            let records = try db.rows("""
                SELECT r.* FROM push_record r JOIN outbox_file f ON f.id = r.file_id
                WHERE f.name = ?2 AND (r.dfsjzj = 'XM:' || ?1 OR (r.dfsjzj >= 'XM:' || ?1 || '-' AND r.dfsjzj < 'XM:' || ?1 || '.')
                   OR r.dfsjzj IN (SELECT 'PF:' || sxbm || ':' || number FROM result WHERE xmdm = ?1)
                   OR r.dfsjzj IN (SELECT 'BL:' || sxbm || ':' || number FROM result WHERE xmdm = ?1)
                   OR r.dfsjzj IN (SELECT 'BL:' || sxbm || ':' || slbh FROM application WHERE xmdm = ?1))
                ORDER BY r.position
                """, xmdm, id)
            return try records.map { r in
                try HistoryEvent(at: at, run: run, type: "push", action: "published", fields: [
                        ("file", .string(id)), ("lx", .string(PushKindColumn.text(stored: r.column("kind").text, key: r.column("dfsjzj").text))),
                        ("dfsjzj", .string(r.column("dfsjzj").text)),
                        ("bbh", .int(r.column("version").int ?? 0)), ("sjyxbs", .int(r.column("valid").int ?? 0)),
                        ("sjwxyy", .string(r.column("invalid_reason").text)),
                    ], order: order)
            }
        default: return nil
        }
    }
}

/// Where one claim of an input file is now.
public struct FileWhereabouts: Sendable {
    public let file: InputFileRow
    public let asOf: String?
    public let moved: Bool
    public let requeuedAt: String?
    public let companions: [(name: String, destination: String)]
}

extension Store {
    /// Every claim of an input file named `name` (a name may be delivered again), oldest
    /// first; for an attachment, the claims of the files it travelled with.
    public func fileWhereabouts(named name: String) throws -> [FileWhereabouts] {
        try db.rows("""
            SELECT f.*, r.as_of AS run_as_of FROM input_file f LEFT JOIN run r ON r.id = f.run_id
            WHERE f.name = ?1 OR f.id IN (SELECT input_file_id FROM input_companion WHERE name = ?1) ORDER BY f.id
            """, name).map { row in
            let file = try InputFileRow(row)
            return try FileWhereabouts(file: file, asOf: row.column("run_as_of").string, moved: row.column("moved").int == 1,
                                       requeuedAt: row.column("requeued_at").string, companions: companions(fileID: file.id))
        }
    }
}
