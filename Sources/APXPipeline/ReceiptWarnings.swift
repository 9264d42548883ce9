import APXCore
import APXStore

extension NightlyRun {
    /// Contradicting receipts applied by this run: a warning each, and both receipts in the JSON.
    func warnAboutReceiptConflicts() throws {
        for c in try store.receiptConflicts(run: store.runID) {
            func answer(_ state: String, _ reason: String) -> String { reason.isEmpty ? state : "\(state) (\(reason))" }
            let subject = c.version > 0 ? "\(c.dfsjzj) v\(c.version) in \(c.file)" : "archive package \(c.file)"
            summary.warnings.append("receipt for \(subject) contradicts an earlier receipt: "
                                    + "earlier \(answer(c.earlierState, c.earlierReason)) at \(c.earlierAt), "
                                    + "now \(answer(c.laterState, c.laterReason)); the later one is applied")
            summary.receiptConflicts.append(.object([
                ("file", .string(c.file)), (c.version > 0 ? "dfsjzj" : "xmdm", .string(c.dfsjzj)),
                ("bbh", c.version > 0 ? .int(c.version) : .null),
                ("earlier", .object([("state", .string(c.earlierState)), ("sbyy", .string(c.earlierReason)), ("at", .string(c.earlierAt))])),
                ("later", .object([("state", .string(c.laterState)), ("sbyy", .string(c.laterReason))])),
            ]))
        }
    }
}
