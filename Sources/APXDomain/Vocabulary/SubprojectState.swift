/// Sub-project states: in use, or in the recycle bin.
public enum SubprojectState: String, Sendable, CaseIterable, CustomStringConvertible {
    case active = "ACTIVE"
    case recycled = "RECYCLED"
}
