import CSQLite
#if canImport(Glibc)
import Glibc
#endif

/// One SQLite connection. Not thread-safe: a run owns its connection.
public final class Database {
    let handle: OpaquePointer
    public let path: String
    @exclusivity(unchecked) var statementCache = StatementCache()
    private var transactionDepth = 0
    /// What a writer holds for the open transaction (the store's counters and push audit),
    /// flushed before each boundary and dropped on a rollback.
    public weak var buffer: TransactionBuffer?
    /// Outermost transactions begun on this connection (tells one transaction from the next).
    public private(set) var transactionSerial = 0
    /// WAL syncs made at the end of `deferringSync` (for tests).
    public internal(set) var walSyncs = 0
    /// Set only with `APX_SQL_PROFILE` (a diagnostic; see StatementProfile).
    private let profile: StatementProfile?

    /// Process-wide SQLite settings, applied once before the first connection.
    private static let configured: Bool = apx_sqlite3_disable_memstatus() == SQLITE_OK

    /// Whether the connection was opened read-only (`init(readingOnly:)`): every write fails
    /// with SQLITE_READONLY, and nothing — not even a pragma — writes to the file.
    public let isReadOnly: Bool

    /// Opens (creating if needed) the database at `path`, in WAL mode with foreign keys on.
    /// `pageSize`: the page size if the file is created now (an existing file keeps its own).
    public convenience init(path: String, busyTimeoutMilliseconds: Int32 = 5_000, pageSize: Int = Database.pageSize) throws {
        try Database.createWhole(at: path, pageSize: pageSize)
        try self.init(opening: path, flags: SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                      busyTimeoutMilliseconds: busyTimeoutMilliseconds)
        // 16 KiB pages for a database created now (a file that has pages keeps its size). At
        // 4 KiB a 100k-project first load made 2.4 M page reads and writes, one system call
        // each; at 16 KiB 0.63 M, for the same bytes within 1%. `createWhole` made any new
        // plain file so already; this covers what SQLite creates itself (a `file:` URI).
        try execute("PRAGMA page_size = \(pageSize)")
        try execute("PRAGMA journal_mode = WAL")
        try execute("PRAGMA synchronous = FULL")
        try applyConnectionSettings()
        pageBytes = max(512, try scalar("PRAGMA page_size").int ?? 4096)
        try setCheckpointInterval()
    }

    /// This file's page size (set when it was created).
    private var pageBytes = 4096

    /// The WAL is checkpointed once it holds a quarter of the database's size, between 1 and
    /// 64 MiB (counted in this file's pages), set again at each transaction's start. Large:
    /// a night rewrites hot pages in every transaction, and each checkpoint costs two syncs
    /// (at 30k with SQLite's 1,000 pages: 61 checkpoints, ~1.3 s of the night's wall). Small
    /// for a small database: the WAL (never shrunk) stays near the database's own size.
    /// Durability is unchanged: every commit syncs the WAL (synchronous = FULL).
    private func setCheckpointInterval() throws {
        let pages = try scalar("PRAGMA page_count").int ?? 0
        sqlite3_wal_autocheckpoint(handle, Int32(Database.checkpointPages(databasePages: pages, pageBytes: pageBytes)))
    }

    /// WAL pages at which a database of `databasePages` is checkpointed (see above).
    static func checkpointPages(databasePages: Int, pageBytes: Int) -> Int {
        min(64 << 20, max(1 << 20, databasePages * pageBytes / 4)) / pageBytes
    }

