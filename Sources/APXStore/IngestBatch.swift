import APXCore
import SQLiteDB

/// Rows a batch of one input file holds until its one set statement per table: written by
/// `flush` before the batch ends (the ingestors flush every reading batch and before they
/// return, inside the file's transaction); dropped with the batch when the file rolls back.
/// The kill point between a batch's decisions (and set read) and its writes is
/// `CrashPoint` label `ingest batch held`.
enum IngestBatch {
    static func write(_ db: Database, _ sql: String, _ rows: inout FeedRows) throws {
        guard !rows.isEmpty else { return }
        CrashPoint.hit("ingest batch held")
        try db.run(sql, feeding: &rows)
        rows.removeAll()
    }
}
