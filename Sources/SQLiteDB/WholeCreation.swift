import CSQLite
#if canImport(Glibc)
import Glibc
#endif

extension Database {
    /// Makes the database file at `path` if there is none, so that it appears whole: made
    /// under a hidden temporary name beside it (`.NAME.new-PID`) with its page size and in
    /// WAL mode, closed, then linked into place (never over another file) and the folder
    /// synced. Switching a new file to WAL writes its first page under a rollback journal
    /// and an exclusive lock, and a reader arriving then (`apx status` while the first run
    /// starts) waited its whole busy timeout; a file that appears already in WAL mode never
    /// makes a reader wait. URIs, `:memory:` and an existing path are left to SQLite.
    static func createWhole(at path: String, pageSize: Int) throws {
        guard !path.isEmpty, path != ":memory:", !path.hasPrefix("file:") else { return }
        var st = stat()
        if lstat(path, &st) == 0 || errno != ENOENT { return }
        let (folder, name) = folder(of: path)
        let temporary = folder + "/." + name + ".new-\(getpid())"
        let leftovers = ["", "-wal", "-shm", "-journal"].map { temporary + $0 }
        for file in leftovers { unlink(file) }
        defer { for file in leftovers { unlink(file) } }
        let db = try openHandle(temporary, flags: SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, path: path)
        let setup = "PRAGMA page_size = \(pageSize); PRAGMA synchronous = FULL; PRAGMA journal_mode = WAL;"
        let ran = sqlite3_exec(db, setup, nil, nil, nil)
        let failure = ran == SQLITE_OK ? nil
            : DatabaseError(code: ran, message: String(cString: sqlite3_errmsg(db)), sql: setup, path: path,
                            systemErrno: sqlite3_system_errno(db))
        // The last connection's close checkpoints and removes the -wal and -shm.
        let closed = sqlite3_close_v2(db)
        if let failure { throw failure }
        guard closed == SQLITE_OK else {
            throw DatabaseError(code: closed, message: "cannot close the new database", sql: nil, path: path)
        }
        let fd = open(temporary, O_RDONLY | O_CLOEXEC)
        if fd >= 0 { fsync(fd); close(fd) }
        // link, not rename: a file made meanwhile by another process is never replaced.
        if link(temporary, path) != 0 && errno != EEXIST {
            let code = errno
            throw DatabaseError(code: SQLITE_CANTOPEN, message: "cannot put the new database in place: \(String(cString: strerror(code)))",
                                sql: nil, path: path, systemErrno: code)
        }
        let dir = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if dir >= 0 { fsync(dir); close(dir) }
    }
}
