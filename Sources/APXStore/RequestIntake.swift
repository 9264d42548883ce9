import APXCore
import APXDomain
import SQLiteDB

/// Warehousing requests of one input file stored a reading batch at a time, as
/// `Store.insertRequest` stores them one by one: `prepare` reads which request numbers of the
/// batch are known in one statement, `insert` decides in order (a number twice in the batch:
/// the first is inserted, the second known) and audits as it decides; the new requests are
/// written by one INSERT per batch (`flush`).
public final class RequestIntake {
    private let store: Store
    private let fileID: Int
    /// Request numbers of the prepared batch already stored or inserted in the batch.
    private var known: Set<ByteKey> = []
    private var prepared: Set<ByteKey> = []
    private var held = FeedRows(columns: 12)
    /// Whether any request was stored when the file began (nil: not read yet).
    private var storedBefore: Bool?
    private var storedHere = FileStoredKeys()

    static let knownSQL = "SELECT qqbh FROM warehousing_request WHERE qqbh IN (SELECT c0 FROM apx_feed(?))"

    static let insertSQL = """
        INSERT INTO warehousing_request (qqbh, xmdm, xmmc, xzqhdm, ztze, sqdwdm, sqdwmc, splclx, sqsj, state,
                                         received_on, input_file_id, updated_at)
        SELECT c0, c1, c2, c3, c4, c5, c6, c7, c8, 'NEW', c9, c10, c11 FROM apx_feed(?)
        """

    public init(store: Store, fileID: Int) {
        self.store = store
        self.fileID = fileID
    }

    /// Writes what the last batch holds, then reads which of the next batch's request
    /// numbers (`qqbhs`) are known.
    public func prepare(_ qqbhs: [String]) throws {
        try flush()
        known.removeAll(keepingCapacity: true)
        prepared.removeAll(keepingCapacity: true)
        if storedBefore == nil { storedBefore = try store.db.row("SELECT 1 FROM warehousing_request LIMIT 1") != nil }
        var numbers = FeedRows(columns: 1)
        for qqbh in qqbhs {
            let key = ByteKey(qqbh)
            guard prepared.insert(key).inserted, storedBefore == true || storedHere.mayHaveStored(key) else { continue }
            numbers.append(qqbh)
        }
        try store.writeHeld()
        for row in try store.db.rows(Self.knownSQL, feeding: &numbers) { known.insert(ByteKey(row.text("qqbh"))) }
    }

    /// As `Store.insertRequest(r, fileID:)` for the next request of the prepared batch.
    public func insert(_ r: WarehousingRequest) throws -> Bool {
        let key = ByteKey(r.qqbh)
        guard prepared.contains(key) else {
            try flush()
            storedHere.noteStored(key)
            return try store.insertRequest(r, fileID: fileID)
        }
        guard known.insert(key).inserted else { return false }
        storedHere.noteStored(key)
        held.append(r.qqbh); held.append(r.xmdm); held.append(r.xmmc); held.append(r.xzqhdm); held.append(r.ztze)
        held.append(r.sqdwdm); held.append(r.sqdwmc); held.append(r.splclx); held.append(r.sqsj); held.append(store.asOf.iso)
        held.append(fileID); held.append(Timestamp.now())
        try store.audit(.request, r.qqbh, "received", to: RequestState.new, detail: "xmdm=\(r.xmdm)")
        return true
    }

    /// Writes the held requests (one statement).
    public func flush() throws {
        try IngestBatch.write(store.db, Self.insertSQL, &held)
    }
}
