import APXDomain
import SQLiteDB

/// The approved data of a project is most often exactly the platform data it was warehoused
/// from. Then it is not stored a second time: `project_approved_as_platform` names the
/// project and its platform row (and units) are read as the approved data. Before the
/// platform data of such a project is changed, the approved copy is written out, so the
/// approved data never changes with the platform's (spec 03: changed only by people).
enum ApprovedAsPlatform {
    static let columns = "xmmc, lxlx, tzptlx, gbhy, xzqhdm, jsdd, ztze, jsgmjnr, nkgsj, njcsj, lxsj"

    /// Marks every stored approved copy equal, byte for byte, to its platform data (units in
    /// the same positions) and removes the copy.
    static let migration: String = {
        let same = columns.split(separator: ",").map { "a.\($0.trimmingCharacters(in: .whitespaces)) = p.\($0.trimmingCharacters(in: .whitespaces))" }
            .joined(separator: " AND ")
        return """
            CREATE TABLE project_approved_as_platform (xmdm TEXT PRIMARY KEY) WITHOUT ROWID;
            INSERT INTO project_approved_as_platform (xmdm)
                SELECT a.xmdm FROM project_data a JOIN project_data p ON p.xmdm = a.xmdm AND p.kind = 'platform'
                WHERE a.kind = 'approved' AND a.extract_key = '' AND a.source_file_id IS NULL AND \(same)
                  AND (SELECT count(*) FROM project_unit u WHERE u.xmdm = a.xmdm AND u.kind = 'approved')
                    = (SELECT count(*) FROM project_unit u WHERE u.xmdm = a.xmdm AND u.kind = 'platform')
                  AND NOT EXISTS (SELECT 1 FROM project_unit u WHERE u.xmdm = a.xmdm AND u.kind = 'approved' AND NOT EXISTS (
                        SELECT 1 FROM project_unit v WHERE v.xmdm = u.xmdm AND v.kind = 'platform' AND v.position = u.position
                          AND v.name = u.name AND v.code = u.code));
            DELETE FROM project_unit WHERE kind = 'approved' AND xmdm IN (SELECT xmdm FROM project_approved_as_platform);
            DELETE FROM project_data WHERE kind = 'approved' AND xmdm IN (SELECT xmdm FROM project_approved_as_platform);
            """
    }()

    /// The row holding a project's data of `kind`: for approved data marked as the platform's,
    /// the platform row.
    static let rowSQL = """
        SELECT * FROM project_data WHERE xmdm = ?1 AND kind = CASE WHEN ?2 = 'approved'
            AND EXISTS (SELECT 1 FROM project_approved_as_platform WHERE xmdm = ?1) THEN 'platform' ELSE ?2 END
        """

    /// Writes out the approved copy of a project marked as its platform data (before that
    /// changes); nothing for any other project.
    static let materialize = """
        INSERT INTO project_data (xmdm, kind, \(columns), extract_key, source_file_id)
            SELECT xmdm, 'approved', \(columns), '', NULL FROM project_data
            WHERE xmdm = ?1 AND kind = 'platform' AND EXISTS (SELECT 1 FROM project_approved_as_platform WHERE xmdm = ?1)
        """

    /// Byte for byte (Swift's `==` on strings is canonical equivalence: other bytes, same text).
    static func same(_ a: ProjectRecord, _ b: ProjectRecord) -> Bool {
        func eq(_ x: String, _ y: String) -> Bool { SameBytes.equal(x, y) }
        return eq(a.xmdm, b.xmdm) && eq(a.xmmc, b.xmmc) && eq(a.lxlx, b.lxlx) && eq(a.tzptlx, b.tzptlx) && eq(a.gbhy, b.gbhy)
            && eq(a.xzqhdm, b.xzqhdm) && eq(a.jsdd, b.jsdd) && eq(a.ztze, b.ztze) && eq(a.jsgmjnr, b.jsgmjnr)
            && eq(a.nkgsj, b.nkgsj) && eq(a.njcsj, b.njcsj) && eq(a.lxsj, b.lxsj) && a.units.count == b.units.count
            && zip(a.units, b.units).allSatisfy { eq($0.name, $1.name) && eq($0.code, $1.code) }
    }
}

