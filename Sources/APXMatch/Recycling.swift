import APXCore
import APXDomain
import APXStore

/// Moving a result to the recycle bin (seed chart 1 note 2: deleting means the recycle bin,
/// never physical deletion). Its pushes are invalidated; its data stays.
public struct Recycling {
    public let store: Store
    public init(store: Store) { self.store = store }

    public func recycleResult(sxbm rawSXBM: String, number: String, by: String, note: String?) throws {
        let sxbm = Normalize.code(rawSXBM)
        guard let row = try store.latestResult(sxbm: sxbm, number: Normalize.text(number)) else {
            throw DecisionError("no result \(sxbm) \(number)", notFound: true)
        }
        guard row.state != ResultState.recycled else { throw DecisionError("result \(sxbm) \(number) is already in the recycle bin") }
        let wasWarehoused = row.state == ResultState.warehoused
        try store.setResultState(row.id, ResultState.recycled, reasons: [])
        try store.audit(.result, "\(sxbm):\(row.record.number)", "recycled by \(by)", detail: note ?? "")
        for item in try store.openReviews(subjectType: .result, subjectID: String(row.id)) {
            try store.closeReview(item.id, note: "result moved to the recycle bin by \(by)")
        }
        guard wasWarehoused else { return }
        let queue = PushQueue(store: store)
        let key = row.record.application.isEmpty ? row.record.number : row.record.application
        try queue.invalidate(key: .handling(sxbm: sxbm, key: key), reason: "成果已删除（回收站）")
        try queue.invalidate(key: .document(sxbm: sxbm, number: row.record.number), reason: "成果已删除（回收站）")
    }
}
