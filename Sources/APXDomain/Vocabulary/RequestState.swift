/// Warehousing-request states.
public enum RequestState: String, Sendable, CaseIterable, CustomStringConvertible {
    case new = "NEW"
    case pending = "PENDING"
    case review = "REVIEW"
    case migration = "MIGRATION"
    case warehoused = "WAREHOUSED"
    case rejected = "REJECTED"
    /// Answered ALREADY_WAREHOUSED: nothing changed.
    case answered = "ANSWERED"
}
