import APXCore
import APXDomain
import APXStore

/// Receipts from the provincial bureau: each record accepted (3) or rejected (2 + SBYY);
/// a rejected record opens `GOV_REJECTED` for a person.
public struct GovReceipts {
    public let store: Store
    public init(store: Store) { self.store = store }

    public enum Effect: Sendable { case accepted, rejected, unknown }

    public func apply(file: String, dfsjzj: String, version: Int, accepted: Bool, reason: String) throws -> Effect {
        guard let record = try store.pushedRecord(fileName: file, dfsjzj: dfsjzj, version: version) else { return .unknown }
        let state: ReceiptState = accepted ? .accepted : .rejected
        let earlier = try store.currentReceipt(pushID: record.id)
        // The same answer again (a receipt reprocessed or delivered twice) changes nothing.
        if let earlier, earlier.state == state, accepted || earlier.reason == reason { return accepted ? .accepted : .rejected }
        if let earlier {
            // A contradicting answer is applied (the bureau's latest word counts) and warned about.
            try store.recordReceiptConflict(ReceiptConflict(file: file, dfsjzj: dfsjzj, version: version, earlierState: earlier.state.rawValue,
                                                            earlierReason: earlier.reason, earlierAt: earlier.at,
                                                            laterState: state.rawValue, laterReason: reason))
        }
        try store.recordReceipt(pushID: record.id, state: state, reason: reason)
        if accepted {
            for item in try store.openReviews(subjectType: .push, subjectID: String(record.id)) {
                try store.closeReview(item.id, note: "accepted by a later receipt")
            }
            return .accepted
        }
        guard record.valid, try store.openReviews(subjectType: .push, subjectID: String(record.id)).isEmpty else { return .rejected }
        let (xmdm, gcdm) = try owner(of: record)
        try store.openReview(kind: .review, subjectType: .push, subjectID: String(record.id), xmdm: xmdm,
                             gcdm: gcdm == xmdm ? "" : gcdm, reasons: [ReasonCode("GOV_REJECTED")],
                             fields: [FieldDifference(field: "SBYY", ours: "\(record.kind.rawValue) \(record.key.dfsjzj) v\(record.version)", theirs: reason)])
        return .rejected
    }

    /// The project (and sub-project) a pushed record is about.
    public func owner(of record: Store.PushedRecord) throws -> (String, String) {
        if case .project(let gcdm) = record.key { return (String(gcdm.prefix(24)), gcdm) }
        guard let item = record.key.item else { return ("", "") }
        let row = try store.result(pushKey: item.sxbm, key: item.key, warehousedOnly: false)
        return (row?.record.xmdm ?? "", row?.record.gcdm ?? "")
    }
}
