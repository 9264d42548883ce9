import APXCore
import APXDomain
import Foundation
import SQLiteDB

/// Immutable, and a class: a page's rows are passed, filtered and held without copying
/// (a struct copy retained each of its ~20 strings and collections).
public final class ResultRow: Sendable {
    public let id: Int
    public let record: ResultRecord
    public let version: Int
    public let state: ResultState
    public let reasons: [String]
    public let missing: [String]
    public let cleared: Set<String>
    public let receivedOn: String
    public let source: Source

    init(id: Int, record: ResultRecord, version: Int, state: ResultState, reasons: [String], missing: [String],
         cleared: Set<String>, receivedOn: String, source: Source) {
        self.id = id; self.record = record; self.version = version; self.state = state; self.reasons = reasons
        self.missing = missing; self.cleared = cleared; self.receivedOn = receivedOn; self.source = source
    }
}

extension ResultCodec {
    /// The stored (compact) form as text to bind, straight from its bytes.
    static func compactText(_ r: ResultRecord) -> UTF8Text { UTF8Text(bytes: encodedBytes(r, compact: true)) }
}

/// A result with its stored form made when it was validated: encoding is pure, so a file's
/// reading thread does it and the storing thread only binds the bytes.
public struct EncodedResult: Sendable {
    public let record: ResultRecord
    let stored: UTF8Text

    public init(_ record: ResultRecord) {
        self.record = record
        stored = ResultCodec.compactText(record)
    }
}

extension Store {
    /// A row of `resultRowColumns`, read by index from SQLite's bytes (the record parsed
    /// without a String of it).
    static func resultRow(_ c: RowCursor) throws -> ResultRow {
        func list(_ i: Int32) -> [String] { c.text(i).split(separator: ",").map(String.init) }
        let identity = ResultCodec.Identity(sxbm: c.text(1), number: c.text(2), xmdm: c.text(4), gcdm: c.text(5))
        return try ResultRow(id: c.int(0) ?? 0, record: c.withText(10) { ResultCodec.decode(bytes: $0, identity: identity) },
                             version: c.int(3) ?? 1, state: c.value(6, "state"), reasons: list(7), missing: list(8),
                             cleared: Set(list(9)), receivedOn: c.text(12), source: c.value(11, "source"))
    }

    /// The columns `resultRow` reads, in its order.
    static let resultRowColumns = "id, sxbm, number, version, xmdm, gcdm, state, reasons, missing, cleared, record, source, received_on"

    /// `SELECT resultRowColumns FROM result` and what follows it, built once per query (the
    /// per-record reads run for every result a file brings).
    private enum ResultQuery {
        static func select(_ rest: String) -> String { "SELECT \(Store.resultRowColumns) FROM result " + rest }
        static let byID = select("WHERE id = ?")
        static let latest = select("WHERE sxbm = ? AND number = ? ORDER BY version DESC LIMIT 1")
        static let openOfItem = select("WHERE state IN ('NEW','PENDING') AND sxbm = ? AND id > ? ORDER BY id LIMIT ?")
        static let openByID = select("WHERE id IN (SELECT value FROM json_each(?)) AND state IN ('NEW','PENDING') ORDER BY id")
        // The walk over open items (`openResultIDs`): an item is named by one of its rows' ids.
        static let firstOpenItem = """
            SELECT id, sxbm FROM result INDEXED BY result_open WHERE state IN ('NEW','PENDING') ORDER BY sxbm LIMIT 1
            """
        static let nextOpenItem = """
            SELECT id, sxbm FROM result INDEXED BY result_open
            WHERE state IN ('NEW','PENDING') AND sxbm > (SELECT sxbm FROM result WHERE id = ?) ORDER BY sxbm LIMIT 1
            """
        static let openIDsOfItem = """
            SELECT id FROM result INDEXED BY result_open
            WHERE state IN ('NEW','PENDING') AND sxbm = (SELECT sxbm FROM result WHERE id = ?) ORDER BY id
            """
        static let ofProject = select("WHERE xmdm = ? ORDER BY sxbm, number, version")
        static let byPushKey = select("""
            WHERE sxbm = ? AND (? = 0 OR state = 'WAREHOUSED')
              AND (number = ? OR json_extract(record, '$.application') = ?) ORDER BY version DESC LIMIT 1
            """)
    }

