import APXCore
import SQLiteDB

extension Store {
    /// Whether the day's duties of `day` have run (by `apx run` or `apx watch`).
    public func dailyDutiesDone(on day: Day) throws -> Bool {
        try db.row("SELECT 1 FROM daily_duty WHERE day = ?", day.iso) != nil
    }

    /// Records that the day's duties of the as-of day ran; called in their transaction.
    public func recordDailyDuties() throws {
        try db.run("INSERT OR IGNORE INTO daily_duty (day, run_id, done_at) VALUES (?, ?, ?)",
                   asOf.iso, runID, Timestamp.now())
    }

    /// Work a killed run left behind: inputs committed but not moved, files planned but not
    /// published, records or notices queued but not planned. `apx watch` runs a cycle for it.
    public func hasUnfinishedWork() throws -> Bool {
        try writeHeldRows()
        return try db.row("""
            SELECT 1 WHERE EXISTS (SELECT 1 FROM outbox_file WHERE state = 'PLANNED')
                OR EXISTS (SELECT 1 FROM notice WHERE file_id IS NULL)
            """) != nil || (try hasUnplannedPushRecords(target: .gov)) || !(try inputFilesAwaitingMove().isEmpty)
    }
}
