/// Project states of spec 03 (raw values are the stored text).
public enum ProjectState: String, Sendable, CaseIterable, CustomStringConvertible {
    case platformOnly = "PLATFORM_ONLY"
    case pending = "PENDING"
    case review = "REVIEW"
    case migration = "MIGRATION"
    case warehoused = "WAREHOUSED"
    case ending = "ENDING"
    case ended = "ENDED"

    /// States in which a project is in the approval system's library.
    public static let inLibrary: Set<ProjectState> = [.warehoused, .ending, .ended]
}