/// The platform data of one project as read (nil: none) or written last in a transaction:
/// storing its approved data or new platform data right after needs no second read. Valid in
/// that transaction only (the write lock keeps other connections out); dropped on a rollback.
struct PlatformRead {
    let xmdm: String
    let record: ProjectRecord?
    let serial: Int
    /// The project was created in this transaction: it has no data and no units of any kind yet.
    var created = false
}

extension Store {
    func notePlatform(_ xmdm: String, _ record: ProjectRecord?, created: Bool = false) {
        lastPlatform = db.isInTransaction ? PlatformRead(xmdm: xmdm, record: record, serial: db.transactionSerial, created: created) : nil
    }

    /// The platform data of `xmdm` as last read or written in this transaction, if that was of it.
    func notedPlatform(_ xmdm: String) -> PlatformRead? {
        guard let last = lastPlatform, db.isInTransaction, last.serial == db.transactionSerial, last.xmdm == xmdm else { return nil }
        return last
    }

    /// Whether `xmdm` was created in this transaction and nothing of its data written since.
    func isBareNewProject(_ xmdm: String) -> Bool {
        notedPlatform(xmdm)?.created ?? false
    }

    /// The stored platform data of `xmdm`, from the last read in this transaction when it was of it.
    func currentPlatform(_ xmdm: String) throws -> ProjectRecord? {
        if let noted = notedPlatform(xmdm) { return noted.record }
        return try projectData(xmdm, kind: .platform)
    }

    /// Stores `p` as the approved data of its project: a mark when it is the platform data
    /// byte for byte, else a copy of its own.
    func saveApprovedData(_ p: ProjectRecord) throws {
        try saveApprovedData(p, platform: currentPlatform(p.xmdm))
    }

    /// As `saveProjectData(p, kind: .approved)`, with the project's platform data as the caller
    /// read it in this transaction (nil: none). `isPlatform`: `p` is that platform value itself
    /// (no comparison needed); `withoutCopy`: the caller read in this transaction that the
    /// project has no approved copy stored (none to delete).
    public func saveApprovedData(_ p: ProjectRecord, platform: ProjectRecord?, isPlatform: Bool = false,
                                 withoutCopy: Bool = false) throws {
        if let platform, isPlatform || ApprovedAsPlatform.same(platform, p) {
            try db.run("INSERT OR IGNORE INTO project_approved_as_platform (xmdm) VALUES (?)", p.xmdm)
            if withoutCopy { return }
            try db.run("DELETE FROM project_data WHERE xmdm = ? AND kind = 'approved'", p.xmdm)
            if db.changes > 0 { try db.run("DELETE FROM project_unit WHERE xmdm = ? AND kind = 'approved'", p.xmdm) }
            return
        }
        try db.run("DELETE FROM project_approved_as_platform WHERE xmdm = ?", p.xmdm)
        try writeProjectData(p, kind: .approved, extractKey: "", fileID: nil)
    }

    /// Before the platform data of `p`'s project is replaced by `p`: an approved mark becomes a
    /// copy (nothing to do without platform data, or when it stays the same bytes).
    func keepApprovedDataOf(_ p: ProjectRecord) throws {
        let xmdm = p.xmdm
        if let noted = notedPlatform(xmdm) {
            guard let stored = noted.record, !ApprovedAsPlatform.same(stored, p) else { return }
        }
        try db.run(ApprovedAsPlatform.materialize, xmdm)
        guard db.changes > 0 else { return }
        try db.run("""
            INSERT INTO project_unit (xmdm, kind, position, name, code)
            SELECT xmdm, 'approved', position, name, code FROM project_unit WHERE xmdm = ? AND kind = 'platform'
            """, xmdm)
        try db.run("DELETE FROM project_approved_as_platform WHERE xmdm = ?", xmdm)
    }
}
