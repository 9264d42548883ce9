import CSQLite

extension Database {
    /// Runs `body` (outside any transaction) with commits that do not wait for the disk, then
    /// makes everything committed durable before returning or rethrowing.
    ///
    /// Inside, `synchronous = NORMAL`: a commit is written to the WAL but not synced. A crash
    /// of the process loses nothing (the OS holds the writes); a power loss may lose the last
    /// commits, never part of one — SQLite's WAL keeps a consistent prefix. At the end the WAL
    /// is synced (one `fdatasync` for all of them: the file's earlier writes are on disk after
    /// it) and the connection's level is back (FULL for a workspace). So the contract for the
    /// caller: nothing outside the database (a file written, an input moved, a report) may
    /// depend on a commit made inside `body` until this call has returned. A connection already
    /// below NORMAL (a scratch copy at OFF, `apx check`) runs `body` as it is.
    public func deferringSync<T>(_ body: () throws -> T) throws -> T {
        guard !isInTransaction else {
            throw DatabaseError(code: SQLITE_MISUSE, message: "deferringSync inside a transaction: its commit would not be synced",
                                path: path)
        }
        let level = synchronousLevel
        guard level >= 1 else { return try body() }
        // A body that changed no row committed nothing to sync (an empty night's evaluation).
        let changesBefore = sqlite3_total_changes64(handle)
        try execute("PRAGMA synchronous = NORMAL")
        let value: T
        do {
            value = try body()
        } catch {
            try? execute("PRAGMA synchronous = \(level)")
            if sqlite3_total_changes64(handle) != changesBefore { try? syncWAL() }
            throw error
        }
        try execute("PRAGMA synchronous = \(level)")
        if sqlite3_total_changes64(handle) != changesBefore { try syncWAL() }
        return value
    }

    /// The connection's `synchronous` setting (0 OFF, 1 NORMAL, 2 FULL, 3 EXTRA).
    public var synchronousLevel: Int { (try? scalar("PRAGMA synchronous").int) ?? -1 }

    /// Syncs the WAL file through SQLite's own file handle (`SQLITE_FCNTL_JOURNAL_POINTER`,
    /// the VFS's `xSync`: `fdatasync`, and its folder once if the file is new). Nothing to do
    /// when the connection has no WAL open (it has written nothing) or is not in WAL mode.
    func syncWAL() throws {
        var file: UnsafeMutablePointer<sqlite3_file>?
        let rc = withUnsafeMutablePointer(to: &file) { sqlite3_file_control(handle, "main", SQLITE_FCNTL_JOURNAL_POINTER, $0) }
        guard rc == SQLITE_OK else { throw error(rc, sql: "sync of the WAL") }
        guard let file, let methods = file.pointee.pMethods, let sync = methods.pointee.xSync else { return }
        let synced = sync(file, SQLITE_SYNC_NORMAL)
        guard synced == SQLITE_OK else {
            throw DatabaseError(code: synced, message: "the WAL could not be synced", sql: nil, path: path + "-wal",
                                systemErrno: sqlite3_system_errno(handle))
        }
        walSyncs += 1
    }
}
