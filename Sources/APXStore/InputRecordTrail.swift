import SQLiteDB

/// `noteInputRecord` for a batch: the notes held in order and written by one
/// `INSERT OR IGNORE` (`flush`), which keeps the first note of a key as one by one (rows are
/// inserted in the order held). Nothing reads `input_record` while a file is being stored;
/// the ingestors flush every batch and before they return, inside the file's transaction.
public final class InputRecordTrail {
    private let store: Store
    private let fileID: Int
    private var held = FeedRows(columns: 6)

    static let insertSQL = """
        INSERT OR IGNORE INTO input_record (input_file_id, record, kind, key, xmdm, arrival)
        SELECT c0, c1, c2, c3, c4, c5 FROM apx_feed(?)
        """

    public init(store: Store, fileID: Int) {
        self.store = store
        self.fileID = fileID
    }

    /// As `noteInputRecord(fileID:record:kind:key:xmdm:arrival:)`, held.
    public func note(record: Int, kind: InputRecordKind, key: String, xmdm: String, arrival: String) {
        held.append(fileID); held.append(record); held.append(InputRecordCodes.code(kind)); held.append(key); held.append(xmdm)
        held.append(InputRecordCodes.stored(arrival: arrival))
    }

    public func flush() throws {
        try IngestBatch.write(store.db, Self.insertSQL, &held)
    }
}
