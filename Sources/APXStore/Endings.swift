import APXCore
import APXDomain
import SQLiteDB

/// End requests, project ends and archive packages (spec 03 "Project end").
extension Store {
    public struct EndRequestRow: Sendable {
        public let qqbh: String
        public let xmdm: String
        public let sqdwdm: String
        public let sqsj: String
        public let state: EndRequestState
    }

    public func insertEndRequest(qqbh: String, xmdm: String, sqdwdm: String, sqsj: String, fileID: Int) throws -> Bool {
        try db.run("""
            INSERT OR IGNORE INTO end_request (qqbh, xmdm, sqdwdm, sqsj, state, received_on, input_file_id, updated_at)
            VALUES (?, ?, ?, ?, 'NEW', ?, ?, ?)
            """, qqbh, xmdm, sqdwdm, sqsj, asOf.iso, fileID, Timestamp.now())
        let inserted = db.changes > 0
        if inserted { try audit(.endRequest, qqbh, "received", to: EndRequestState.new, detail: "xmdm=\(xmdm)") }
        return inserted
    }

    public func newEndRequests() throws -> [EndRequestRow] {
        try db.rows("SELECT * FROM end_request WHERE state = 'NEW' ORDER BY sqsj, qqbh").map {
            try EndRequestRow(qqbh: $0.column("qqbh").text, xmdm: $0.column("xmdm").text, sqdwdm: $0.column("sqdwdm").text, sqsj: $0.column("sqsj").text,
                              state: $0.value("state"))
        }
    }

    public func setEndRequestState(_ qqbh: String, _ state: EndRequestState, reasons: [String] = []) throws {
        try db.run("UPDATE end_request SET state = ?, reasons = ?, updated_at = ? WHERE qqbh = ?",
                   state, reasons.joined(separator: ","), Timestamp.now(), qqbh)
        try audit(.endRequest, qqbh, "state", from: EndRequestState.new, to: state, detail: reasons.joined(separator: ","))
    }

    public struct ProjectEndRow: Sendable {
        public let xmdm: String
        public let qqbh: String
        public let requestedOn: String
        public let deadline: String
        public let endedOn: String?
    }

    public func startProjectEnd(xmdm: String, qqbh: String, requestedOn: String, deadline: String) throws {
        try db.run("INSERT INTO project_end (xmdm, qqbh, requested_on, deadline) VALUES (?, ?, ?, ?)",
                   xmdm, qqbh, requestedOn, deadline)
    }

    public func markProjectEnded(_ xmdm: String) throws {
        try db.run("UPDATE project_end SET ended_on = ? WHERE xmdm = ?", asOf.iso, xmdm)
    }

    /// Projects still ENDING, with their deadlines.
    public func endingProjects() throws -> [ProjectEndRow] {
        try db.rows("""
            SELECT e.* FROM project_end e JOIN project p ON p.xmdm = e.xmdm WHERE p.state = 'ENDING' ORDER BY e.deadline
            """).map {
            try ProjectEndRow(xmdm: $0.column("xmdm").text, qqbh: $0.column("qqbh").text, requestedOn: $0.column("requested_on").text,
                              deadline: $0.column("deadline").text, endedOn: $0.column("ended_on").string)
        }
    }

    public struct PackageRow: Sendable {
        public let name: String
        public let xmdm: String
        public let state: PackageState
    }

    public func recordPackage(xmdm: String, name: String, outboxFileID: Int) throws {
        try db.run("INSERT INTO archive_package (xmdm, name, outbox_file_id, state, created_on) VALUES (?, ?, ?, 'PUSHED', ?)",
                   xmdm, name, outboxFileID, asOf.iso)
        try audit(.archivePackage, name, "pushed", to: PackageState.pushed, detail: xmdm)
    }

    public func package(named name: String) throws -> PackageRow? {
        try db.row("SELECT * FROM archive_package WHERE name = ?", name).map {
            try PackageRow(name: $0.column("name").text, xmdm: $0.column("xmdm").text, state: $0.value("state"))
        }
    }

