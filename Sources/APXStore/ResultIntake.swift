import APXCore
import APXDomain
import SQLiteDB

/// The results of one input file stored a reading batch at a time, deciding each record as
/// `Store.receiveResult` does one by one: `prepare` reads the stored versions of every key of
/// the batch in one statement; `receive` decides in order; new results are held and written
/// by one INSERT per batch (`flush`) with the ids one-by-one storing would have given them.
/// A record that makes a new version, a key's second arrival in the batch (the held rows are
/// written first, then compared as stored) or a key `prepare` did not see goes through
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
    /// Per item (SXBM): whether results of it were stored when the file began.
    private var storedBefore: [ByteKey: Bool] = [:]
    private var storedHere = FileStoredKeys()

    private enum Newest {
        /// None stored before the batch, nor received in it.
        case absent
        /// Stored before the batch.
        case stored(state: ResultState, record: ResultRecord)
        /// Received (held) in the batch: a second arrival of the key goes one by one.
        case held
    }

    public init(store: Store, source: Source, fileID: Int) {
        self.store = store
        self.source = source
        self.fileID = fileID
    }

    /// Every stored version of the keys (one probe of `(sxbm, number, version)` per key that
    /// has none: the first load's case); the newest is picked in Swift.
    static let versionsSQL = """
        SELECT r.sxbm, r.number, r.version, r.xmdm, r.gcdm, r.state, r.record FROM apx_feed(?) f
        JOIN result r ON r.sxbm = f.c0 AND r.number = f.c1
        """

    static let insertSQL = """
        INSERT INTO result (id, sxbm, number, version, xmdm, gcdm, state, record, source, input_file_id, received_on, updated_at)
        SELECT c0, c1, c2, c3, c4, c5, 'NEW', c6, c7, c8, c9, c10 FROM apx_feed(?)
        """

    /// Writes what the last batch holds, then reads what the next batch, of the results keyed
    /// `keys` (SXBM, number), must know.
    public func prepare(_ keys: [(sxbm: String, number: String)]) throws {
        try flush()
        latest.removeAll(keepingCapacity: true)
        nextID = nil
        var feed = FeedRows(columns: 2)
        for (sxbm, number) in keys {
            let key = ResultKey(sxbm: sxbm, number: number)
            guard latest.updateValue(.absent, forKey: key) == nil else { continue }
            // An item without results before this file has only those the file stored.
            guard try hadResults(key.sxbm) || storedHere.mayHaveStored(key) else { continue }
            feed.append(sxbm)
            feed.append(number)
        }
        try store.writeHeld()
        var newest: [ResultKey: (version: Int, row: Row)] = [:]
        for row in try store.db.rows(Self.versionsSQL, feeding: &feed) {
            let key = ResultKey(sxbm: row.text("sxbm"), number: row.text("number")), version = row["version"].int ?? 0
            if let seen = newest[key], seen.version >= version { continue }
            newest[key] = (version, row)
        }
        for (key, found) in newest {
            let row = found.row
            let identity = ResultCodec.Identity(sxbm: key.sxbm.text, number: key.number.text, xmdm: row.text("xmdm"), gcdm: row.text("gcdm"))
            latest[key] = .stored(state: ResultState(rawValue: row.text("state")) ?? .new,
                                  record: ResultCodec.decode(row.text("record"), identity: identity))
        }
    }

    /// As `Store.receiveResult(r, source:, fileID:)` for the next record of the prepared batch.
    public func receive(_ r: ResultRecord) throws -> Store.ResultArrival {
        let key = ResultKey(sxbm: r.sxbm, number: r.number)
        guard let index = latest.index(forKey: key) else { return try oneByOne(r, key) }
        switch latest.values[index] {
        case .absent:
            break
        case .stored(let state, let record):
            if record.key == r.key, state != .rejected { return .unchanged }
            return try oneByOne(r, key)
        case .held:
            return try oneByOne(r, key)
        }
        let id = try takeID()
        held.append(id); held.append(r.sxbm); held.append(r.number); held.append(1); held.append(r.xmdm); held.append(r.gcdm)
        held.append(ResultCodec.encodeCompact(r)); held.append(source.rawValue); held.append(fileID); held.append(store.asOf.iso)
        held.append(Timestamp.now())
        try store.audit(.result, "\(r.sxbm):\(r.number)", "received", to: "v1")
        latest.values[index] = .held
        storedHere.noteStored(key)
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

    /// The record stored by `receiveResult` itself, after what is held (which it then reads);
    /// the key is decided one by one for the rest of the batch too.
    private func oneByOne(_ r: ResultRecord, _ key: ResultKey) throws -> Store.ResultArrival {
        try flush()
        nextID = nil
        latest.removeValue(forKey: key)
        _ = try hadResults(key.sxbm)
        storedHere.noteStored(key)
        return try store.receiveResult(r, source: source, fileID: fileID)
    }

    /// Whether results of item `sxbm` were stored when the file began (read at the item's
    /// first record in the file, before the file stores any of it).
    private func hadResults(_ sxbm: ByteKey) throws -> Bool {
        if let known = storedBefore[sxbm] { return known }
        let stored = try store.db.row("SELECT 1 FROM result WHERE sxbm = ? LIMIT 1", sxbm.text) != nil
        storedBefore[sxbm] = stored
        return stored
    }
}
