import APXCore
import APXStore

extension NightlyRun {
    /// Contradicting receipts applied by this run: a warning each, and both receipts in the JSON.
    func warnAboutReceiptConflicts() throws {
        for c in try store.receiptConflicts(run: store.runID) {
            func answer(_ state: String, _ reason: String) -> String { reason.isEmpty ? state : "\(state) (\(reason))" }
            summary.warnings.append("receipt for \(c.dfsjzj) v\(c.version) in \(c.file) contradicts an earlier receipt: "
                                    + "earlier \(answer(c.earlierState, c.earlierReason)) at \(c.earlierAt), "
                                    + "now \(answer(c.laterState, c.laterReason)); the later one is applied")
            summary.receiptConflicts.append(.object([
                ("file", .string(c.file)), ("dfsjzj", .string(c.dfsjzj)), ("bbh", .int(c.version)),
                ("earlier", .object([("state", .string(c.earlierState)), ("sbyy", .string(c.earlierReason)), ("at", .string(c.earlierAt))])),
                ("later", .object([("state", .string(c.laterState)), ("sbyy", .string(c.laterReason))])),
            ]))
        }
    }
}
