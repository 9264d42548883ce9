import Foundation
import SQLiteDB

/// Online copies of a database file (`apx backup`).
extension Store {
    /// The copy could not be written at its destination (`cause`: the OS error or SQLite's message).
    public struct BackupWriteFailure: Error, CustomStringConvertible, Sendable {
        public let path: String
        public let cause: String
        public var description: String { "cannot write \(path): \(cause)" }
    }

    /// Copies the database at `source` into the new file `destination` through SQLite's
    /// online backup (a consistent snapshot while others write). A failure to write the
    /// destination throws `BackupWriteFailure`; any other failure its database error.
    public static func backup(databaseAt source: String, to destination: String) throws {
        let database = try Database(path: source)
        do { try database.backup(to: destination) } catch let e as DatabaseError where e.path == destination {
            throw BackupWriteFailure(path: destination, cause: e.systemErrno != 0 ? String(cString: strerror(e.systemErrno)) : e.message)
        }
    }

    /// `PRAGMA integrity_check` of a database file: `["ok"]` when it is sound.
    public static func integrityCheck(ofFile path: String) throws -> [String] {
        try Database.integrityCheck(ofFile: path)
    }
}
