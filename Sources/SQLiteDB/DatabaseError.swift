import CSQLite

/// Every failed SQLite call surfaces as this error, with the result code, SQLite's
/// message and the SQL that was running (if any).
public struct DatabaseError: Error, CustomStringConvertible, Sendable {
    public let code: Int32
    public let message: String
    public let sql: String?
    /// The database file, and the OS error behind it (`sqlite3_system_errno`, 0 if none).
    public var path: String?
    public var systemErrno: Int32 = 0

    public init(code: Int32, message: String, sql: String? = nil, path: String? = nil, systemErrno: Int32 = 0) {
        self.code = code
        self.message = message
        self.sql = sql
        self.path = path
        self.systemErrno = systemErrno
    }

    /// SQLITE_CANTOPEN: the file (or its -wal/-shm companions) could not be opened or created.
    public var isCannotOpen: Bool { code & 0xff == SQLITE_CANTOPEN }
    /// SQLITE_READONLY / SQLITE_PERM: no write permission on the file or its folder.
    public var isReadOnly: Bool { code & 0xff == SQLITE_READONLY || code & 0xff == SQLITE_PERM }

    /// SQLITE_BUSY / SQLITE_LOCKED: another connection holds the database.
    public var isBusy: Bool { code & 0xff == SQLITE_BUSY || code & 0xff == SQLITE_LOCKED }

    public var description: String {
        var text = "SQLite error \(code): \(message)"
        if let sql { text += " — while executing `\(sql)`" }
        return text
    }
}