    /// Opens the existing database at `path` for reading only (SQLITE_OPEN_READONLY): never
    /// created, never written, no journal-mode change. On a WAL database (every workspace's)
    /// a reader never waits for a writer: it sees the last committed state. SQLite needs the
    /// `-shm` beside the file: it creates it (and an empty `-wal`) when the folder is
    /// writable — and leaves both there when it closes (a reader never checkpoints). When a
    /// missing one cannot be made: SQLITE_READONLY_DIRECTORY naming it (with EROFS on a
    /// read-only file system); on a full one the SQLite error says the file system is full.
    public convenience init(readingOnly path: String, busyTimeoutMilliseconds: Int32 = 5_000) throws {
        try self.init(opening: path, flags: SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, busyTimeoutMilliseconds: busyTimeoutMilliseconds)
        // SQLite opens lazily: read the schema now, so a file it cannot read fails here.
        do {
            try applyConnectionSettings()
            _ = try scalar("SELECT count(*) FROM sqlite_master")
        } catch let error as DatabaseError where error.isReadOnlyDirectory || (error.isCannotOpen && Database.shmCannotBeMade(for: path)) {
            // With a -wal there (a run killed, or the -shm removed) SQLite says only CANTOPEN and
            // the -shm's "No such file or directory", as if the database itself were missing:
            // the same case as without one (SQLITE_READONLY_DIRECTORY), said the same way. On a
            // read-only file system (EROFS: how the kernel answers disk errors) no owner could
            // read it either: said so, with EROFS — a failed disk, not a permission.
            let readOnlyFileSystem = Database.isOnReadOnlyFileSystem(path)
            throw DatabaseError(code: SQLITE_READONLY | (6 << 8),
                                message: "cannot create \(Database.missingCompanions(of: path)) "
                                    + (readOnlyFileSystem ? "(its file system is read-only)" : "(its folder is read-only)")
                                    + ", which a reader of a WAL database needs",
                                sql: error.sql, path: path, systemErrno: readOnlyFileSystem ? EROFS : 0)
        } catch var error as DatabaseError where error.systemErrno == ENOSPC {
            // SQLite says "disk I/O error" (SQLITE_IOERR_SHMSIZE): the -shm could not be sized.
            error.message = "cannot make \(path)-shm, which a reader of a WAL database needs: the file system is full"
            throw error
        }
    }

    /// The `-shm` and `-wal` beside `path` that do not exist ("X-shm", "X-wal and X-shm"); the
    /// `-shm` when both are there.
    static func missingCompanions(of path: String) -> String {
        let missing = ["-wal", "-shm"].filter { access(path + $0, F_OK) != 0 }.map { path + $0 }
        return missing.isEmpty ? path + "-shm" : missing.joined(separator: " and ")
    }

    /// True when `path` is on a file system mounted read-only.
    static func isOnReadOnlyFileSystem(_ path: String) -> Bool {
        var fs = statvfs()
        return statvfs(path, &fs) == 0 && fs.f_flag & UInt(ST_RDONLY) != 0
    }

    /// True when the database at `path` exists, its `-shm` does not, and the folder cannot take one.
    static func shmCannotBeMade(for path: String) -> Bool {
        access(path, F_OK) == 0 && access(path + "-shm", F_OK) != 0 && access(folder(of: path).folder, W_OK) != 0
    }

    /// The folder holding `path` ("." for a bare name, "/" at the root) and the file's name.
    static func folder(of path: String) -> (folder: String, name: String) {
        guard let slash = path.lastIndex(of: "/") else { return (".", path) }
        let folder = String(path[..<slash])
        return (folder.isEmpty ? "/" : folder, String(path[path.index(after: slash)...]))
    }

    /// A raw connection to `file` with `flags`; a failure is a DatabaseError naming `path`
    /// (the file the caller means; `file` may be a temporary beside it) and nothing stays open.
    static func openHandle(_ file: String, flags: Int32, path: String? = nil) throws -> OpaquePointer {
        var raw: OpaquePointer?
        let rc = sqlite3_open_v2(file, &raw, flags, nil)
        guard rc == SQLITE_OK, let db = raw else {
            let message = raw.map { String(cString: sqlite3_errmsg($0)) } ?? "cannot open"
            let osError = raw.map { sqlite3_system_errno($0) } ?? 0
            if let raw { sqlite3_close_v2(raw) }
            throw DatabaseError(code: rc, message: message, sql: nil, path: path ?? file, systemErrno: osError)
        }
        return db
    }

