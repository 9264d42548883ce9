import APXCore
import APXDomain
import SQLiteDB

/// The results of one input file stored a reading batch at a time, deciding each record as
/// `Store.receiveResult` does one by one: `prepare` reads the newest stored version of every
/// key of the batch in one statement; `receive` decides in order (a key already received in
/// the batch is compared with what the batch holds for it); new results are held and written
/// by one INSERT per batch (`flush`) with the ids one-by-one storing would have given them.
/// A record that makes a new version (or a key `prepare` did not see) goes through
/// `receiveResult` itself after the held rows are written: superseding, closing reviews and
/// its audit rows stay that path's. Audit rows are written by `Store.audit` as each record
/// is decided, so they keep the file's order.
public final class ResultIntake {
    private let store: Store
    private let source: Source
    private let fileID: Int
    /// The newest version of each prepared key (stored, or received in the batch).
    private var latest: [ResultKey: Newest] = [:]
    private var held = FeedRows(columns: 11)
    /// The id the next held row takes (nil: read `max(id) + 1` when one is needed).
    private var nextID: Int?

    private enum Newest {
        case absent
        case version(state: ResultState, record: ResultRecord)
    }

    public init(store: Store, source: Source, fileID: Int) {
        self.store = store
        self.source = source
        self.fileID = fileID
    }

    static let latestSQL = """
        SELECT r.sxbm, r.number, r.xmdm, r.gcdm, r.state, r.record FROM apx_feed(?) f
        JOIN result r ON r.id = (SELECT id FROM result WHERE sxbm = f.c0 AND number = f.c1 ORDER BY version DESC LIMIT 1)
        """

    static let insertSQL = """
        INSERT INTO result (id, sxbm, number, version, xmdm, gcdm, state, record, source, input_file_id, received_on, updated_at)
        SELECT c0, c1, c2, c3, c4, c5, 'NEW', c6, c7, c8, c9, c10 FROM apx_feed(?)
        """

    /// Writes what the last batch holds, then reads what `records` (the next batch) must know.
    public func prepare(_ records: [ResultRecord]) throws {
        try flush()
        latest.removeAll(keepingCapacity: true)
        nextID = nil
        guard !records.isEmpty else { return }
        var keys = FeedRows(columns: 2)
        for r in records where latest.updateValue(.absent, forKey: ResultKey(sxbm: r.sxbm, number: r.number)) == nil {
            keys.append(r.sxbm)
            keys.append(r.number)
        }
        for row in try store.db.rows(Self.latestSQL, feeding: &keys) {
            let identity = ResultCodec.Identity(sxbm: row.text("sxbm"), number: row.text("number"), xmdm: row.text("xmdm"),
                                                gcdm: row.text("gcdm"))
            let state = ResultState(rawValue: row.text("state")) ?? .new
            latest[ResultKey(sxbm: identity.sxbm, number: identity.number)] =
                .version(state: state, record: ResultCodec.decode(row.text("record"), identity: identity))
        }
    }

    /// As `Store.receiveResult(r, source:, fileID:)` for the next record of the prepared batch.
    public func receive(_ r: ResultRecord) throws -> Store.ResultArrival {
        let key = ResultKey(sxbm: r.sxbm, number: r.number)
        guard let newest = latest[key] else { return try oneByOne(r, key) }
        if case .version(let state, let record) = newest {
            if record.key == r.key, state != .rejected { return .unchanged }
            return try oneByOne(r, key)
        }
        let id = try takeID()
        held.append(id); held.append(r.sxbm); held.append(r.number); held.append(1); held.append(r.xmdm); held.append(r.gcdm)
        held.append(ResultCodec.encodeCompact(r)); held.append(source.rawValue); held.append(fileID); held.append(store.asOf.iso)
        held.append(Timestamp.now())
        try store.audit(.result, "\(r.sxbm):\(r.number)", "received", to: "v1")
        latest[key] = .version(state: .new, record: r)
        return .inserted(id)
    }

    /// Writes the held results (one statement).
    public func flush() throws {
        try IngestBatch.write(store.db, Self.insertSQL, &held)
    }

    private func takeID() throws -> Int {
        if let next = nextID {
            nextID = next + 1
            return next
        }
        let next = (try store.db.scalar("SELECT COALESCE(max(id), 0) FROM result").int ?? 0) + 1
        nextID = next + 1
        return next
    }

    /// The record stored by `receiveResult` itself, after what is held; the key is then
    /// decided one by one for the rest of the batch too.
    private func oneByOne(_ r: ResultRecord, _ key: ResultKey) throws -> Store.ResultArrival {
        try flush()
        nextID = nil
        latest.removeValue(forKey: key)
        return try store.receiveResult(r, source: source, fileID: fileID)
    }
}
