/// States of an item application (sgt acceptance): accepted, finished with a result, or failed.
public enum ApplicationState: String, Sendable, CaseIterable, CustomStringConvertible {
    case accepted = "ACCEPTED"
    case finished = "FINISHED"
    case failed = "FAILED"
}