    /// The results `sql` (a `ResultQuery`) selects, held state changes written first.
    private func resultRows<each A: SQLBindable>(_ sql: String, _ arguments: repeat each A) throws -> [ResultRow] {
        try writeHeld()
        return try db.mapRows(sql, repeat each arguments, row: Store.resultRow)
    }

    public func result(id: Int) throws -> ResultRow? {
        try resultRows(ResultQuery.byID, id).first
    }

    /// The newest version of (sxbm, number), in any state.
    public func latestResult(sxbm: String, number: String) throws -> ResultRow? {
        try resultRows(ResultQuery.latest, sxbm, number).first
    }

    /// Whether item `sxbm` has any stored result (in any state).
    func hasAnyResult(sxbm: String) throws -> Bool {
        try writeHeld()
        return try db.row("SELECT 1 FROM result WHERE sxbm = ? LIMIT 1", sxbm) != nil
    }

    public enum ResultArrival: Sendable { case inserted(Int), unchanged, newVersion(Int) }

    /// Stores a delivered result: identical key information → nothing; different → a new
    /// version (the previous one SUPERSEDED, its open review items closed).
    /// With `intake` (a file's ingest), a number its item certainly lacks is not read.
    public func receiveResult(_ r: ResultRecord, source: Source, fileID: Int, intake: ResultIntake? = nil) throws -> ResultArrival {
        try receiveResult(EncodedResult(r), source: source, fileID: fileID, intake: intake)
    }

    /// As `receiveResult(_:source:fileID:intake:)` for a result encoded ahead.
    public func receiveResult(_ encoded: EncodedResult, source: Source, fileID: Int, intake: ResultIntake? = nil) throws -> ResultArrival {
        let r = encoded.record
        let certainlyNew = try intake?.isCertainlyNew(sxbm: r.sxbm, number: r.number, store: self) ?? false
        let latest = certainlyNew ? nil : try latestResult(sxbm: r.sxbm, number: r.number)
        if let latest, latest.record.key == r.key, latest.state != ResultState.rejected { return .unchanged }
        let version = (latest?.version ?? 0) + 1
        try db.run("""
            INSERT INTO result (sxbm, number, version, xmdm, gcdm, state, record, source, input_file_id, received_on, updated_at)
            VALUES (?, ?, ?, ?, ?, 'NEW', ?, ?, ?, ?, ?)
            """, r.sxbm, r.number, version, r.xmdm, r.gcdm, encoded.stored, source, fileID, asOf.iso, Timestamp.now())
        let id = Int(db.lastInsertRowID)
        intake?.noteStored(sxbm: r.sxbm, number: r.number)
        try audit(.result, "\(r.sxbm):\(r.number)", "received", to: "v\(version)")
        if let latest, ![ResultState.superseded, ResultState.recycled].contains(latest.state) {
            // `latest` is the row as stored now (read above in this transaction): not read again.
            try setResultState(latest, ResultState.superseded, reasons: [])
            for item in try openReviews(subjectType: .result, subjectID: String(latest.id)) {
                try closeReview(item.id, note: "superseded by version \(version)")
            }
            return .newVersion(id)
        }
        return .inserted(id)
    }

    public func setResultState(_ id: Int, _ state: ResultState, reasons: [String], missing: [String] = []) throws {
        guard let current = try result(id: id) else { return }
        try setResultState(current, state, reasons: reasons, missing: missing)
    }

