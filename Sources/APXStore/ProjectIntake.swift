import APXCore
import APXDomain
import SQLiteDB

/// Projects of one platform extract that are new, stored a reading batch at a time exactly
/// as `ensureProject` + `saveProjectData(kind: .platform)` store a project created in the
/// transaction: `prepare` reads which projects of the batch exist in one statement; `create`
/// holds a new project's row, platform data and units (auditing `created` as it decides) for
/// one INSERT per table (`flush`). Anything else — a known project, one already in the batch —
/// is not created here: `create` writes what it holds and answers false, and the caller
/// applies the record one by one (`PlatformUpdates.apply`).
public final class ProjectIntake {
    private let store: Store
    private var prepared: Set<ByteKey> = []
    /// Projects stored before the batch, or created in it.
    private var known: Set<ByteKey> = []
    private var projects = FeedRows(columns: 4)
    private var data = FeedRows(columns: 14)
    private var units = FeedRows(columns: 4)
    /// Whether any project was stored when the file began (nil: not read yet).
    private var storedBefore: Bool?
    private var storedHere = FileStoredKeys()

    static let knownSQL = "SELECT xmdm FROM project WHERE xmdm IN (SELECT c0 FROM apx_feed(?))"
    static let projectSQL = "INSERT INTO project (xmdm, state, first_seen, updated_at) SELECT c0, c1, c2, c3 FROM apx_feed(?)"
    static let dataSQL = """
        INSERT INTO project_data (xmdm, kind, xmmc, lxlx, tzptlx, gbhy, xzqhdm, jsdd, ztze, jsgmjnr, nkgsj, njcsj, lxsj,
                                  extract_key, source_file_id)
        SELECT c0, 'platform', c1, c2, c3, c4, c5, c6, c7, c8, c9, c10, c11, c12, c13 FROM apx_feed(?)
        """
    static let unitSQL = "INSERT INTO project_unit (xmdm, kind, position, name, code) SELECT c0, 'platform', c1, c2, c3 FROM apx_feed(?)"

    public init(store: Store) { self.store = store }

    /// Writes what the last batch holds, then reads which of the next batch's projects
    /// (`xmdms`) exist.
    public func prepare(_ xmdms: [String]) throws {
        try flush()
        prepared.removeAll(keepingCapacity: true)
        known.removeAll(keepingCapacity: true)
        if storedBefore == nil { storedBefore = try store.db.row("SELECT 1 FROM project LIMIT 1") != nil }
        var numbers = FeedRows(columns: 1)
        for xmdm in xmdms {
            let key = ByteKey(xmdm)
            guard prepared.insert(key).inserted, storedBefore == true || storedHere.mayHaveStored(key) else { continue }
            numbers.append(xmdm)
        }
        for row in try store.db.rows(Self.knownSQL, feeding: &numbers) { known.insert(ByteKey(row.text("xmdm"))) }
    }

    /// Holds `p` as a project created in state `state` with `p` as its platform data, when it
    /// is new; false (after writing what is held) when it is not to be created here.
    public func create(_ p: ProjectRecord, state: ProjectState, extractKey: String, fileID: Int) throws -> Bool {
        let key = ByteKey(p.xmdm)
        guard prepared.contains(key), known.insert(key).inserted else {
            try flush()
            storedHere.noteStored(key)
            return false
        }
        storedHere.noteStored(key)
        projects.append(p.xmdm); projects.append(state.rawValue); projects.append(store.asOf.iso); projects.append(Timestamp.now())
        data.append(p.xmdm); data.append(p.xmmc); data.append(p.lxlx); data.append(p.tzptlx); data.append(p.gbhy)
        data.append(p.xzqhdm); data.append(p.jsdd); data.append(p.ztze); data.append(p.jsgmjnr); data.append(p.nkgsj)
        data.append(p.njcsj); data.append(p.lxsj); data.append(extractKey); data.append(fileID)
        for (i, unit) in p.units.enumerated() {
            units.append(p.xmdm); units.append(i + 1); units.append(unit.name); units.append(unit.code)
        }
        if store.lastPlatform?.xmdm == p.xmdm { store.lastPlatform = nil }
        try store.audit(.project, p.xmdm, "created", to: state)
        return true
    }

    /// Writes the held projects, their data and units (one statement per table).
    public func flush() throws {
        try IngestBatch.write(store.db, Self.projectSQL, &projects)
        try IngestBatch.write(store.db, Self.dataSQL, &data)
        try IngestBatch.write(store.db, Self.unitSQL, &units)
    }
}
