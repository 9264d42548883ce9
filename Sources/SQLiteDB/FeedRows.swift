import CSQLite

/// Rows held in Swift for one set statement over the `apx_feed(?)` table-valued function
/// (CSQLite's shim): `INSERT INTO t (a, b) SELECT c0, c1 FROM apx_feed(?)` writes them all in
/// one statement execution, the table's cursors opened once, instead of one execution per
/// row. Columns are `c0`…`c23`; values are appended row by row, `columns` per row.
public struct FeedRows {
    public static let maximumColumns = Int(APX_FEED_COLUMNS)
    public let columns: Int
    /// Row-major cells; a text or blob cell holds its offset into `bytes` in `integer` until
    /// the statement runs (the array may move as it grows).
    var cells: [apx_feed_cell] = []
    var bytes: [UInt8] = []

    public init(columns: Int) {
        precondition((1...FeedRows.maximumColumns).contains(columns), "apx_feed has 1...\(FeedRows.maximumColumns) columns")
        self.columns = columns
    }

    /// Complete rows held.
    public var count: Int { cells.count / columns }
    public var isEmpty: Bool { cells.isEmpty }

    public mutating func removeAll() {
        cells.removeAll(keepingCapacity: true)
        bytes.removeAll(keepingCapacity: true)
    }

    public mutating func append(_ value: Int) { append(Int64(value)) }
    public mutating func append(_ value: Bool) { append(Int64(value ? 1 : 0)) }
    public mutating func append(_ value: Int64) {
        cells.append(apx_feed_cell(type: SQLITE_INTEGER, length: 0, integer: value, real: 0, bytes: nil))
    }
    public mutating func append(_ value: Double) {
        cells.append(apx_feed_cell(type: SQLITE_FLOAT, length: 0, integer: 0, real: value, bytes: nil))
    }
    public mutating func appendNull() {
        cells.append(apx_feed_cell(type: SQLITE_NULL, length: 0, integer: 0, real: 0, bytes: nil))
    }
    public mutating func append(_ value: String) {
        var text = value
        text.withUTF8 { appendBytes(UnsafeRawBufferPointer($0), type: SQLITE_TEXT) }
    }
    public mutating func append(_ value: String?) {
        if let value { append(value) } else { appendNull() }
    }
    public mutating func append(_ value: Int?) {
        if let value { append(value) } else { appendNull() }
    }
    public mutating func append(_ value: SQLValue) {
        switch value {
        case .null: appendNull()
        case .integer(let v): append(v)
        case .real(let v): append(v)
        case .text(let s): append(s)
        case .blob(let b): b.withUnsafeBytes { appendBytes($0, type: SQLITE_BLOB) }
        }
    }

    private mutating func appendBytes(_ raw: UnsafeRawBufferPointer, type: Int32) {
        precondition(raw.count <= Int(Int32.max), "a feed value over 2 GiB")
        cells.append(apx_feed_cell(type: type, length: Int32(raw.count), integer: Int64(bytes.count), real: 0, bytes: nil))
        bytes.append(contentsOf: raw)
    }

    /// Calls `body` with the feed as SQLite reads it (pointers into `bytes`, valid in `body`).
    mutating func withFeed<T>(_ body: (UnsafePointer<apx_feed>) throws -> T) rethrows -> T {
        precondition(cells.count % columns == 0, "a feed row is incomplete")
        let columns = Int32(self.columns), rows = Int64(count)
        return try bytes.withUnsafeBufferPointer { stored in
            let base = UnsafeRawPointer(stored.baseAddress)
            for i in cells.indices where cells[i].type == SQLITE_TEXT || cells[i].type == SQLITE_BLOB {
                cells[i].bytes = base.map { $0 + Int(cells[i].integer) }
            }
            return try cells.withUnsafeBufferPointer { cellBuffer in
                var feed = apx_feed(cells: cellBuffer.baseAddress, columns: columns, rows: rows)
                return try withUnsafePointer(to: &feed) { try body($0) }
            }
        }
    }
}

extension Database {
    /// Runs `sql`, whose one parameter is `apx_feed(?)`'s, over `rows` (nothing when empty).
    public func run(_ sql: String, feeding rows: inout FeedRows) throws {
        guard !rows.isEmpty else { return }
        let statement = try statementForUse(sql, argumentCount: 1)
        defer { statement.checkin() }
        try rows.withFeed { feed in
            let rc = apx_sqlite3_bind_feed(statement.handle, 1, feed)
            guard rc == SQLITE_OK else { throw error(rc, sql: sql) }
            defer { sqlite3_bind_null(statement.handle, 1) }
            try statement.drain()
        }
    }
}
