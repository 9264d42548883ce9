/// What one evaluation did, for the run's counts.
public enum Outcome: String, Sendable {
    case warehoused, review, migration, pending, answered, unchanged
}
