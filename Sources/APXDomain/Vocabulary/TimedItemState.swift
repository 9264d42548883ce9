/// Items timed in working days: open from acceptance until finished.
public enum TimedItemState: String, Sendable, CaseIterable, CustomStringConvertible {
    case open = "OPEN"
    case finished = "FINISHED"
}
