/// How `apx status` sees the last run: finished, still running (the lock is held), or
/// interrupted (neither: killed before it finished).
enum LastRunState: String, Sendable, CustomStringConvertible {
    case finished
    case running
    case interrupted
}
