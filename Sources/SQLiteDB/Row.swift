/// One result row, columns by name and by index. Reading a column by a name the result set
/// does not have throws (`DatabaseError.missingColumn`, with the SQL): a misspelt column is
/// an error, never an empty value.
public struct Row: Sendable {
    public let columns: [String]
    public let values: [SQLValue]
    /// The statement that produced the row.
    public let sql: String

    public init(columns: [String], values: [SQLValue], sql: String) {
        self.columns = columns
        self.values = values
        self.sql = sql
    }

    public subscript(_ index: Int) -> SQLValue { values[index] }
    public subscript(_ name: String) -> SQLValue {
        get throws { try value(name) }
    }

    /// The value of column `name`; NULL is `.null`, a column not in the result set throws.
    public func value(_ name: String) throws -> SQLValue {
        guard let i = columns.firstIndex(of: name) else { throw DatabaseError.missingColumn(name, sql: sql) }
        return values[i]
    }
    /// Text (or a number as text); nil for NULL or a blob.
    public func string(_ name: String) throws -> String? { try value(name).string }
    public func int(_ name: String) throws -> Int? { try value(name).int }
    /// Text, "" for NULL.
    public func text(_ name: String) throws -> String { try value(name).string ?? "" }
}