    private init(opening path: String, flags: Int32, busyTimeoutMilliseconds: Int32) throws {
        _ = Database.configured
        let db = try Database.openHandle(path, flags: flags)
        self.handle = db
        self.path = path
        self.isReadOnly = flags & SQLITE_OPEN_READONLY != 0
        self.profile = StatementProfile.requestedPath.map(StatementProfile.init(path:))
        profile?.install(on: db)
        sqlite3_extended_result_codes(db, 1)
        sqlite3_busy_timeout(db, busyTimeoutMilliseconds)
        let registered = apx_sqlite3_register_feed(db)
        guard registered == SQLITE_OK else {
            let failure = DatabaseError(code: registered, message: String(cString: sqlite3_errmsg(db)), sql: nil, path: path)
            sqlite3_close_v2(db)
            throw failure
        }
    }

    /// Per-connection settings that write nothing to the file (read-only connections too).
    private func applyConnectionSettings() throws {
        try execute("PRAGMA foreign_keys = ON")
        // A bounded page cache (64 MiB) and memory temp storage: fewer reads, flat memory.
        try execute("PRAGMA cache_size = -65536")
        try execute("PRAGMA temp_store = MEMORY")
        // Deleted content is left in place, not zeroed, whatever SQLite was built with (Debian's
        // has SECURE_DELETE): nothing apx deletes is secret (docs/decisions.md).
        try execute("PRAGMA secure_delete = OFF")
    }

    /// The page size of databases this process creates.
    public static let pageSize = 16_384

    deinit {
        statementCache.removeAll()
        sqlite3_close_v2(handle)
        profile?.write()
    }

    func error(_ rc: Int32, sql: String?) -> DatabaseError {
        DatabaseError(code: rc, message: String(cString: sqlite3_errmsg(handle)), sql: sql, path: path,
                      systemErrno: sqlite3_system_errno(handle))
    }

    /// Runs one or more statements without arguments.
    public func execute(_ sql: String) throws {
        var errmsg: UnsafeMutablePointer<CChar>?
        let rc = sqlite3_exec(handle, sql, nil, nil, &errmsg)
        if rc != SQLITE_OK {
            let message = errmsg.map { String(cString: $0) } ?? String(cString: sqlite3_errmsg(handle))
            sqlite3_free(errmsg)
            throw DatabaseError(code: rc, message: message, sql: sql, path: path, systemErrno: sqlite3_system_errno(handle))
        }
    }

    /// Runs one statement with arguments; prepared statements are cached by SQL text.
    /// (A parameter pack: no array, no existential per argument. Calls with up to 16 arguments
    /// take the fixed-arity forms of Database+Arguments.swift, whose binds are direct calls.)
    @inlinable
    public func run<each A: SQLBindable>(_ sql: String, _ arguments: repeat each A) throws {
        let statement = try bound(sql, repeat each arguments)
        defer { statement.checkin() }
        try statement.drain()
    }

    public func run(_ sql: String, arguments: [SQLBindable]) throws {
        let statement = try statementForUse(sql, arguments: arguments)
        defer { statement.checkin() }
        try statement.drain()
    }

    /// All rows of a query.
    @inlinable
    public func rows<each A: SQLBindable>(_ sql: String, _ arguments: repeat each A) throws -> [Row] {
        let statement = try bound(sql, repeat each arguments)
        defer { statement.checkin() }
        return try statement.allRows()
    }

    public func rows(_ sql: String, arguments: [SQLBindable]) throws -> [Row] {
        let statement = try statementForUse(sql, arguments: arguments)
        defer { statement.checkin() }
        return try statement.allRows()
    }

