import SQLiteDB

extension Store {
    /// Input files that runs killed before their end (since the last run that ended) claimed
    /// and moved: no report lists them, so the next run's report does.
    public func inputFilesOfInterruptedRuns() throws -> [InputFileRow] {
        try db.rows("""
            SELECT f.* FROM input_file f JOIN run r ON r.id = f.run_id
            WHERE r.finished_at IS NULL AND r.id != ? AND f.moved = 1
              AND r.started_at >= COALESCE((SELECT MAX(started_at) FROM run WHERE finished_at IS NOT NULL), '')
            ORDER BY f.id
            """, runID).map(InputFileRow.init)
    }
}
