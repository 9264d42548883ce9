import Foundation
import SQLiteDB
#if canImport(Glibc)
import Glibc
#endif

/// What a database error escaping a command means to its operator, for the exit-code
/// mapping (APXCommands/ExitCode.swift); the SQLite details stay inside APXStore.
public enum StoreFailure: Equatable, Sendable {
    /// The database was written by a newer apx (`description` names both schema versions).
    case newerSchema(String)
    /// No permission on the database file or its folder.
    case permissionDenied(path: String, cause: String)
    /// The file (or its -wal/-shm companions) cannot be created or opened.
    case cannotOpen(path: String, cause: String)
    /// Anything else SQLite refused (busy, corrupt, disk full, a missing column …): the
    /// error's full description, with its SQL.
    case failed(String)

    /// nil when `error` is not a database error.
    public static func classify(_ error: Error) -> StoreFailure? {
        switch error {
        case let e as Migrator.NewerSchema: return .newerSchema(e.description)
        // A read-only or full file system is a failure of the night, not of the file's permissions.
        case let e as DatabaseError where (e.isCannotOpen || e.isReadOnly) && ![EROFS, ENOSPC].contains(e.systemErrno):
            let path = e.path ?? "the database"
            let cause = e.systemErrno != 0 ? String(cString: strerror(e.systemErrno)) : e.message
            if e.isReadOnly || e.systemErrno == EACCES || e.systemErrno == EPERM {
                return .permissionDenied(path: path, cause: cause)
            }
            return .cannotOpen(path: path, cause: cause)
        case let e as DatabaseError: return .failed(e.description)
        default: return nil
        }
    }
}
