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
        try db.rows("""
            WITH pushes AS (
                SELECT id, dfsjzj FROM push_record
                WHERE target = 'gov' AND (dfsjzj = 'XM:' || ?1 OR (dfsjzj >= 'XM:' || ?1 || '-' AND dfsjzj < 'XM:' || ?1 || '.')
                   OR dfsjzj IN (SELECT 'PF:' || sxbm || ':' || number FROM result WHERE xmdm = ?1)
                   OR dfsjzj IN (SELECT 'BL:' || sxbm || ':' || number FROM result WHERE xmdm = ?1)
                   OR dfsjzj IN (SELECT 'BL:' || sxbm || ':' || slbh FROM application WHERE xmdm = ?1)))
            SELECT * FROM audit WHERE
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
        var events: [HistoryEvent] = []
        // Every input file that carried one of its records.
        let inputs = try db.rows("""
            SELECT f.id, f.run_id, f.source, f.name, f.outcome, f.reason, f.destination, f.claimed_at,
                   COALESCE(m.audit_id, (SELECT max(id) FROM audit WHERE at <= f.claimed_at), 0) AS mark,
                   group_concat(r.kind || ' ' || r.key || ' ' || r.arrival, char(10)) AS carried
            FROM input_record r JOIN input_file f ON f.id = r.input_file_id
            LEFT JOIN input_mark m ON m.input_file_id = f.id
            WHERE r.xmdm = ? GROUP BY f.id ORDER BY f.id
            """, xmdm)
        for f in inputs {
            let carried = f.text("carried").split(separator: "\n").map { line -> JSON in
                let p = line.split(separator: " ", maxSplits: 2).map(String.init)
                return .object([("kind", .string(p[0])), ("key", .string(p.count > 1 ? p[1] : "")),
                                ("arrival", .string(p.count > 2 ? p[2] : ""))])
            }
            events.append(HistoryEvent(at: f.text("claimed_at"), run: f.text("run_id"), type: "input", action: "claimed", fields: [
                ("source", .string(f.text("source"))), ("name", .string(f.text("name"))), ("outcome", .string(f.text("outcome"))),
                ("reason", f.string("reason").map(JSON.string) ?? .null), ("destination", .string(f.text("destination"))),
                ("records", .array(carried)),
            ], order: (f.int("mark") ?? 0, 2)))
        }
        for a in try projectAudit(xmdm) {
            if let event = try historyEvent(audit: a, xmdm: xmdm) { events.append(contentsOf: event) }
        }
        return events.sorted { ($0.order.0, $0.order.1, $0.at) < ($1.order.0, $1.order.1, $1.at) }
    }

    /// One audit row as the history shows it (enriched from the row it is about).
    private func historyEvent(audit a: Row, xmdm: String) throws -> [HistoryEvent]? {
        let entity = a.text("entity"), id = a.text("entity_id"), action = a.text("action")
        let at = a.text("at"), run = a.text("run_id"), order = (a.int("id") ?? 0, 1)
        func opt(_ s: String?) -> JSON { s.map(JSON.string) ?? .null }
        var fields: [(String, JSON)] = [("by", .string(a.text("actor")))]
        if !a["from_state"].isNull { fields.append(("from", opt(a.string("from_state")))) }
        if !a["to_state"].isNull { fields.append(("to", opt(a.string("to_state")))) }
        func event(_ type: String, _ extra: [(String, JSON)]) -> [HistoryEvent] {
            [HistoryEvent(at: at, run: run, type: type, action: action, fields: extra + fields
                            + (a.text("detail").isEmpty ? [] : [("detail", .string(a.text("detail")))]), order: order)]
        }
        switch AuditEntity(rawValue: entity) {
        case .project?: return event("project", [("xmdm", .string(id))])
        case .subproject?: return event("subproject", [("gcdm", .string(id))])
        case .request?: return event("request", [("qqbh", .string(id))])
        case .endRequest?: return event("end_request", [("qqbh", .string(id))])
        case .application?: return event("acceptance", [("slbh", .string(id))])
        case .result?:
            let parts = id.split(separator: ":", maxSplits: 1).map(String.init)
            return event("result", [("sxbm", .string(parts.first ?? "")), ("number", .string(parts.count > 1 ? parts[1] : ""))])
        case .review?:
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
            return event("review", extra)
        case .push?:
            guard let r = try db.row("""
                SELECT r.*, f.name AS file FROM push_record r LEFT JOIN outbox_file f ON f.id = r.file_id WHERE r.id = ?
                """, Int(id) ?? -1) else { return nil }
            // The answer as it was then (a later receipt may answer the record again).
            let state = a.string("to_state")
            return event("receipt", [("file", opt(r.string("file"))), ("dfsjzj", .string(r.text("dfsjzj"))),
                                     ("bbh", .int(r.int("version") ?? 0)),
                                     ("sjsczt", state == ReceiptState.accepted.rawValue ? .int(3) : state == ReceiptState.rejected.rawValue ? .int(2) : .null),
                                     ("sbyy", .string(a.text("detail")))])
        case .notice?:
            guard let n = try db.row("""
                SELECT n.*, f.name AS file FROM notice n LEFT JOIN outbox_file f ON f.id = n.file_id WHERE n.tzbh = ?
                """, id) else { return nil }
            return event("notice", [("tzbh", .string(id)), ("lx", .string(n.text("lx"))), ("gcdm", .string(n.text("gcdm"))),
                                    ("sxbm", .string(n.text("sxbm"))), ("nr", .string(n.text("nr"))), ("file", opt(n.string("file")))])
        case .archivePackage?:
            // The package's state at that step is the audit's `to`, its reason the detail.
            guard try db.row("SELECT 1 FROM archive_package WHERE name = ?", id) != nil else { return nil }
            return event("package", [("name", .string(id))])
        case .outbox?:
            // A push file published: one event per record of this project in it.
            let records = try db.rows("""
                SELECT r.* FROM push_record r JOIN outbox_file f ON f.id = r.file_id
                WHERE f.name = ?2 AND (r.dfsjzj = 'XM:' || ?1 OR (r.dfsjzj >= 'XM:' || ?1 || '-' AND r.dfsjzj < 'XM:' || ?1 || '.')
                   OR r.dfsjzj IN (SELECT 'PF:' || sxbm || ':' || number FROM result WHERE xmdm = ?1)
                   OR r.dfsjzj IN (SELECT 'BL:' || sxbm || ':' || number FROM result WHERE xmdm = ?1)
                   OR r.dfsjzj IN (SELECT 'BL:' || sxbm || ':' || slbh FROM application WHERE xmdm = ?1))
                ORDER BY r.position
                """, xmdm, id)
            return records.map { r in
                HistoryEvent(at: at, run: run, type: "push", action: "published", fields: [
                    ("file", .string(id)), ("lx", .string(r.text("kind"))), ("dfsjzj", .string(r.text("dfsjzj"))),
                    ("bbh", .int(r.int("version") ?? 0)), ("sjyxbs", .int(r.int("valid") ?? 0)),
                    ("sjwxyy", .string(r.text("invalid_reason"))),
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
            return FileWhereabouts(file: file, asOf: row.string("run_as_of"), moved: row.int("moved") == 1,
                                   requeuedAt: row.string("requeued_at"), companions: try companions(fileID: file.id))
        }
    }
}