    /// As `setResultState(_:_:…)` for a row the caller has just read in this transaction
    /// (no re-read).
    public func setResultState(_ current: ResultRow, _ state: ResultState, reasons: [String], missing: [String] = []) throws {
        let id = current.id
        let reasonText = reasons.joined(separator: ","), missingText = missing.joined(separator: ",")
        guard current.state != state || current.reasons.joined(separator: ",") != reasonText
                || current.missing.joined(separator: ",") != missingText else { return }
        if let held {
            try held.holdResult(id: id, state: state, reasons: reasonText, missing: missingText, at: Timestamp.now(), db: db)
        } else {
            try db.run("UPDATE result SET state = ?, reasons = ?, missing = ?, updated_at = ? WHERE id = ?",
                       state, reasonText, missingText, Timestamp.now(), id)
        }
        try audit(.result, "\(current.record.sxbm):\(current.record.number)", "state", from: current.state, to: state,
                  detail: [reasonText, missingText].filter { !$0.isEmpty }.joined(separator: " "))
    }

    public func clearCheck(_ id: Int, _ check: String) throws {
        guard let current = try result(id: id) else { return }
        let cleared = (current.cleared.union([check])).sorted().joined(separator: ",")
        try db.run("UPDATE result SET cleared = ? WHERE id = ?", cleared, id)
    }

    public func updateResultRecord(_ id: Int, _ r: ResultRecord) throws {
        try db.run("UPDATE result SET record = ?, gcdm = ? WHERE id = ?", ResultCodec.compactText(r), r.gcdm, id)
    }

    /// Results of item `sxbm` to (re-)evaluate, a page at a time by id.
    public func resultsToEvaluate(sxbm: String, after: Int, limit: Int) throws -> [ResultRow] {
        try writeHeld()
        return try Store.openResults(on: db, item: sxbm, after: after, limit: limit)
    }

    /// The page of open results of `item` `resultsToEvaluate` reads, on connection `db` (the
    /// store's, or an `OpenResultsReader`'s).
    static func openResults(on db: Database, item: String, after: Int, limit: Int) throws -> [ResultRow] {
        try db.mapRows(ResultQuery.openOfItem, item, after, limit, row: Store.resultRow)
    }

    /// The ids, ascending, of the open results whose item is none of `items` (the evaluation's
    /// last pass: items outside the catalogue). Read from `result_open` alone: one seek per
    /// distinct open item, then the ids of each item not in `items` — time in the number of
    /// items and of the ids returned, not of every open result; 8 bytes an id in memory.
    public func openResultIDs(outside items: Set<String>) throws -> [Int] {
        try writeHeld()
        // Each item is named by one of its rows' ids, so SQLite compares the stored bytes
        // (a text read back into Swift could differ from them and never move past them).
        func item(_ row: Row?) throws -> (id: Int, sxbm: String)? {
            try row.map { ($0.int("id") ?? 0, try $0.column("sxbm").text) }
        }
        var ids: [Int] = []
        var next = try item(db.row(ResultQuery.firstOpenItem))
        while let current = next {
            next = try item(db.row(ResultQuery.nextOpenItem, current.id))
            guard !items.contains(current.sxbm) else { continue }
            ids += try db.mapRows(ResultQuery.openIDsOfItem, current.id, row: { $0.int(0) ?? 0 })
        }
        return ids.sorted()
    }

    /// The results among `ids` still open, by id.
    public func openResults(ids: some Collection<Int>) throws -> [ResultRow] {
        try writeHeld()
        guard !ids.isEmpty else { return [] }
        return try db.mapRows(ResultQuery.openByID, "[" + ids.map(String.init).joined(separator: ",") + "]", row: Store.resultRow)
    }

    /// Whether a warehoused result of `sxbm` exists for `gcdm`, or for the main project.
    /// `countingMainProject: false` asks for `gcdm` itself only (e.g. a sub-project's own
    /// completion filing).
    public func hasWarehoused(sxbm: String, xmdm: String, gcdm: String, countingMainProject: Bool = true) throws -> Bool {
        try writeHeld()
        return try db.row("SELECT 1 FROM result WHERE xmdm = ? AND sxbm = ? AND state = 'WAREHOUSED' AND (gcdm = ? OR gcdm = ?) LIMIT 1",
                   xmdm, sxbm, gcdm, countingMainProject ? xmdm : gcdm) != nil
    }

