import CSQLite

/// The current row of a query being stepped (`Database.forEachRow`), read by column index
/// straight from SQLite: no `Row`, no `SQLValue` per column, and text a caller only parses
/// (`withText`) never becomes a String. Valid only inside the closure it is passed to.
/// Reads answer as `Row.column(_:)`'s value would: `text` as `SQLValue.text`, `int` as
/// `SQLValue.int`.
public struct RowCursor {
    let handle: OpaquePointer

    public func isNull(_ column: Int32) -> Bool { sqlite3_column_type(handle, column) == SQLITE_NULL }

    /// The column as an integer (a number, or text that is one), nil otherwise.
    public func int(_ column: Int32) -> Int? {
        switch sqlite3_column_type(handle, column) {
        case SQLITE_INTEGER: return Int(sqlite3_column_int64(handle, column))
        case SQLITE_FLOAT: return Int(sqlite3_column_double(handle, column))
        case SQLITE_TEXT: return Int(text(column))
        default: return nil
        }
    }

    /// Text (or a number as text), "" for NULL or a blob.
    public func text(_ column: Int32) -> String {
        switch sqlite3_column_type(handle, column) {
        case SQLITE_TEXT:
            guard let p = sqlite3_column_text(handle, column) else { return "" }
            return String(decoding: UnsafeBufferPointer(start: p, count: Int(sqlite3_column_bytes(handle, column))), as: UTF8.self)
        case SQLITE_INTEGER: return String(sqlite3_column_int64(handle, column))
        case SQLITE_FLOAT: return String(sqlite3_column_double(handle, column))
        default: return ""
        }
    }

    /// `body` over a text column's UTF-8 bytes as stored (valid inside `body`); empty for
    /// anything but text.
    public func withText<T>(_ column: Int32, _ body: (UnsafeBufferPointer<UInt8>) throws -> T) rethrows -> T {
        guard sqlite3_column_type(handle, column) == SQLITE_TEXT, let p = sqlite3_column_text(handle, column) else {
            return try body(UnsafeBufferPointer(start: nil, count: 0))
        }
        return try body(UnsafeBufferPointer(start: p, count: Int(sqlite3_column_bytes(handle, column))))
    }
}

extension Database {
    /// Steps through the rows of a query, calling `body` with each (the statement is in use
    /// meanwhile: `body` may run other statements, a reentrant use of `sql` gets its own).
    public func forEachRow<each A: SQLBindable>(_ sql: String, _ arguments: repeat each A,
                                                 row body: (RowCursor) throws -> Void) throws {
        let statement = try bound(sql, repeat each arguments)
        defer { statement.checkin() }
        let cursor = RowCursor(handle: statement.handle)
        while try statement.step() { try body(cursor) }
    }

    /// The rows of a query, each made into a `T` by `transform` (as `forEachRow`).
    public func mapRows<T, each A: SQLBindable>(_ sql: String, _ arguments: repeat each A,
                                                row transform: (RowCursor) throws -> T) throws -> [T] {
        var out: [T] = []
        try forEachRow(sql, repeat each arguments) { out.append(try transform($0)) }
        return out
    }
}
