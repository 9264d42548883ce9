import APXDrop
import APXMatch
import SQLiteDB

/// The exit codes of spec 05, and the one place errors become them.
public enum ExitCode {
    public static let ok: Int32 = 0
    public static let failure: Int32 = 1
    public static let usage: Int32 = 64
    public static let dataError: Int32 = 65
    public static let noInput: Int32 = 66
    public static let tempFail: Int32 = 75

    /// Maps any error escaping a command to its exit code and a message for stderr.
    static func map(_ error: Error) -> (Int32, String) {
        switch error {
        case let e as UsageError: return (usage, "apx: \(e.message)")
        case let e as NotFound: return (noInput, "apx: \(e.message)")
        case WorkspaceLock.Failure.held: return (tempFail, "apx: another run holds the workspace lock; nothing was done")
        case WorkspaceLock.Failure.watcherRuns: return (tempFail, "apx: apx watch runs on this workspace; nothing was done")
        case let e as DecisionError: return (e.isNotFound ? noInput : usage, "apx: \(e.message)")
        case let e as DatabaseError: return (failure, "apx: database failed: \(e)")
        default: return (failure, "apx: failed: \(error)")
        }
    }
}

/// Something named on the command line does not exist: exit 66 (EX_NOINPUT).
struct NotFound: Error { let message: String }
