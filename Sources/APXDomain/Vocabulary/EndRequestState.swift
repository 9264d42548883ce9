/// Project end-request states (spec 03 "Project end").
public enum EndRequestState: String, Sendable, CaseIterable, CustomStringConvertible {
    case new = "NEW"
    case accepted = "ACCEPTED"
    case rejected = "REJECTED"
    /// Rejected as JSQQ_INCOMPLETE: results are missing.
    case incomplete = "INCOMPLETE"
}
