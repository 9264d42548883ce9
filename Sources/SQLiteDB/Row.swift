/// One result row, columns by name and by index.
///
/// `column(_:)` is the checked read the application uses: a name the result set does not
/// have throws `DatabaseError.missingColumn` (with the SQL), so a misspelt column is an
/// error, never an empty value. The lenient `text`/`int`/`string`/subscript reads (NULL for
/// an absent column) are for tests inspecting a database file.
///
/// The column names (and the SQL) are the statement's, shared by all its rows (`ResultColumns`);
/// a row holds only its values.
public struct Row: Sendable {
    let layout: ResultColumns
    public let values: [SQLValue]

    public var columns: [String] { layout.names }
    /// The statement that produced the row.
    public var sql: String { layout.sql }

    public init(columns: [String], values: [SQLValue], sql: String) {
        self.init(layout: ResultColumns(names: columns, sql: sql), values: values)
    }

    init(layout: ResultColumns, values: [SQLValue]) {
        self.layout = layout
        self.values = values
    }

    /// The value of column `name` (NULL is `.null`); a column not in the result set throws.
    public func column(_ name: String) throws -> SQLValue {
        guard let i = layout.index(of: name) else { throw DatabaseError.missingColumn(name, sql: sql) }
        return values[i]
    }

    public subscript(_ index: Int) -> SQLValue { values[index] }

    // Lenient reads, for tests inspecting a database: an absent column reads as NULL.
    public subscript(_ name: String) -> SQLValue {
        guard let i = layout.index(of: name) else { return .null }
        return values[i]
    }
    public func string(_ name: String) -> String? { self[name].string }
    public func int(_ name: String) -> Int? { self[name].int }
    public func text(_ name: String) -> String { self[name].string ?? "" }
}