    /// The oldest pending results, for the report.
    public func oldestPendingResults(limit: Int) throws -> [PendingResult] {
        try writeHeld()
        return try db.rows("""
            SELECT sxbm, number, xmdm, received_on, reasons, missing FROM result WHERE state = 'PENDING'
            ORDER BY received_on, id LIMIT ?
            """, limit).map {
            try PendingResult(sxbm: $0.column("sxbm").text, number: $0.column("number").text, xmdm: $0.column("xmdm").text,
                              receivedOn: $0.column("received_on").text, reasons: $0.column("reasons").text, missing: $0.column("missing").text)
        }
    }

    public func results(xmdm: String) throws -> [ResultRow] {
        try resultRows(ResultQuery.ofProject, xmdm)
    }

    /// Results under a sub-project that keep it from the recycle bin: every one not itself
    /// recycled (older versions of a result count through its newest).
    public func countResults(gcdm: String) throws -> Int {
        try writeHeld()
        return try db.scalar("SELECT count(*) FROM result WHERE gcdm = ? AND state NOT IN ('RECYCLED','SUPERSEDED')", gcdm).int ?? 0
    }

    // MARK: Sub-projects

    public struct SubprojectRow: Sendable {
        public let gcdm: String
        public let xmdm: String
        public let name: String
        public let state: SubprojectState
    }

    public func subproject(_ gcdm: String) throws -> SubprojectRow? {
        try db.row("SELECT * FROM subproject WHERE gcdm = ?", gcdm).map {
            try SubprojectRow(gcdm: $0.column("gcdm").text, xmdm: $0.column("xmdm").text, name: $0.column("name").text, state: $0.value("state"))
        }
    }

    public func subprojects(xmdm: String) throws -> [SubprojectRow] {
        try db.rows("SELECT * FROM subproject WHERE xmdm = ? ORDER BY gcdm", xmdm).map {
            try SubprojectRow(gcdm: $0.column("gcdm").text, xmdm: $0.column("xmdm").text, name: $0.column("name").text, state: $0.value("state"))
        }
    }

    public func createSubproject(gcdm: String, xmdm: String, name: String, by: String) throws {
        try db.run("INSERT INTO subproject (gcdm, xmdm, name, state, created_at, created_by) VALUES (?, ?, ?, 'ACTIVE', ?, ?)",
                   gcdm, xmdm, name, Timestamp.now(), by)
        try audit(.subproject, gcdm, "created", to: SubprojectState.active, detail: name)
    }

    public func renameSubproject(_ gcdm: String, name: String) throws {
        try db.run("UPDATE subproject SET name = ? WHERE gcdm = ?", name, gcdm)
        try audit(.subproject, gcdm, "renamed", detail: name)
    }

    /// The newest result a push key (`BL:<SXBM>:<SLBH or number>`, `PF:<SXBM>:<number>`)
    /// was rendered from; only a warehoused one with `warehousedOnly`.
    public func result(pushKey sxbm: String, key: String, warehousedOnly: Bool) throws -> ResultRow? {
        try resultRows(ResultQuery.byPushKey, sxbm, warehousedOnly, key, key).first
    }

    public func recycleSubproject(_ gcdm: String) throws {
        try db.run("UPDATE subproject SET state = 'RECYCLED' WHERE gcdm = ?", gcdm)
        try audit(.subproject, gcdm, "recycled", from: SubprojectState.active, to: SubprojectState.recycled)
    }

    // MARK: Applications

    public struct ApplicationRow: Sendable {
        public let acceptance: Acceptance
        public let state: ApplicationState
        public let finishedAt: String?
        public let receivedOn: String
    }

