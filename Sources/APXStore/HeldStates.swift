import APXCore
import APXDomain
import SQLiteDB

/// The per-record writes of an evaluation page — result state changes, request state
/// changes, review items opened — held in Swift while the page decides, and written by one
/// set statement per table over `apx_feed(?)` before the page's transaction commits
/// (`Store.holdingEvaluationWrites`). Each change is audited when it is made, as without
/// holding; the held row carries the time it was made. Review items get their ids when they
/// are opened (the next ids SQLite would give them, read once per page), so the audit row and
/// the caller see the id at once.
///
/// Contract: while rows are held, every Store read of `result`, `warehousing_request`,
/// `review_item`/`review_field` that an evaluation can reach (Results.swift, Requests.swift,
/// EvaluationReads.swift, Reviews.swift) writes them first (`Store.writeHeld`), so it reads
/// what a write at once would have left. A held row whose key is held already writes the
/// earlier ones first (last change wins, as in order). Like the ledger's rows they are written
/// at every transaction boundary inside the page (SAVEPOINT, RELEASE, COMMIT: the
/// `TransactionLedger` writes them) and dropped when a transaction or savepoint rolls back.
final class HeldStates {
    /// id, state, reasons, missing, updated_at.
    private var results = FeedRows(columns: 5)
    private var resultIDs: Set<Int> = []
    /// qqbh, state, reasons, updated_at.
    private var requests = FeedRows(columns: 4)
    private var requestKeys: Set<String> = []
    /// id, kind, subject_type, subject_id, xmdm, gcdm, reasons, state, created_at, created_on, run_id.
    private var reviews = FeedRows(columns: 11)
    /// review_id, position, field, ours, theirs, similarity.
    private var fields = FeedRows(columns: 6)
    /// The id the next held review item gets (nil: not read yet in this page).
    private var nextReviewID: Int?

    var isEmpty: Bool { results.isEmpty && requests.isEmpty && reviews.isEmpty }

    func holdResult(id: Int, state: ResultState, reasons: String, missing: String, at time: String, db: Database) throws {
        if !resultIDs.insert(id).inserted { try writeResults(db); resultIDs.insert(id) }
        results.append(id)
        results.append(state.rawValue)
        results.append(reasons)
        results.append(missing)
        results.append(time)
    }

    func holdRequest(qqbh: String, state: RequestState, reasons: String, at time: String, db: Database) throws {
        if !requestKeys.insert(qqbh).inserted { try writeRequests(db); requestKeys.insert(qqbh) }
        requests.append(qqbh)
        requests.append(state.rawValue)
        requests.append(reasons)
        requests.append(time)
    }

    /// Holds a review item with its fields; returns its id.
    func holdReview(kind: ReviewKind, subjectType: ReviewSubject, subjectID: String, xmdm: String, gcdm: String,
                    reasons: String, state: ReviewState, createdAt: String, createdOn: String, runID: String,
                    fields list: [FieldDifference], db: Database) throws -> Int {
        // An INTEGER PRIMARY KEY without AUTOINCREMENT takes max(id) + 1: the same ids as
        // inserting one at a time.
        let id = try nextReviewID ?? ((db.scalar("SELECT max(id) FROM review_item").int ?? 0) + 1)
        nextReviewID = id + 1
        reviews.append(id)
        reviews.append(kind.rawValue)
        reviews.append(subjectType.rawValue)
        reviews.append(subjectID)
        reviews.append(xmdm)
        reviews.append(gcdm)
        reviews.append(reasons)
        reviews.append(state.rawValue)
        reviews.append(createdAt)
        reviews.append(createdOn)
        reviews.append(runID)
        for (i, f) in list.enumerated() {
            fields.append(id)
            fields.append(i + 1)
            fields.append(f.field)
            fields.append(f.ours)
            fields.append(f.theirs)
            if let s = f.similarity { fields.append(s) } else { fields.appendNull() }
        }
        return id
    }

    /// Forgets everything held (its transaction or savepoint rolled back); review ids are read again.
    func removeAll() {
        results.removeAll(); resultIDs.removeAll(keepingCapacity: true)
        requests.removeAll(); requestKeys.removeAll(keepingCapacity: true)
        reviews.removeAll(); fields.removeAll()
        nextReviewID = nil
    }

    /// Writes everything held.
    func write(_ db: Database) throws {
        try writeResults(db)
        try writeRequests(db)
        try writeReviews(db)
    }

    private func writeResults(_ db: Database) throws {
        try db.run("""
            UPDATE result SET state = f.c1, reasons = f.c2, missing = f.c3, updated_at = f.c4
            FROM apx_feed(?) AS f WHERE result.id = f.c0
            """, feeding: &results)
        results.removeAll()
        resultIDs.removeAll(keepingCapacity: true)
    }

    private func writeRequests(_ db: Database) throws {
        try db.run("""
            UPDATE warehousing_request SET state = f.c1, reasons = f.c2, updated_at = f.c3
            FROM apx_feed(?) AS f WHERE warehousing_request.qqbh = f.c0
            """, feeding: &requests)
        requests.removeAll()
        requestKeys.removeAll(keepingCapacity: true)
    }

    private func writeReviews(_ db: Database) throws {
        try db.run("""
            INSERT INTO review_item (id, kind, subject_type, subject_id, xmdm, gcdm, reasons, state, created_at, created_on, run_id)
            SELECT c0, c1, c2, c3, c4, c5, c6, c7, c8, c9, c10 FROM apx_feed(?)
            """, feeding: &reviews)
        try db.run("""
            INSERT INTO review_field (review_id, position, field, ours, theirs, similarity)
            SELECT c0, c1, c2, c3, c4, c5 FROM apx_feed(?)
            """, feeding: &fields)
        reviews.removeAll()
        fields.removeAll()
    }
}

extension Store {
    /// Runs `body` (an evaluation page, inside the caller's transaction) with its result and
    /// request state changes and review items held, and writes them at its end by one
    /// statement per table (see `HeldStates`). Nested, it runs `body` in the outer hold.
    public func holdingEvaluationWrites<T>(_ body: () throws -> T) throws -> T {
        guard held == nil else { return try body() }
        held = HeldStates()
        defer { held = nil }
        let value = try body()
        try held?.write(db)
        return value
    }

    /// Writes what is held (before a read that must see it).
    func writeHeld() throws {
        if let held, !held.isEmpty { try held.write(db) }
    }
}
