import APXCore
import APXDomain
import SQLiteDB

/// One field difference shown to a reviewer: our (reference) value against theirs.
public struct FieldDifference: Equatable, Sendable {
    public let field: String
    public let ours: String
    public let theirs: String
    public let similarity: Double?
    public init(field: String, ours: String, theirs: String, similarity: Double? = nil) {
        self.field = field; self.ours = ours; self.theirs = theirs; self.similarity = similarity
    }
}

public struct ReviewItem: Sendable {
    public let id: Int
    public let kind: ReviewKind
    public let subjectType: ReviewSubject
    public let subjectID: String
    public let xmdm: String
    public let gcdm: String
    public let reasons: [String]
    public let state: ReviewState
    public let createdAt: String
    public let createdOn: String
    public let decidedBy: String?
    public let decidedAt: String?
    public let note: String?
    public let changes: String?
    public var fields: [FieldDifference]
}

extension Store {
    /// Opens a review item (state OPEN, or CLOSED for an informational answer).
    @discardableResult
    public func openReview(kind: ReviewKind, subjectType: ReviewSubject, subjectID: String, xmdm: String, gcdm: String = "",
                           reasons: [ReasonCode], fields: [FieldDifference] = [], state: ReviewState = .open) throws -> Int {
        let reasonText = reasons.map(\.rawValue).joined(separator: ",")
        if let held {
            let id = try held.holdReview(kind: kind, subjectType: subjectType, subjectID: subjectID, xmdm: xmdm, gcdm: gcdm,
                                         reasons: reasonText, state: state, createdAt: Timestamp.now(), createdOn: asOf.iso,
                                         runID: runID, fields: fields, db: db)
            try audit(.review, String(id), "opened", to: state, detail: "\(kind) \(reasonText) \(subjectType) \(subjectID)")
            return id
        }
        try db.run("""
            INSERT INTO review_item (kind, subject_type, subject_id, xmdm, gcdm, reasons, state, created_at, created_on, run_id)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, kind, subjectType, subjectID, xmdm, gcdm, reasons.map(\.rawValue).joined(separator: ","), state,
                   Timestamp.now(), asOf.iso, runID)
        let id = Int(db.lastInsertRowID)
        try replaceReviewFields(id, fields)
        try audit(.review, String(id), "opened", to: state, detail: "\(kind) \(reasons.map(\.rawValue).joined(separator: ",")) \(subjectType) \(subjectID)")
        return id
    }

    public func replaceReviewFields(_ id: Int, _ fields: [FieldDifference]) throws {
        try writeHeld()
        try db.run("DELETE FROM review_field WHERE review_id = ?", id)
        for (i, f) in fields.enumerated() {
            try db.run("INSERT INTO review_field (review_id, position, field, ours, theirs, similarity) VALUES (?, ?, ?, ?, ?, ?)",
                       id, i + 1, f.field, f.ours, f.theirs, f.similarity)
        }
    }

    private func reviewItem(_ r: Row) throws -> ReviewItem {
        let id = try r.column("id").int ?? 0
        let fields = try db.rows("SELECT * FROM review_field WHERE review_id = ? ORDER BY position", id).map {
            var similarity: Double?
            if case .real(let d) = try $0.column("similarity") { similarity = d }
            return try FieldDifference(field: $0.column("field").text, ours: $0.column("ours").text, theirs: $0.column("theirs").text,
                                       similarity: similarity)
        }
        return try ReviewItem(id: id, kind: r.value("kind"), subjectType: r.value("subject_type"), subjectID: r.column("subject_id").text,
                              xmdm: r.column("xmdm").text, gcdm: r.column("gcdm").text,
                              reasons: r.column("reasons").text.split(separator: ",").map(String.init), state: r.value("state"),
                              createdAt: r.column("created_at").text, createdOn: r.column("created_on").text, decidedBy: r.column("decided_by").string,
                              decidedAt: r.column("decided_at").string, note: r.column("note").string, changes: r.column("changes").string, fields: fields)
    }

    public func review(_ id: Int) throws -> ReviewItem? {
        try writeHeld()
        return try db.row("SELECT * FROM review_item WHERE id = ?", id).map(reviewItem)
    }

    /// Open items (all with `all`), oldest first.
    public func reviews(all: Bool) throws -> [ReviewItem] {
        try writeHeld()
        let sql = all ? "SELECT * FROM review_item ORDER BY id" : "SELECT * FROM review_item WHERE state = 'OPEN' ORDER BY id"
        return try db.rows(sql).map(reviewItem)
    }

    public func openReviews(subjectType: ReviewSubject, subjectID: String) throws -> [ReviewItem] {
        try writeHeld()
        return try db.rows("SELECT * FROM review_item WHERE subject_type = ? AND subject_id = ? AND state = 'OPEN' ORDER BY id",
                    subjectType, subjectID).map(reviewItem)
    }

    /// Records a decision (who, when, why, what was set); final once written.
    public func decideReview(_ id: Int, state: ReviewState, by: String, note: String?, changes: String?) throws {
        try writeHeld()
        try db.run("UPDATE review_item SET state = ?, decided_by = ?, decided_at = ?, note = ?, changes = ? WHERE id = ?",
                   state, by, Timestamp.now(), note, changes, id)
        try audit(.review, String(id), "decided", from: ReviewState.open, to: state, detail: note ?? "")
    }

    /// Closes an open item without a person's decision (its cause went away).
    public func closeReview(_ id: Int, note: String) throws {
        try writeHeld()
        try db.run("UPDATE review_item SET state = 'CLOSED', decided_by = 'apx', decided_at = ?, note = ? WHERE id = ?",
                   Timestamp.now(), note, id)
        try audit(.review, String(id), "closed", from: ReviewState.open, to: ReviewState.closed, detail: note)
    }
}
