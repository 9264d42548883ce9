/// The two descriptions of a project: the investment platform's and the approved one.
public enum ProjectDataKind: String, Sendable, CaseIterable, CustomStringConvertible {
    case platform
    case approved
}