    func applicationRow(_ r: Row) throws -> ApplicationRow {
        try ApplicationRow(acceptance: Acceptance(slbh: r.column("slbh").text, sxbm: r.column("sxbm").text, xmdm: r.column("xmdm").text,
                                                  gcdm: r.column("gcdm").text, acceptedAt: r.column("accepted_at").text,
                                                  promisedDays: r.column("promised_days").int, waived: r.column("waived").int == 1,
                                                  handler: r.column("handler").text),
                           state: r.value("state"), finishedAt: r.column("finished_at").string, receivedOn: r.column("received_on").text)
    }

    public func application(_ slbh: String) throws -> ApplicationRow? {
        try db.row("SELECT * FROM application WHERE slbh = ?", slbh).map(applicationRow)
    }

    /// Records an acceptance once; a later file for the same SLBH keeps the first.
    public func receiveAcceptance(_ a: Acceptance, fileID: Int) throws {
        try db.run("""
            INSERT OR IGNORE INTO application (slbh, sxbm, xmdm, gcdm, accepted_at, promised_days, waived, handler, state,
                                               input_file_id, received_on, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'ACCEPTED', ?, ?, ?)
            """, a.slbh, a.sxbm, a.xmdm, a.gcdm, a.acceptedAt, a.promisedDays, a.waived, a.handler, fileID, asOf.iso, Timestamp.now())
        if db.changes > 0 { try audit(.application, a.slbh, "accepted", to: ApplicationState.accepted) }
    }

    public func finishApplication(_ slbh: String, state: ApplicationState, finishedAt: String) throws {
        guard let current = try application(slbh) else { return }
        try finishApplication(current, state: state, finishedAt: finishedAt)
    }

    /// As `finishApplication(_:state:finishedAt:)` for a row the caller holds as it is stored
    /// now; returns the row as it is after.
    @discardableResult
    public func finishApplication(_ current: ApplicationRow, state: ApplicationState, finishedAt: String) throws -> ApplicationRow {
        guard current.state != state || current.finishedAt != finishedAt else { return current }
        let slbh = current.acceptance.slbh
        try db.run("UPDATE application SET state = ?, finished_at = ?, updated_at = ? WHERE slbh = ?",
                   state, finishedAt, Timestamp.now(), slbh)
        try audit(.application, slbh, "state", from: current.state, to: state)
        return ApplicationRow(acceptance: current.acceptance, state: state, finishedAt: finishedAt, receivedOn: current.receivedOn)
    }

    /// Acceptances whose current state has not been pushed yet.
    public func applicationsToPush() throws -> [ApplicationRow] {
        try db.rows("SELECT * FROM application WHERE state IN ('ACCEPTED','FAILED') AND pushed_state <> state ORDER BY slbh")
            .map(applicationRow)
    }

    public func markApplicationPushed(_ slbh: String, state: ApplicationState) throws {
        try db.run("UPDATE application SET pushed_state = ? WHERE slbh = ?", state, slbh)
    }

    // MARK: Companions

    public func addCompanion(fileID: Int, name: String, destination: String) throws {
        try db.run("INSERT INTO input_companion (input_file_id, name, destination) VALUES (?, ?, ?)", fileID, name, destination)
    }

    public func companions(fileID: Int) throws -> [(name: String, destination: String)] {
        try db.rows("SELECT name, destination FROM input_companion WHERE input_file_id = ? ORDER BY name", fileID)
            .map { (try $0.column("name").text, try $0.column("destination").text) }
    }

    public func isCompanionDestinationTaken(_ relative: String) throws -> Bool {
        try db.row("SELECT 1 FROM input_companion WHERE destination = ?", relative) != nil
    }

    public func moveCompanionsToQuarantine(fileID: Int, destinations: [String: String]) throws {
        for (name, dest) in destinations {
            try db.run("UPDATE input_companion SET destination = ? WHERE input_file_id = ? AND name = ?", dest, fileID, name)
        }
    }
}
