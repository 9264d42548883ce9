/// Archive handover package states: pushed, then accepted or rejected by the archive.
public enum PackageState: String, Sendable, CaseIterable, CustomStringConvertible {
    case pushed = "PUSHED"
    case accepted = "ACCEPTED"
    case rejected = "REJECTED"
}
