import APXCore
import APXDomain
import SQLiteDB

/// What one project is for an evaluation: its row and one kind of its data (nil: none).
/// Immutable, and a class: a page's cache hands it out without copying the project's strings.
public final class ProjectReading: Sendable {
    public let project: ProjectRow
    public let data: ProjectRecord?
    public init(project: ProjectRow, data: ProjectRecord?) {
        self.project = project
        self.data = data
    }
}

/// A warehousing request page's projects, by the position of their key in `PageKeys.list`.
public struct RequestPageReadings: Sendable {
    /// The project and its platform data as `projectReadings(_:kind: .platform)` reads them
    /// (nil: not stored).
    public var projects: [ProjectReading?]
    /// More than one request (in any state).
    public var severalRequests: [Bool]
    /// Approved data of its own stored (a copy, not the mark that the platform data is the
    /// approved data: `ApprovedAsPlatform`).
    public var approvedCopies: [Bool]

    public init(count: Int) {
        projects = Array(repeating: nil, count: count)
        severalRequests = Array(repeating: false, count: count)
        approvedCopies = Array(repeating: false, count: count)
    }
}

/// The reads an evaluation page makes at once (in the caller's transaction): each one or two
/// statements over the page's keys (`json_each` of a JSON array of them), each row decoded
/// once, with the same decoding and the same `WHERE` as the single reads (`project`,
/// `projectData`, `subproject`, `hasWarehoused`, `application`). Keys are `PageKeys`' plain
/// ones, so the answers are keyed byte for byte.
extension Store {
    /// The keys as a JSON array. Plain keys are printable ASCII: only `"` and `\` need an
    /// escape (an SLBH or an item code may hold them; unescaped, the page's statement failed
    /// with "malformed JSON" every night).
    private func keyArray(_ keys: PageKeys) -> String { Self.jsonArray(keys.list) }

    /// `keys` (plain: printable ASCII) as a JSON array of strings.
    static func jsonArray(_ keys: [String]) -> String {
        var out: [UInt8] = [UInt8(ascii: "[")]
        out.reserveCapacity(keys.reduce(2) { $0 + $1.utf8.count + 3 })
        for (i, key) in keys.enumerated() {
            if i > 0 { out.append(UInt8(ascii: ",")) }
            out.append(UInt8(ascii: "\""))
            var key = key
            key.withUTF8 { bytes in
                for byte in bytes {
                    if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") { out.append(UInt8(ascii: "\\")) }
                    out.append(byte)
                }
            }
            out.append(UInt8(ascii: "\""))
        }
        out.append(UInt8(ascii: "]"))
        return String(decoding: out, as: UTF8.self)
    }

    /// The row of `kind` holding a project's data (`ApprovedAsPlatform.rowSQL`), for `?2` = kind.
    private static let dataKind = """
        CASE WHEN ?2 = 'approved' AND EXISTS (SELECT 1 FROM project_approved_as_platform a WHERE a.xmdm = j.value)
            THEN 'platform' ELSE ?2 END
        """

    /// The projects of `xmdms` with their data of `kind` as `projectData(_:kind:)` reads it.
    /// A project absent from the table is absent from the answer.
    public func projectReadings(_ xmdms: PageKeys, kind: ProjectDataKind) throws -> [String: ProjectReading] {
        try Self.projectReadings(on: db, xmdms, kind: kind)
    }

    /// `projectReadings(_:kind:)` on connection `db` (the store's, or an `OpenResultsReader`'s).
    static func projectReadings(on db: Database, _ xmdms: PageKeys, kind: ProjectDataKind) throws -> [String: ProjectReading] {
        var out: [String: ProjectReading] = [:]
        out.reserveCapacity(xmdms.list.count)
        try forEachReading(on: db, xmdms, kind: kind, sql: Self.readingsSQL) { _, reading, _ in out[reading.project.xmdm] = reading }
        return out
    }

    /// A warehousing request page's reads: its projects with their platform data, and in the
    /// same statement their other facts (`RequestPageReadings`).
    public func requestPageReadings(_ xmdms: PageKeys) throws -> RequestPageReadings {
        var out = RequestPageReadings(count: xmdms.list.count)
        try Self.forEachReading(on: db, xmdms, kind: .platform, sql: Self.readingsWithFactsSQL) { k, reading, c in
            out.projects[k] = reading
            out.severalRequests[k] = c.int(18) == 1
            out.approvedCopies[k] = c.int(19) == 1
        }
        return out
    }

