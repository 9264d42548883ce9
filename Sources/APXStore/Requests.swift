import APXCore
import APXDomain
import SQLiteDB

public struct RequestRow: Sendable {
    public let request: WarehousingRequest
    public let state: RequestState
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
        if inserted { try audit(.request, r.qqbh, "received", to: RequestState.new, detail: "xmdm=\(r.xmdm)") }
        return inserted
    }

    /// A row of `requestRowColumns`, read by index.
    private func requestRow(_ c: RowCursor) throws -> RequestRow {
        try RequestRow(request: WarehousingRequest(qqbh: c.text(0), xmdm: c.text(1), xmmc: c.text(2), xzqhdm: c.text(3),
                                                   ztze: c.text(4), sqdwdm: c.text(5), sqdwmc: c.text(6),
                                                   splclx: c.int(7) ?? 0, sqsj: c.text(8)),
                       state: c.value(9, "state"), reasons: c.text(10).split(separator: ",").map(String.init),
                       receivedOn: c.text(11))
    }

    /// The columns `requestRow` reads, in its order.
    static let requestRowColumns = "qqbh, xmdm, xmmc, xzqhdm, ztze, sqdwdm, sqdwmc, splclx, sqsj, state, reasons, received_on"

    /// `SELECT requestRowColumns FROM warehousing_request` and what follows it, built once per query.
    private enum RequestQuery {
        static func select(_ rest: String) -> String { "SELECT \(Store.requestRowColumns) FROM warehousing_request " + rest }
        static let byNumber = select("WHERE qqbh = ?")
        static let open = select("""
            INDEXED BY warehousing_request_open WHERE state IN ('NEW','PENDING') AND qqbh > ? ORDER BY qqbh LIMIT ?
            """)
        static let ofProject = select("WHERE xmdm = ? ORDER BY received_on, qqbh")
    }

    /// The requests `sql` (a `RequestQuery`) selects, held state changes written first.
    private func requestRows<each A: SQLBindable>(_ sql: String, _ arguments: repeat each A) throws -> [RequestRow] {
        try writeHeld()
        return try db.mapRows(sql, repeat each arguments, row: requestRow)
    }

    public func request(_ qqbh: String) throws -> RequestRow? {
        try requestRows(RequestQuery.byNumber, qqbh).first
    }

    /// Requests to (re-)evaluate — new and pending — a page at a time, by request number
    /// after `after` (keyset paging keeps memory flat however many are waiting).
    public func requestsToEvaluate(after: String, limit: Int) throws -> [RequestRow] {
        try requestRows(RequestQuery.open, after, limit)
    }

    /// The oldest pending requests, for the report.
    public func oldestPendingRequests(limit: Int) throws -> [PendingRequest] {
        try writeHeld()
        return try db.rows("""
            SELECT qqbh, xmdm, received_on, reasons FROM warehousing_request WHERE state = 'PENDING'
            ORDER BY received_on, qqbh LIMIT ?
            """, limit).map {
            try PendingRequest(qqbh: $0.column("qqbh").text, xmdm: $0.column("xmdm").text, receivedOn: $0.column("received_on").text, reasons: $0.column("reasons").text)
        }
    }

    public func countRequests(state: RequestState) throws -> Int {
        try writeHeld()
        return try db.scalar("SELECT count(*) FROM warehousing_request WHERE state = ?", state).int ?? 0
    }

    public func requests(xmdm: String) throws -> [RequestRow] {
        try requestRows(RequestQuery.ofProject, xmdm)
    }

    /// The request numbers of `xmdm` other than `qqbh` still NEW, PENDING, REVIEW or MIGRATION,
    /// in the order of `requests(xmdm:)`.
    public func openRequestNumbers(xmdm: String, except qqbh: String) throws -> [String] {
        try writeHeld()
        return try db.rows("""
            SELECT qqbh FROM warehousing_request WHERE xmdm = ? AND qqbh <> ? AND state IN ('NEW','PENDING','REVIEW','MIGRATION')
            ORDER BY received_on, qqbh
            """, xmdm, qqbh).map { try $0.column("qqbh").text }
    }

    public func setRequestState(_ qqbh: String, _ state: RequestState, reasons: [ReasonCode] = []) throws {
        guard let current = try request(qqbh) else { return }
        try setRequestState(current, state, reasons: reasons)
    }

    /// As `setRequestState(_:_:reasons:)` for a row the caller has just read (no re-read).
    public func setRequestState(_ current: RequestRow, _ state: RequestState, reasons: [ReasonCode] = []) throws {
        let qqbh = current.request.qqbh
        let reasonText = reasons.map(\.rawValue).joined(separator: ",")
        guard current.state != state || current.reasons.joined(separator: ",") != reasonText else { return }
        if let held {
            try held.holdRequest(qqbh: qqbh, state: state, reasons: reasonText, at: Timestamp.now(), db: db)
        } else {
            try db.run("UPDATE warehousing_request SET state = ?, reasons = ?, updated_at = ? WHERE qqbh = ?",
                       state, reasonText, Timestamp.now(), qqbh)
        }
        try audit(.request, qqbh, "state", from: current.state, to: state, detail: reasonText)
    }
}
