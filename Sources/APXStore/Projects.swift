import APXCore
import APXDomain
import SQLiteDB

public struct ProjectRow: Sendable {
    public let xmdm: String
    public let state: ProjectState
    public let splclx: Int?
    public let firstSeen: String
    public let warehousedOn: String?
}

extension Store {
    public func project(_ xmdm: String) throws -> ProjectRow? {
        try db.row("SELECT * FROM project WHERE xmdm = ?", xmdm).map {
            ProjectRow(xmdm: $0.text("xmdm"), state: try $0.value("state"), splclx: $0.int("splclx"),
                       firstSeen: $0.text("first_seen"), warehousedOn: $0.string("warehoused_on"))
        }
    }

    /// Creates the project row if it is new; returns whether it was created.
    @discardableResult
    public func ensureProject(_ xmdm: String, state: ProjectState) throws -> Bool {
        try db.run("INSERT OR IGNORE INTO project (xmdm, state, first_seen, updated_at) VALUES (?, ?, ?, ?)",
                   xmdm, state, asOf.iso, Timestamp.now())
        let created = db.changes > 0
        if created { try audit(.project, xmdm, "created", to: state) }
        return created
    }

    /// Moves a project to `state` (audited); no-op when already there.
    public func setProjectState(_ xmdm: String, _ state: ProjectState, detail: String = "") throws {
        guard let current = try project(xmdm) else { return }
        guard current.state != state else { return }
        try db.run("UPDATE project SET state = ?, updated_at = ? WHERE xmdm = ?", state, Timestamp.now(), xmdm)
        if state == ProjectState.warehoused && current.warehousedOn == nil {
            try db.run("UPDATE project SET warehoused_on = ? WHERE xmdm = ?", asOf.iso, xmdm)
        }
        try audit(.project, xmdm, "state", from: current.state, to: state, detail: detail)
    }

    public func setSPLCLX(_ xmdm: String, _ splclx: Int) throws {
        try db.run("UPDATE project SET splclx = ?, updated_at = ? WHERE xmdm = ?", splclx, Timestamp.now(), xmdm)
        try audit(.project, xmdm, "splclx", to: String(splclx))
    }

    public func projectData(_ xmdm: String, kind: ProjectDataKind) throws -> ProjectRecord? {
        guard let r = try db.row("SELECT * FROM project_data WHERE xmdm = ? AND kind = ?", xmdm, kind) else { return nil }
        let units = try db.rows("SELECT name, code FROM project_unit WHERE xmdm = ? AND kind = ? ORDER BY position", xmdm, kind)
            .map { Unit(name: $0.text("name"), code: $0.text("code")) }
        return ProjectRecord(xmdm: xmdm, xmmc: r.text("xmmc"), lxlx: r.text("lxlx"), tzptlx: r.text("tzptlx"),
                             gbhy: r.text("gbhy"), xzqhdm: r.text("xzqhdm"), jsdd: r.text("jsdd"), ztze: r.text("ztze"),
                             jsgmjnr: r.text("jsgmjnr"), nkgsj: r.text("nkgsj"), njcsj: r.text("njcsj"),
                             lxsj: r.text("lxsj"), units: units)
    }

    /// The stored platform data with the extract ordering key (`yyyyMMdd_NN` of the file
    /// name) it came from.
    public func platformData(_ xmdm: String) throws -> (record: ProjectRecord, extractKey: String)? {
        guard let key = try db.scalar("SELECT extract_key FROM project_data WHERE xmdm = ? AND kind = 'platform'", xmdm).string,
              let record = try projectData(xmdm, kind: .platform) else { return nil }
        return (record, key)
    }

    /// The same platform data arrived again in a later extract.
    public func touchPlatformData(_ xmdm: String, extractKey: String, fileID: Int) throws {
        try db.run("UPDATE project_data SET extract_key = ?, source_file_id = ? WHERE xmdm = ? AND kind = 'platform'",
                   extractKey, fileID, xmdm)
    }

    public func saveProjectData(_ p: ProjectRecord, kind: ProjectDataKind, extractKey: String = "", fileID: Int? = nil) throws {
        try db.run("""
            INSERT INTO project_data (xmdm, kind, xmmc, lxlx, tzptlx, gbhy, xzqhdm, jsdd, ztze, jsgmjnr, nkgsj, njcsj, lxsj,
                                      extract_key, source_file_id)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (xmdm, kind) DO UPDATE SET xmmc = excluded.xmmc, lxlx = excluded.lxlx, tzptlx = excluded.tzptlx,
                gbhy = excluded.gbhy, xzqhdm = excluded.xzqhdm, jsdd = excluded.jsdd, ztze = excluded.ztze,
                jsgmjnr = excluded.jsgmjnr, nkgsj = excluded.nkgsj, njcsj = excluded.njcsj, lxsj = excluded.lxsj,
                extract_key = excluded.extract_key, source_file_id = excluded.source_file_id
            """, p.xmdm, kind, p.xmmc, p.lxlx, p.tzptlx, p.gbhy, p.xzqhdm, p.jsdd, p.ztze, p.jsgmjnr, p.nkgsj, p.njcsj,
                   p.lxsj, extractKey, fileID)
        try db.run("DELETE FROM project_unit WHERE xmdm = ? AND kind = ?", p.xmdm, kind)
        for (i, unit) in p.units.enumerated() {
            try db.run("INSERT INTO project_unit (xmdm, kind, position, name, code) VALUES (?, ?, ?, ?, ?)",
                       p.xmdm, kind, i + 1, unit.name, unit.code)
        }
    }
}