    public func setPackageState(_ name: String, _ state: PackageState, reason: String) throws {
        guard let current = try package(named: name), current.state != state else { return }
        try db.run("UPDATE archive_package SET state = ?, reason = ? WHERE name = ?", state, reason, name)
        try audit(.archivePackage, name, "state", from: current.state, to: state, detail: reason)
    }
}

/// Items timed in working days (spec 03 "Deadlines and efficiency supervision").
extension Store {
    public struct TimedItemRow: Sendable {
        public let key: String
        public let sxbm: String
        public let xmdm: String
        public let gcdm: String
        public let handler: String
        public let acceptedOn: String
        public let promisedDays: Int
        public let deadline: String
        public let state: TimedItemState
        public let finishedOn: String?
        public let usedDays: Int?
        public let onTime: Bool?
    }

    func timedRow(_ r: Row) throws -> TimedItemRow {
        try TimedItemRow(key: r.column("key").text, sxbm: r.column("sxbm").text, xmdm: r.column("xmdm").text, gcdm: r.column("gcdm").text,
                         handler: r.column("handler").text, acceptedOn: r.column("accepted_on").text, promisedDays: r.column("promised_days").int ?? 0,
                         deadline: r.column("deadline").text, state: r.value("state"), finishedOn: r.column("finished_on").string,
                         usedDays: r.column("used_days").int,
                         onTime: r.column("on_time").isNull ? nil : r.column("on_time").int == 1)
    }

    /// Opens a timed item once (an acceptance with a promised time limit).
    public func openTimedItem(key: String, sxbm: String, xmdm: String, gcdm: String, handler: String, acceptedOn: String,
                              promisedDays: Int, deadline: String) throws {
        try db.run("""
            INSERT OR IGNORE INTO timed_item (key, sxbm, xmdm, gcdm, handler, accepted_on, promised_days, deadline, state)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'OPEN')
            """, key, sxbm, xmdm, gcdm, handler, acceptedOn, promisedDays, deadline)
    }

    /// Finishes a timed item (opening it first if it was never open), recording working
    /// days used and whether it was on time.
    public func finishTimedItem(key: String, sxbm: String, xmdm: String, gcdm: String, handler: String, acceptedOn: String,
                                promisedDays: Int, deadline: String, finishedOn: String, usedDays: Int) throws {
        try openTimedItem(key: key, sxbm: sxbm, xmdm: xmdm, gcdm: gcdm, handler: handler, acceptedOn: acceptedOn,
                          promisedDays: promisedDays, deadline: deadline)
        try db.run("UPDATE timed_item SET state = 'FINISHED', finished_on = ?, used_days = ?, on_time = ? WHERE key = ?",
                   finishedOn, usedDays, usedDays <= promisedDays, key)
    }

    public func openTimedItems() throws -> [TimedItemRow] {
        try db.rows("SELECT * FROM timed_item WHERE state = 'OPEN' ORDER BY deadline, key").map(timedRow)
    }

    /// On-time rate of finished items, grouped by city (first four digits of the project's
    /// region) and by item.
    public func efficiency() throws -> (byCity: [(String, Int, Int)], byItem: [(String, Int, Int)]) {
        let city = try db.rows("""
            WITH \(DashboardQueries.region)
            SELECT COALESCE(r.city, '') AS city, count(*) AS finished, sum(t.on_time) AS on_time
            FROM timed_item t LEFT JOIN region r ON r.xmdm = t.xmdm
            WHERE t.state = 'FINISHED' GROUP BY city ORDER BY city
            """).map { (try $0.column("city").text, try $0.column("finished").int ?? 0, try $0.column("on_time").int ?? 0) }
        let item = try db.rows("""
            SELECT sxbm, count(*) AS finished, sum(on_time) AS on_time FROM timed_item WHERE state = 'FINISHED'
            GROUP BY sxbm ORDER BY sxbm
            """).map { (try $0.column("sxbm").text, try $0.column("finished").int ?? 0, try $0.column("on_time").int ?? 0) }
        return (city, item)
    }
}

