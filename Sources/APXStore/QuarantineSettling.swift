import APXCore
import APXDomain
import Foundation

extension Store {
    /// A person closes the unsettled quarantine entries of `source`/`name` that no file of that
    /// name will ever settle (e.g. redelivered under the right name after NAME_UNKNOWN): settled
    /// now by no input file, who and why in the audit trail. Files stay in quarantine/. Returns
    /// how many (0: nothing of that name waits).
    public func settleQuarantineByPerson(source: Source, name: String, note: String) throws -> Int {
        try transaction {
            let ids = try db.rows("""
                SELECT id FROM input_file WHERE source = ? AND name = ? AND outcome = 'QUARANTINED' AND settled_at IS NULL
                """, source, name).compactMap { try $0.column("id").int }
            let now = Timestamp.now()
            for id in ids {
                try db.run("UPDATE input_file SET settled_at = ?, settled_run = ? WHERE id = ?", now, runID, id)
                try audit(.inputFile, String(id), "settled", from: InputFileOutcome.quarantined.rawValue, to: "SETTLED", detail: "by \(actor): \(note)")
            }
            return ids.count
        }
    }
}
