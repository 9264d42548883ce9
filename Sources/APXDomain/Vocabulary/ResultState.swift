/// Result states of spec 03 (NEW: loaded this run, not yet evaluated).
public enum ResultState: String, Sendable, CaseIterable, CustomStringConvertible {
    case new = "NEW"
    case pending = "PENDING"
    case review = "REVIEW"
    case warehoused = "WAREHOUSED"
    case rejected = "REJECTED"
    case superseded = "SUPERSEDED"
    case recycled = "RECYCLED"
}
