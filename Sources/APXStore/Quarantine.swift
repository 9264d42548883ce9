import APXCore
import APXDomain
import SQLiteDB

/// One quarantined input file as the backlog shows it (`apx quarantine list`, status, report).
public struct QuarantineEntry: Sendable {
    /// OPEN: in the backlog. SETTLED: a file of the same source and name was processed since
    /// (kept on disk). REQUEUED: put back into the inbox by `apx reprocess`, not yet settled.
    public enum State: String, Sendable { case open = "OPEN", settled = "SETTLED", requeued = "REQUEUED" }

    public let id: Int
    public let source: Source
    public let name: String
    public let code: String
    public let message: String
    /// When it was claimed and quarantined, and by which run.
    public let since: String
    public let run: String
    /// Workspace-relative path under quarantine/.
    public let destination: String
    public let state: State
    public let settledAt: String?
    public let settledRun: String?
    /// The input file that settled it (its name and where it went).
    public let settledByName: String?
    public let settledByDestination: String?
    /// Later deliveries of the same bytes recognised as this entry (not quarantined again).
    public let repeats: Int
}

extension Store {
    private static let quarantineSelect = """
        SELECT q.*, s.name AS settled_name, s.destination AS settled_destination,
               (SELECT count(*) FROM input_file d WHERE d.duplicate_of = q.id) AS repeats
        FROM input_file q LEFT JOIN input_file s ON s.id = q.settled_by
        """

    private func quarantineEntry(_ r: Row) throws -> QuarantineEntry {
        let state: QuarantineEntry.State = try r.column("settled_at").string != nil ? .settled
            : r.column("requeued_at").string != nil ? .requeued : .open
        return try QuarantineEntry(id: r.column("id").int ?? 0, source: r.value("source"), name: r.column("name").text, code: r.column("reason").text,
                                   message: r.column("message").text, since: r.column("claimed_at").text, run: r.column("run_id").text,
                                   destination: r.column("destination").text, state: state, settledAt: r.column("settled_at").string,
                                   settledRun: r.column("settled_run").string, settledByName: r.column("settled_name").string,
                                   settledByDestination: r.column("settled_destination").string, repeats: r.column("repeats").int ?? 0)
    }

    /// The open quarantine backlog (not settled, not put back), oldest first.
    public func quarantineBacklog(limit: Int = Int.max) throws -> [QuarantineEntry] {
        try db.rows(Store.quarantineSelect + """
             WHERE q.outcome = 'QUARANTINED' AND q.settled_at IS NULL AND q.requeued_at IS NULL
            ORDER BY q.claimed_at, q.id LIMIT ?
            """, Int64(clamping: limit)).map(quarantineEntry)
    }

    /// Every quarantine entry ever made (open, requeued, settled), oldest first.
    public func quarantineEntries() throws -> [QuarantineEntry] {
        try db.rows(Store.quarantineSelect + " WHERE q.outcome = 'QUARANTINED' ORDER BY q.claimed_at, q.id").map(quarantineEntry)
    }

    /// Size of the open backlog and its oldest entry's timestamp.
    public func quarantineBacklogSummary() throws -> (count: Int, oldestSince: String?) {
        let row = try db.row("""
            SELECT count(*) AS n, min(claimed_at) AS oldest FROM input_file
            WHERE outcome = 'QUARANTINED' AND settled_at IS NULL AND requeued_at IS NULL
            """)
        return try (row?.column("n").int ?? 0, row?.column("oldest").string)
    }

    /// The entry a path under quarantine/ belongs to (e.g. for retention: only settled ones may go).
    public func quarantineEntry(destination: String) throws -> QuarantineEntry? {
        try db.row(Store.quarantineSelect + " WHERE q.outcome = 'QUARANTINED' AND q.destination = ?", destination)
            .map(quarantineEntry)
    }

    /// The open entry holding exactly these bytes under this source and name, if any.
    public func openQuarantineEntry(source: Source, name: String, sha256: String) throws -> QuarantineEntry? {
        try db.row(Store.quarantineSelect + """
             WHERE q.sha256 = ? AND q.outcome = 'QUARANTINED' AND q.source = ? AND q.name = ?
              AND q.settled_at IS NULL AND q.requeued_at IS NULL ORDER BY q.id LIMIT 1
            """, sha256, source, name).map(quarantineEntry)
    }

    /// Records that input file `id` is a repeated delivery of quarantine entry `entry`.
    public func markDuplicate(_ id: Int, of entry: Int) throws {
        try db.run("UPDATE input_file SET duplicate_of = ? WHERE id = ?", entry, id)
    }

    /// Settles every unsettled quarantine entry of `source`/`name` (open or put back) now that
    /// input file `fileID` of that name was processed; returns how many. Entries stay on disk.
    @discardableResult
    public func settleQuarantine(source: Source, name: String, byFileID fileID: Int) throws -> Int {
        let ids = try db.rows("""
            SELECT id FROM input_file WHERE source = ? AND name = ? AND outcome = 'QUARANTINED'
              AND settled_at IS NULL AND id <> ?
            """, source, name, fileID).compactMap { try $0.column("id").int }
        let now = Timestamp.now()
        for id in ids {
            try db.run("UPDATE input_file SET settled_at = ?, settled_run = ?, settled_by = ? WHERE id = ?",
                       now, runID, fileID, id)
            try audit(.inputFile, String(id), "settled", from: InputFileOutcome.quarantined.rawValue, to: "SETTLED", detail: "by input file \(fileID)")
        }
        return ids.count
    }
}