/// Receipts for push records (spec 04).
extension Store {
    public struct PushedRecord: Sendable {
        public let id: Int
        public let kind: PushKind
        public let key: PushKey
        public let version: Int
        public let valid: Bool
        public let receiptState: ReceiptState?
    }

    /// The record a receipt line answers: in file `fileName`, key `dfsjzj`, version `bbh`.
    public func pushedRecord(fileName: String, dfsjzj: String, version: Int) throws -> PushedRecord? {
        try writeHeldRows()
        return try db.row(Self.pushedRecordSQL, fileName, dfsjzj, version).map(pushedRecordRow)
    }

    /// A file holds records of its own target only, so the record is found by its key in
    /// (target, dfsjzj, version, valid) — one descent — not among the file's thousands of
    /// records in `push_record_in_file` (2.5 ms a receipt line at 100k; pinned by a test).
    static let pushedRecordSQL = """
        SELECT r.id, r.kind, r.dfsjzj, r.version, r.valid, r.receipt_state FROM outbox_file f
        JOIN push_record r ON r.target = f.target AND r.dfsjzj = ?2 AND r.version = ?3 AND r.file_id = f.id
        WHERE f.name = ?1 ORDER BY r.valid DESC LIMIT 1
        """

    public func pushedRecord(id: Int) throws -> PushedRecord? {
        try writeHeldRows()
        return try db.row("SELECT id, kind, dfsjzj, version, valid, receipt_state FROM push_record WHERE id = ?", id).map(pushedRecordRow)
    }

    private func pushedRecordRow(_ r: Row) throws -> PushedRecord {
        let key = try r.pushKey("dfsjzj")
        return try PushedRecord(id: r.column("id").int ?? 0, kind: r.pushKind("kind", key: key), key: key, version: r.column("version").int ?? 0,
                         valid: r.column("valid").int == 1, receiptState: r.optionalValue("receipt_state"))
    }

    public func recordReceipt(pushID: Int, state: ReceiptState, reason: String) throws {
        try writeHeldRows()
        try db.run("UPDATE push_record SET receipt_state = ?, receipt_reason = ?, receipt_at = ? WHERE id = ?",
                   state, reason, Timestamp.now(), pushID)
        try audit(.push, String(pushID), "receipt", to: state, detail: reason)
    }

    /// Published records without a receipt whose file is older than `days`: how many, and the
    /// first `limit` (all when negative) in file order (batch, position). Read from the files'
    /// counts (`UnreceiptedCounts`): the cost follows the gov files, and the sample's the
    /// records of the files it walks, not every pushed record.
    public func unacknowledged(olderThan days: Int, limit: Int = 200) throws -> (count: Int, sample: [(String, String, Int, String)]) {
        // The file's as-of day is in its name (SZWJ_yyyyMMdd_NNNNNN.xml).
        let cutoff = asOf.adding(days: -days).compact
        try writeHeldRows()
        let count = try db.scalar(UnreceiptedCounts.countSQL, cutoff).int ?? 0
        var sample: [(String, String, Int, String)] = []
        var wanted = limit < 0 ? Int.max : limit
        guard wanted > 0, count > 0 else { return (count, sample) }
        let files = try db.rows(UnreceiptedCounts.filesSQL, cutoff, wanted).map {
            (id: try $0.column("id").int ?? 0, name: try $0.column("name").text, unreceipted: try $0.column("unreceipted").int ?? 0,
             day: try $0.column("day").text)
        }
        for file in files where wanted > 0 {
            let records = try db.rows(UnreceiptedCounts.fileSampleSQL, file.id, min(wanted, file.unreceipted)).map {
                (file.name, try $0.column("dfsjzj").text, try $0.column("version").int ?? 0, file.day)
            }
            sample += records
            wanted -= records.count
        }
        return (count, sample)
    }
}
