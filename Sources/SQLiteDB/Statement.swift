import CSQLite

/// A prepared statement, reused by `Database` for every call with the same SQL.
///
/// One use: `checkout` (argument count checked, bind arena started), `bind` each argument,
/// `step` through the rows, `checkin` (reset). A statement is in one use at a time: a call
/// that needs the same SQL while it is in use (an argument's `sqlValue` querying the same
/// statement) gets a fresh uncached statement (`Database.statementForUse`).
public final class Statement {
    @usableFromInline let handle: OpaquePointer
    unowned let database: Database
    public let sql: String
    let parameterCount: Int
    @exclusivity(unchecked) @usableFromInline var inUse = false
    @exclusivity(unchecked) private var arena = BindArena()
    /// The result's column names, read on the first row and again after SQLite re-prepared the
    /// statement (a schema change can change what `SELECT *` returns).
    @exclusivity(unchecked) private var layout: ResultColumns?
    @exclusivity(unchecked) private var layoutPreparedAs: Int32 = 0

    init(database: Database, sql: String) throws {
        var stmt: OpaquePointer?
        let rc = sqlite3_prepare_v2(database.handle, sql, -1, &stmt, nil)
        guard rc == SQLITE_OK, let stmt else {
            throw database.error(rc, sql: sql)
        }
        self.handle = stmt
        self.database = database
        self.sql = sql
        self.parameterCount = Int(sqlite3_bind_parameter_count(stmt))
    }

    deinit {
        sqlite3_finalize(handle)
        arena.deallocate()
    }

    /// Starts a use with `count` arguments. Every parameter is bound by the use (the count
    /// must match), so no `sqlite3_clear_bindings`; the last use was reset by its `checkin`.
    @usableFromInline func checkout(argumentCount count: Int) throws {
        guard count == parameterCount else {
            throw DatabaseError(code: SQLITE_RANGE, message: "expected \(parameterCount) arguments, got \(count)", sql: sql)
        }
        inUse = true
        arena.begin()
    }

    /// Ends a use: resets the statement (releases its read of the database). Its bindings stay
    /// set, naming arena bytes, until the next use replaces them (BindArena).
    @usableFromInline func checkin() {
        sqlite3_reset(handle)
        inUse = false
    }

    @usableFromInline func bind(_ value: SQLValue, at index: Int32) throws {
        let rc: Int32
        switch value {
        case .null: rc = sqlite3_bind_null(handle, index)
        case .integer(let v): rc = sqlite3_bind_int64(handle, index, v)
        case .real(let v): rc = sqlite3_bind_double(handle, index, v)
        case .text(let s):
            if let bound = s.utf8.withContiguousStorageIfAvailable({ bindText(UnsafeRawBufferPointer($0), at: index) }) {
                rc = bound
            } else {
                var copy = s
                rc = copy.withUTF8 { bindText(UnsafeRawBufferPointer($0), at: index) }
            }
        case .blob(let bytes):
            rc = bytes.withUnsafeBytes { raw in
                if let stable = arena.copy(raw) {
                    return sqlite3_bind_blob(handle, index, stable, Int32(raw.count), SQLITE_STATIC)
                }
                return sqlite3_bind_blob(handle, index, raw.baseAddress ?? UnsafeRawPointer(arena.base), Int32(raw.count), SQLITE_TRANSIENT)
            }
        }
        guard rc == SQLITE_OK else { throw database.error(rc, sql: sql) }
    }

    /// UTF-8 bytes bound as TEXT (`UTF8Text`), as `bind(.text(_:))` binds a String's.
    @usableFromInline func bindTextBytes(_ utf8: UnsafeRawBufferPointer, at index: Int32) throws {
        let rc = bindText(utf8, at: index)
        guard rc == SQLITE_OK else { throw database.error(rc, sql: sql) }
    }

    /// Text through the arena (SQLITE_STATIC); too large for it, SQLite copies. Never a nil
    /// pointer: that would bind NULL instead of "".
    private func bindText(_ utf8: UnsafeRawBufferPointer, at index: Int32) -> Int32 {
        guard utf8.count <= Int(Int32.max) else { return SQLITE_TOOBIG }
        if let stable = arena.copy(utf8) {
            return sqlite3_bind_text(handle, index, stable.assumingMemoryBound(to: CChar.self), Int32(utf8.count), SQLITE_STATIC)
        }
        let base = (utf8.baseAddress ?? UnsafeRawPointer(arena.base)).assumingMemoryBound(to: CChar.self)
        return sqlite3_bind_text(handle, index, base, Int32(utf8.count), SQLITE_TRANSIENT)
    }

    /// Steps once; true while a row is available.
    @usableFromInline func step() throws -> Bool {
        let rc = sqlite3_step(handle)
        switch rc {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        default: throw database.error(rc, sql: sql)
        }
    }

    /// Steps to the end (a statement run for its effect).
    @usableFromInline func drain() throws {
        while try step() {}
    }

    /// Every remaining row.
    @usableFromInline func allRows() throws -> [Row] {
        var rows: [Row] = []
        while try step() { rows.append(currentRow()) }
        return rows
    }

    /// The next row, if any.
    @usableFromInline func firstRow() throws -> Row? {
        try step() ? currentRow() : nil
    }

    /// The first column of the next row; NULL without a row.
    @usableFromInline func firstValue() throws -> SQLValue {
        guard try step(), sqlite3_column_count(handle) > 0 else { return .null }
        return value(at: 0)
    }

    private func currentLayout() -> ResultColumns {
        let prepared = sqlite3_stmt_status(handle, SQLITE_STMTSTATUS_REPREPARE, 0)
        if let layout, prepared == layoutPreparedAs, layout.count == Int(sqlite3_column_count(handle)) { return layout }
        let names = (0..<sqlite3_column_count(handle)).map { String(cString: sqlite3_column_name(handle, $0)) }
        let fresh = ResultColumns(names: names, sql: sql)
        layout = fresh
        layoutPreparedAs = prepared
        return fresh
    }

    func currentRow() -> Row {
        let layout = currentLayout()
        let count = layout.count
        var values: [SQLValue] = []
        values.reserveCapacity(count)
        for i in 0..<Int32(count) { values.append(value(at: i)) }
        return Row(layout: layout, values: values)
    }

    /// Column `i` of the current row. Read through `sqlite3_column_value` once, then the
    /// `sqlite3_value_*` accessors (the connection is used by one thread: `Database`), instead
    /// of three `sqlite3_column_*` calls each locating the column again.
    private func value(at i: Int32) -> SQLValue {
        guard let value = sqlite3_column_value(handle, i) else { return .null }
        switch sqlite3_value_type(value) {
        case SQLITE_INTEGER: return .integer(sqlite3_value_int64(value))
        case SQLITE_FLOAT: return .real(sqlite3_value_double(value))
        case SQLITE_TEXT:
            guard let text = sqlite3_value_text(value) else { return .text("") }
            let n = Int(sqlite3_value_bytes(value))
            return .text(String(decoding: UnsafeBufferPointer(start: text, count: n), as: UTF8.self))
        case SQLITE_BLOB:
            guard let p = sqlite3_value_blob(value) else { return .blob([]) }
            let n = Int(sqlite3_value_bytes(value))
            return .blob(n > 0 ? Array(UnsafeRawBufferPointer(start: p, count: n)) : [])
        default: return .null
        }
    }
}
