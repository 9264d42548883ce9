/// Review-item states: OPEN until a person decides; CLOSED when its subject moved on (or
/// for an informational answer).
public enum ReviewState: String, Sendable, CaseIterable, CustomStringConvertible {
    case open = "OPEN"
    case accepted = "ACCEPTED"
    case rejected = "REJECTED"
    case closed = "CLOSED"
}
