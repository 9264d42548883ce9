/// What a review item asks a person (spec 03): to decide a mismatch (`REVIEW`) or to
/// migrate a project by hand (`MIGRATION`).
public enum ReviewKind: String, Sendable, CaseIterable, CustomStringConvertible {
    case review = "REVIEW"
    case migration = "MIGRATION"
}

/// What a review item is about; its subject id is the key of that record.
public enum ReviewSubject: String, Sendable, CaseIterable, CustomStringConvertible {
    case project, request, result, push
}
