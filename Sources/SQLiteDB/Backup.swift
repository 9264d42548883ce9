import CSQLite

extension Database {
    /// Copies this database, consistently, into a new file at `path` with SQLite's online
    /// backup API (writers may go on meanwhile; the copy is one snapshot), then closes it.
    /// The copy is a plain rollback-journal database file (no -wal beside it).
    public func backup(to path: String) throws {
        let target = try Database.openHandle(path, flags: SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX)
        defer { sqlite3_close_v2(target) }
        guard let backup = sqlite3_backup_init(target, "main", handle, "main") else {
            throw DatabaseError(code: sqlite3_errcode(target), message: String(cString: sqlite3_errmsg(target)), path: path,
                                systemErrno: sqlite3_system_errno(target))
        }
        var step = SQLITE_OK
        repeat {
            step = sqlite3_backup_step(backup, -1)
            if step == SQLITE_BUSY || step == SQLITE_LOCKED { sqlite3_sleep(50) }
        } while step == SQLITE_OK || step == SQLITE_BUSY || step == SQLITE_LOCKED
        let finish = sqlite3_backup_finish(backup)
        guard step == SQLITE_DONE, finish == SQLITE_OK else {
            throw DatabaseError(code: step == SQLITE_DONE ? finish : step, message: String(cString: sqlite3_errmsg(target)),
                                path: path, systemErrno: sqlite3_system_errno(target))
        }
        // The copy is read as an ordinary file: no WAL left beside it.
        var errmsg: UnsafeMutablePointer<CChar>?
        if sqlite3_exec(target, "PRAGMA journal_mode = DELETE", nil, nil, &errmsg) != SQLITE_OK { sqlite3_free(errmsg) }
    }
}

extension Database {
    /// `PRAGMA integrity_check` of the file at `path`, opened read-only and left as it is
    /// (no journal mode change, nothing created beside it). ["ok"] when sound.
    public static func integrityCheck(ofFile path: String) throws -> [String] {
        let db = try Database.openHandle(path, flags: SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX)
        defer { sqlite3_close_v2(db) }
        var stmt: OpaquePointer?
        guard sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &stmt, nil) == SQLITE_OK, let stmt else {
            throw DatabaseError(code: sqlite3_errcode(db), message: String(cString: sqlite3_errmsg(db)), path: path)
        }
        defer { sqlite3_finalize(stmt) }
        var lines: [String] = []
        while true {
            let step = sqlite3_step(stmt)
            if step == SQLITE_DONE { break }
            guard step == SQLITE_ROW else {
                throw DatabaseError(code: step, message: String(cString: sqlite3_errmsg(db)), path: path)
            }
            lines.append(sqlite3_column_text(stmt, 0).map { String(cString: $0) } ?? "")
        }
        return lines
    }
}