    /// Each stored project of `xmdms` with its data of `kind`, by its key's position; `sql`:
    /// `readingsSQL` or one with more columns after its own.
    private static func forEachReading(on db: Database, _ xmdms: PageKeys, kind: ProjectDataKind, sql: String,
                                       _ body: (Int, ProjectReading, RowCursor) throws -> Void) throws {
        guard !xmdms.isEmpty else { return }
        let keys = jsonArray(xmdms.list)
        // By the key's index in the array (`j.key`), in position order as read.
        var units = [[Unit]](repeating: [], count: xmdms.list.count)
        var unordered: Set<Int> = []
        var last: (key: Int, position: Int)?
        try db.forEachRow("""
            SELECT j.key AS k, u.position, u.name, u.code FROM json_each(?1) j
                JOIN project_unit u ON u.xmdm = j.value AND u.kind = \(Self.dataKind)
            """, keys, kind) { c in
            guard let k = c.int(0), units.indices.contains(k) else { return }
            let position = c.int(1) ?? 0
            if let last, last.key == k, last.position > position { unordered.insert(k) }
            last = (k, position)
            units[k].append(Unit(name: c.text(2), code: c.text(3)))
        }
        for k in unordered {   // not in position order: read those again, ordered
            units[k] = try db.rows("""
                SELECT u.name, u.code FROM json_each(?1) j JOIN project_unit u ON u.xmdm = j.value AND u.kind = \(Self.dataKind)
                ORDER BY u.position
                """, Self.jsonArray([xmdms.list[k]]), kind).map { Unit(name: try $0.column("name").text, code: try $0.column("code").text) }
        }
        // Read by index (the columns in this order), as `projectRow` and `projectRecord` read them by name.
        try db.forEachRow(sql, keys, kind) { c in
            guard let k = c.int(0), units.indices.contains(k) else { return }
            let rawState = c.text(2)
            guard let state = ProjectState(rawValue: rawState) else {
                throw StoreError.unknownValue(column: "state", raw: rawState, type: "\(ProjectState.self)")
            }
            // p.xmdm = j.value: the key's own bytes.
            let project = ProjectRow(xmdm: xmdms.list[k], state: state, splclx: c.int(3), firstSeen: c.text(4),
                                     warehousedOn: c.isNull(5) ? nil : c.text(5))
            let data = c.isNull(6) ? nil
                : ProjectRecord(xmdm: project.xmdm, xmmc: c.text(7), lxlx: c.text(8), tzptlx: c.text(9), gbhy: c.text(10),
                                xzqhdm: c.text(11), jsdd: c.text(12), ztze: c.text(13), jsgmjnr: c.text(14), nkgsj: c.text(15),
                                njcsj: c.text(16), lxsj: c.text(17), units: units[k])
            try body(k, ProjectReading(project: project, data: data), c)
        }
    }

    /// The projects and their data of kind `?2`, for the keys `?1` (a JSON array), with
    /// `extra` columns after the 18 `forEachReading` reads.
    private static func readings(extra: String = "") -> String {
        """
        SELECT j.key AS k, p.xmdm, p.state, p.splclx, p.first_seen, p.warehoused_on, d.kind AS data_kind, d.xmmc, d.lxlx, d.tzptlx,
               d.gbhy, d.xzqhdm, d.jsdd, d.ztze, d.jsgmjnr, d.nkgsj, d.njcsj, d.lxsj\(extra)
        FROM json_each(?1) j JOIN project p ON p.xmdm = j.value
            LEFT JOIN project_data d ON d.xmdm = j.value AND d.kind = \(dataKind)
        """
    }

    private static let readingsSQL = readings()

    /// `readingsSQL` and, as columns 18 and 19, the `RequestPageFacts` of each project.
    private static let readingsWithFactsSQL = readings(extra: """
        ,
               (SELECT count(*) FROM (SELECT 1 FROM warehousing_request w WHERE w.xmdm = j.value LIMIT 2)) > 1 AS several,
               EXISTS (SELECT 1 FROM project_data a WHERE a.xmdm = j.value AND a.kind = 'approved') AS approved_copy
        """)

    /// The sub-projects of `gcdms` (known ones only).
    public func subprojects(gcdms: PageKeys) throws -> [String: SubprojectRow] {
        guard !gcdms.isEmpty else { return [:] }
        var out: [String: SubprojectRow] = [:]
        for r in try db.rows("SELECT s.* FROM json_each(?1) j JOIN subproject s ON s.gcdm = j.value", keyArray(gcdms)) {
            let row = try SubprojectRow(gcdm: r.column("gcdm").text, xmdm: r.column("xmdm").text, name: r.column("name").text,
                                        state: r.value("state"))
            out[row.gcdm] = row
        }
        return out
    }

    /// Every warehoused result of an item of `sxbms` under a project of `xmdms`, as
    /// (xmdm, sxbm, gcdm).
    public func warehousedItems(xmdms: PageKeys, sxbms: PageKeys) throws -> [(xmdm: String, sxbm: String, gcdm: String)] {
        guard !xmdms.isEmpty, !sxbms.isEmpty else { return [] }
        try writeHeld()
        return try db.mapRows("""
            SELECT r.xmdm, r.sxbm, r.gcdm FROM json_each(?1) j JOIN result r ON r.xmdm = j.value
            WHERE r.sxbm IN (SELECT value FROM json_each(?2)) AND r.state = 'WAREHOUSED'
            """, keyArray(xmdms), keyArray(sxbms)) { (xmdm: $0.text(0), sxbm: $0.text(1), gcdm: $0.text(2)) }
    }

    /// The applications of `slbhs` (known ones only).
    public func applications(_ slbhs: PageKeys) throws -> [String: ApplicationRow] {
        guard !slbhs.isEmpty else { return [:] }
        var out: [String: ApplicationRow] = [:]
        for r in try db.rows("SELECT a.* FROM json_each(?1) j JOIN application a ON a.slbh = j.value", keyArray(slbhs)) {
            let row = try applicationRow(r)
            out[row.acceptance.slbh] = row
        }
        return out
    }
}
