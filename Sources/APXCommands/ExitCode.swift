import APXCore
import APXDrop
import APXMatch
import APXPipeline
import APXStore
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The exit codes of spec 05, and the one place errors become them.
public enum ExitCode {
    public static let ok: Int32 = 0
    public static let failure: Int32 = 1
    public static let usage: Int32 = 64
    public static let dataError: Int32 = 65
    public static let noInput: Int32 = 66
    public static let cantCreate: Int32 = 73
    public static let tempFail: Int32 = 75
    public static let noPermission: Int32 = 77

    /// Maps any error escaping a command to its exit code and a message for stderr.
    static func map(_ error: Error) -> (Int32, String) {
        if let failure = StoreFailure.classify(error) { return map(failure) }
        switch error {
        case let e as UsageError: return (usage, "apx: \(e.message)")
        case let e as NotFound: return (noInput, "apx: \(e.message)")
        case WorkspaceLock.Failure.held: return (tempFail, "apx: another run holds the workspace lock; nothing was done")
        case WorkspaceLock.Failure.watcherRuns: return (tempFail, "apx: apx watch runs on this workspace; nothing was done")
        case WorkspaceLock.Failure.cannotOpen(let path): return (cantCreate, "apx: cannot create \(path)")
        case let e as WorkspaceError: return (noInput, "apx: \(e)")
        case let e as DecisionError: return (e.isNotFound ? noInput : usage, "apx: \(e.message)")
        case let e as FileError:
            let cause = String(cString: strerror(e.errno))
            if e.isPermissionDenied { return (noPermission, "apx: permission denied: \(e.operation) \(e.path): \(cause)") }
            if e.isCannotCreate { return (cantCreate, "apx: cannot create \(e.path): \(cause)") }
            return (failure, "apx: failed: \(e.operation) \(e.path): \(cause)")
        case let e as DatabaseBackup.Failure:
            if case .exists = e { return (cantCreate, "apx: cannot create \(e)") }
            if case .intoDatabaseFolder = e { return (usage, "apx: \(e)") }
            if case .intoWorkspaceArea = e { return (usage, "apx: \(e)") }
            if case .notARegularFile = e { return (cantCreate, "apx: cannot create \(e)") }
            return (failure, "apx: backup failed: \(e)")
        case let e as WorkspaceIdentity.Refusal: return (failure, "apx: \(e.description)")
        case let e as StoreError: return (failure, "apx: database failed: \(e)")
        case let e as CocoaError:
            let path = (e.userInfo[NSFilePathErrorKey] as? String) ?? e.errorUserInfo[NSFilePathErrorKey] as? String ?? "a file"
            let posix = (e.userInfo[NSUnderlyingErrorKey] as? NSError).flatMap { $0.domain == NSPOSIXErrorDomain ? Int32($0.code) : nil }
            if e.code == .fileWriteNoPermission || e.code == .fileReadNoPermission || posix == EACCES || posix == EPERM {
                return (noPermission, "apx: permission denied: \(path)")
            }
            if e.code == .fileWriteUnknown || e.code == .fileWriteFileExists || e.code == .fileWriteInvalidFileName {
                return (cantCreate, "apx: cannot create \(path): \(e.localizedDescription)")
            }
            return (failure, "apx: failed: \(path): \(e.localizedDescription)")
        default: return (failure, "apx: failed: \(error)")
        }
    }
}

extension ExitCode {
    /// A database error, as APXStore classifies it.
    static func map(_ failure: StoreFailure) -> (Int32, String) {
        switch failure {
        case .newerSchema(let refusal): return (self.failure, "apx: refused: \(refusal)")
        case .permissionDenied(let path, let cause): return (noPermission, "apx: permission denied: database \(path): \(cause)")
        case .cannotOpen(let path, let cause): return (cantCreate, "apx: cannot create or open database \(path): \(cause)")
        case .failed(let description): return (self.failure, "apx: database failed: \(description)")
        }
    }
}

/// Something named on the command line does not exist: exit 66 (EX_NOINPUT).
struct NotFound: Error { let message: String }
