import CSQLite

/// Every failed SQLite call surfaces as this error, with the result code, SQLite's
/// message and the SQL that was running (if any).
public struct DatabaseError: Error, CustomStringConvertible, Sendable {
    public let code: Int32
    public internal(set) var message: String
    public let sql: String?
    /// The database file, and the OS error behind it (`sqlite3_system_errno`, 0 if none).
    public var path: String?
    public var systemErrno: Int32 = 0
    /// The column a read asked for, when the error is about one (`missingColumn`, `unexpectedValue`).
    public var column: String?

    public init(code: Int32, message: String, sql: String? = nil, path: String? = nil, systemErrno: Int32 = 0,
                column: String? = nil) {
        self.code = code
        self.message = message
        self.sql = sql
        self.path = path
        self.systemErrno = systemErrno
        self.column = column
    }

    /// A row was read by a column name its statement does not return (SQLITE_RANGE).
    public static func missingColumn(_ column: String, sql: String) -> DatabaseError {
        DatabaseError(code: SQLITE_RANGE, message: "no column \(column) in the result", sql: sql, column: column)
    }

    /// A column holds a value its reader does not accept (SQLITE_MISMATCH), e.g. an unknown state.
    public static func unexpectedValue(_ value: String, column: String, sql: String) -> DatabaseError {
        DatabaseError(code: SQLITE_MISMATCH, message: "unexpected value \"\(value)\" in column \(column)", sql: sql, column: column)
    }

    /// SQLITE_RANGE with a column: a read by a name the statement does not return.
    public var isMissingColumn: Bool { code == SQLITE_RANGE && column != nil }

    /// SQLITE_CANTOPEN: the file (or its -wal/-shm companions) could not be opened or created.
    public var isCannotOpen: Bool { code & 0xff == SQLITE_CANTOPEN }
    /// SQLITE_READONLY / SQLITE_PERM: no write permission on the file or its folder.
    public var isReadOnly: Bool { code & 0xff == SQLITE_READONLY || code & 0xff == SQLITE_PERM }

    /// SQLITE_READONLY_DIRECTORY (not imported from the header: a macro expression): a WAL
    /// database's `-shm` is missing and its folder is not writable, so it cannot be made.
    public var isReadOnlyDirectory: Bool { code == SQLITE_READONLY | (6 << 8) }

    /// SQLITE_BUSY / SQLITE_LOCKED: another connection holds the database.
    public var isBusy: Bool { code & 0xff == SQLITE_BUSY || code & 0xff == SQLITE_LOCKED }

    /// SQLITE_NOTADB / SQLITE_CORRUPT: the file is not (or no longer) a database.
    public var isNotADatabase: Bool { code & 0xff == SQLITE_NOTADB || code & 0xff == SQLITE_CORRUPT }

    public var description: String {
        var text = "SQLite error \(code): \(message)"
        if let sql { text += " — while executing `\(sql)`" }
        return text
    }
}
