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
        try db.row("SELECT * FROM project WHERE xmdm = ?", xmdm).map(projectRow)
    }

    func projectRow(_ r: Row) throws -> ProjectRow {
        try ProjectRow(xmdm: r.column("xmdm").text, state: r.value("state"), splclx: r.column("splclx").int,
                       firstSeen: r.column("first_seen").text, warehousedOn: r.column("warehoused_on").string)
    }

    /// Creates the project row if it is new; returns whether it was created.
    @discardableResult
    public func ensureProject(_ xmdm: String, state: ProjectState) throws -> Bool {
        try db.run("INSERT OR IGNORE INTO project (xmdm, state, first_seen, updated_at) VALUES (?, ?, ?, ?)",
                   xmdm, state, asOf.iso, Timestamp.now())
        let created = db.changes > 0
        if created {
            // A new project row: no project_data can refer to it yet (foreign key), nor units.
            notePlatform(xmdm, nil, created: true)
            try audit(.project, xmdm, "created", to: state)
        }
        return created
    }

    /// Moves a project to `state` (audited); no-op when already there.
    public func setProjectState(_ xmdm: String, _ state: ProjectState, detail: String = "") throws {
        guard let current = try project(xmdm) else { return }
        try setProjectState(current, state, detail: detail)
    }

    /// As `setProjectState(_:_:detail:)` for a row the caller holds as it is stored now.
    public func setProjectState(_ current: ProjectRow, _ state: ProjectState, detail: String = "") throws {
        let xmdm = current.xmdm
        guard current.state != state else { return }
        try db.run("UPDATE project SET state = ?, warehoused_on = \(Self.firstWarehousingDay), updated_at = ? WHERE xmdm = ?",
                   state, state == .warehoused ? asOf.iso : nil, Timestamp.now(), xmdm)
        try audit(.project, xmdm, "state", from: current.state, to: state, detail: detail)
    }

    public func setSPLCLX(_ xmdm: String, _ splclx: Int) throws {
        try db.run("UPDATE project SET splclx = ?, updated_at = ? WHERE xmdm = ?", splclx, Timestamp.now(), xmdm)
        try audit(.project, xmdm, "splclx", to: String(splclx))
    }

    public func projectData(_ xmdm: String, kind: ProjectDataKind) throws -> ProjectRecord? {
        try storedProjectData(xmdm, kind: kind)?.record
    }

    /// The data of `kind` with the extract key of the row it was read from (one read of the
    /// row, one of its units); platform data is noted for the transaction.
    private func storedProjectData(_ xmdm: String, kind: ProjectDataKind) throws -> (record: ProjectRecord, extractKey: String)? {
        guard let r = try db.row(ApprovedAsPlatform.rowSQL, xmdm, kind) else {
            if kind == .platform { notePlatform(xmdm, nil) }
            return nil
        }
        let units = try db.rows("SELECT name, code FROM project_unit WHERE xmdm = ? AND kind = ? ORDER BY position", xmdm, r.column("kind").text)
            .map { Unit(name: try $0.column("name").text, code: try $0.column("code").text) }
        let record = try projectRecord(r, xmdm: xmdm, units: units)
        if kind == .platform { notePlatform(xmdm, record) }
        return (record, try r.column("extract_key").text)
    }

    /// A `project_data` row with its units (in position order) as a record.
    func projectRecord(_ r: Row, xmdm: String, units: [Unit]) throws -> ProjectRecord {
        try ProjectRecord(xmdm: xmdm, xmmc: r.column("xmmc").text, lxlx: r.column("lxlx").text, tzptlx: r.column("tzptlx").text,
                          gbhy: r.column("gbhy").text, xzqhdm: r.column("xzqhdm").text, jsdd: r.column("jsdd").text, ztze: r.column("ztze").text,
                          jsgmjnr: r.column("jsgmjnr").text, nkgsj: r.column("nkgsj").text, njcsj: r.column("njcsj").text,
                          lxsj: r.column("lxsj").text, units: units)
    }

    /// The stored platform data with the extract ordering key (`yyyyMMdd_NN` of the file
    /// name) it came from.
    public func platformData(_ xmdm: String) throws -> (record: ProjectRecord, extractKey: String)? {
        if isBareNewProject(xmdm) { return nil }
        return try storedProjectData(xmdm, kind: .platform)
    }

    /// The same platform data arrived again in a later extract.
    public func touchPlatformData(_ xmdm: String, extractKey: String, fileID: Int) throws {
        try db.run("UPDATE project_data SET extract_key = ?, source_file_id = ? WHERE xmdm = ? AND kind = 'platform'",
                   extractKey, fileID, xmdm)
    }

    public func saveProjectData(_ p: ProjectRecord, kind: ProjectDataKind, extractKey: String = "", fileID: Int? = nil) throws {
        switch kind {
        case .approved: try saveApprovedData(p)
        case .platform:
            try keepApprovedDataOf(p)
            try writeProjectData(p, kind: .platform, extractKey: extractKey, fileID: fileID)
            notePlatform(p.xmdm, p)
        }
    }

    /// The row and units of one kind of a project's data, as given.
    func writeProjectData(_ p: ProjectRecord, kind: ProjectDataKind, extractKey: String, fileID: Int?) throws {
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
        // A project created in this transaction has no units to replace yet.
        let bare = isBareNewProject(p.xmdm)
        if !bare {
            try db.run("DELETE FROM project_unit WHERE xmdm = ? AND kind = ?", p.xmdm, kind)
        }
        for (i, unit) in p.units.enumerated() {
            try db.run("INSERT INTO project_unit (xmdm, kind, position, name, code) VALUES (?, ?, ?, ?, ?)",
                       p.xmdm, kind, i + 1, unit.name, unit.code)
        }
        if bare { notePlatform(p.xmdm, nil) }
    }
}
