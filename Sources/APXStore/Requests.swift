import APXCore
import APXDomain
import SQLiteDB

/// Warehousing-request states.
public enum RequestState {
    public static let new = "NEW"
    public static let pending = "PENDING"
    public static let review = "REVIEW"
    public static let migration = "MIGRATION"
    public static let warehoused = "WAREHOUSED"
    public static let rejected = "REJECTED"
    /// Answered ALREADY_WAREHOUSED: nothing changed.
    public static let answered = "ANSWERED"
}

public struct RequestRow: Sendable {
    public let request: WarehousingRequest
    public let state: String
    public let reasons: [String]
    public let receivedOn: String
}

extension Store {
    /// Inserts a request in state NEW; false when the request number is already known.
    public func insertRequest(_ r: WarehousingRequest, fileID: Int) throws -> Bool {
        try db.run("""
            INSERT OR IGNORE INTO warehousing_request (qqbh, xmdm, xmmc, xzqhdm, ztze, sqdwdm, sqdwmc, splclx, sqsj, state,
                                                       received_on, input_file_id, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'NEW', ?, ?, ?)
            """, r.qqbh, r.xmdm, r.xmmc, r.xzqhdm, r.ztze, r.sqdwdm, r.sqdwmc, r.splclx, r.sqsj, asOf.iso, fileID,
                   Timestamp.now())
        let inserted = db.changes > 0
        if inserted { try audit("request", r.qqbh, "received", to: RequestState.new, detail: "xmdm=\(r.xmdm)") }
        return inserted
    }

    private func requestRow(_ r: Row) -> RequestRow {
        RequestRow(request: WarehousingRequest(qqbh: r.text("qqbh"), xmdm: r.text("xmdm"), xmmc: r.text("xmmc"),
                                               xzqhdm: r.text("xzqhdm"), ztze: r.text("ztze"), sqdwdm: r.text("sqdwdm"),
                                               sqdwmc: r.text("sqdwmc"), splclx: r.int("splclx") ?? 0, sqsj: r.text("sqsj")),
                   state: r.text("state"), reasons: r.text("reasons").split(separator: ",").map(String.init),
                   receivedOn: r.text("received_on"))
    }

    public func request(_ qqbh: String) throws -> RequestRow? {
        try db.row("SELECT * FROM warehousing_request WHERE qqbh = ?", qqbh).map(requestRow)
    }

    /// Requests to (re-)evaluate — new and pending — a page at a time, by request number
    /// after `after` (keyset paging keeps memory flat however many are waiting).
    public func requestsToEvaluate(after: String, limit: Int) throws -> [RequestRow] {
        try db.rows("""
            SELECT * FROM warehousing_request INDEXED BY warehousing_request_open
            WHERE state IN ('NEW','PENDING') AND qqbh > ? ORDER BY qqbh LIMIT ?
            """,
                    after, limit).map(requestRow)
    }

    /// The oldest pending requests, for the report.
    public func oldestPendingRequests(limit: Int) throws -> [Row] {
        try db.rows("""
            SELECT qqbh, xmdm, received_on, reasons FROM warehousing_request WHERE state = 'PENDING'
            ORDER BY received_on, qqbh LIMIT ?
            """, limit)
    }

    public func countRequests(state: String) throws -> Int {
        try db.scalar("SELECT count(*) FROM warehousing_request WHERE state = ?", state).int ?? 0
    }

    public func requests(xmdm: String) throws -> [RequestRow] {
        try db.rows("SELECT * FROM warehousing_request WHERE xmdm = ? ORDER BY received_on, qqbh", xmdm).map(requestRow)
    }

    public func setRequestState(_ qqbh: String, _ state: String, reasons: [ReasonCode] = []) throws {
        guard let current = try request(qqbh) else { return }
        let reasonText = reasons.map(\.rawValue).joined(separator: ",")
        guard current.state != state || current.reasons.joined(separator: ",") != reasonText else { return }
        try db.run("UPDATE warehousing_request SET state = ?, reasons = ?, updated_at = ? WHERE qqbh = ?",
                   state, reasonText, Timestamp.now(), qqbh)
        try audit("request", qqbh, "state", from: current.state, to: state, detail: reasonText)
    }
}