    /// The first row of a query, if any (the statement is stepped once, then reset).
    @inlinable
    public func row<each A: SQLBindable>(_ sql: String, _ arguments: repeat each A) throws -> Row? {
        let statement = try bound(sql, repeat each arguments)
        defer { statement.checkin() }
        return try statement.firstRow()
    }

    /// The first column of the first row (NULL without a row).
    @inlinable
    public func scalar<each A: SQLBindable>(_ sql: String, _ arguments: repeat each A) throws -> SQLValue {
        let statement = try bound(sql, repeat each arguments)
        defer { statement.checkin() }
        return try statement.firstValue()
    }

    /// `sql`'s statement checked out with `arguments` bound (the caller steps and checks it in).
    @inlinable
    func bound<each A: SQLBindable>(_ sql: String, _ arguments: repeat each A) throws -> Statement {
        let statement = try statementForUse(sql, argumentCount: Database.count(repeat each arguments))
        do {
            var index: Int32 = 0
            for argument in repeat each arguments {
                index += 1
                try argument.bind(to: statement, at: index)
            }
        } catch {
            statement.checkin()
            throw error
        }
        return statement
    }

    @inlinable
    static func count<each A>(_ arguments: repeat each A) -> Int {
        var n = 0
        for _ in repeat each arguments { n += 1 }
        return n
    }

    public var lastInsertRowID: Int64 { sqlite3_last_insert_rowid(handle) }
    public var changes: Int { Int(sqlite3_changes(handle)) }

    /// Runs `body` in a transaction (a savepoint when nested): commits if it returns,
    /// rolls back and rethrows if it throws.
    public func inTransaction<T>(_ body: () throws -> T) throws -> T {
        let savepoint = "sp\(transactionDepth)"
        if transactionDepth == 0 {
            if !isReadOnly { try setCheckpointInterval() }
            try execute("BEGIN IMMEDIATE")
            transactionSerial += 1
        } else {
            try buffer?.flush(self)
            try execute("SAVEPOINT \(savepoint)")
        }
        transactionDepth += 1
        do {
            let value = try body()
            try buffer?.flush(self)
            transactionDepth -= 1
            if transactionDepth == 0 {
                try execute("COMMIT")
            } else {
                try execute("RELEASE \(savepoint)")
            }
            return value
        } catch {
            buffer?.discard()
            transactionDepth -= 1
            if transactionDepth == 0 {
                try? execute("ROLLBACK")
            } else {
                try? execute("ROLLBACK TO \(savepoint); RELEASE \(savepoint)")
            }
            throw error
        }
    }

    public var isInTransaction: Bool { transactionDepth > 0 }

    /// The statement for `sql`, checked out for one use with `argumentCount` arguments (the
    /// caller binds them, steps, and checks it in). The cached one, unless it is in use up
    /// the stack: then a fresh one that is not cached.
    @usableFromInline
    func statementForUse(_ sql: String, argumentCount: Int) throws -> Statement {
        let hash = StatementCache.hash(sql)
        let statement: Statement
        if let cached = statementCache.statement(for: sql, hash: hash) {
            statement = cached.inUse ? try Statement(database: self, sql: sql) : cached
        } else {
            statement = try Statement(database: self, sql: sql)
            statementCache.insert(statement, for: sql, hash: hash)
        }
        try statement.checkout(argumentCount: argumentCount)
        return statement
    }

    private func statementForUse(_ sql: String, arguments: [SQLBindable]) throws -> Statement {
        let statement = try statementForUse(sql, argumentCount: arguments.count)
        do {
            for (offset, argument) in arguments.enumerated() {
                try argument.bind(to: statement, at: Int32(offset + 1))
            }
        } catch {
            statement.checkin()
            throw error
        }
        return statement
    }

    /// Statements held by the cache (for tests).
    var cachedStatementCount: Int { statementCache.count }

    /// `PRAGMA integrity_check` result lines ("ok" when sound).
    public func integrityCheck() throws -> [String] {
        try rows("PRAGMA integrity_check").map { $0[0].string ?? "" }
    }
}
