/// What became of a claimed input file (spec 02): where it goes follows from this.
public enum InputFileOutcome: String, Sendable, CaseIterable, CustomStringConvertible {
    /// Read; its records are stored (some perhaps rejected). Archived.
    case processed = "PROCESSED"
    /// The same bytes were processed before. Archived, nothing stored.
    case duplicate = "DUPLICATE"
    /// Bad at file level. Moved to quarantine with its reason.
    case quarantined = "QUARANTINED"
}
