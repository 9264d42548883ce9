import SQLiteDB

/// Rows of one INSERT held in the open transaction and written many to a statement: the
/// same rows, in the same order (so the same rowids and the same `OR IGNORE` outcome), as
/// one INSERT per row would write. The ledger writes them at every transaction boundary and
/// drops them on a rollback; a read of their table in the transaction writes them first
/// (`Store.writeHeldRows`).
final class HeldRows {
    /// `INSERT … (columns) VALUES ` — the statement up to its first row.
    private let head: String
    private let width: Int
    let rowsPerStatement: Int
    private var values: [SQLBindable] = []
    private(set) var count = 0
    /// Statement text by row count (a full statement, and the last part of a flush).
    private var statements: [Int: String] = [:]

    init(_ head: String, columns: Int, rowsPerStatement: Int = 64) {
        self.head = head
        width = columns
        self.rowsPerStatement = rowsPerStatement
        values.reserveCapacity(columns * rowsPerStatement)
    }

    /// Holds one row (`width` values); a full statement's worth is written at once.
    func add(_ row: SQLBindable..., db: Database) throws {
        precondition(row.count == width, "a held row has \(width) values")
        values.append(contentsOf: row)
        count += 1
        if count == rowsPerStatement { try flush(db) }
    }

    /// Writes every held row (nothing when none is held).
    func flush(_ db: Database) throws {
        guard count > 0 else { return }
        let rows = count, arguments = values
        discard()
        try db.run(statement(rows), arguments: arguments)
    }

    func discard() {
        values.removeAll(keepingCapacity: true)
        count = 0
    }

    private func statement(_ rows: Int) -> String {
        if let sql = statements[rows] { return sql }
        let one = "(" + Array(repeating: "?", count: width).joined(separator: ", ") + ")"
        let sql = head + Array(repeating: one, count: rows).joined(separator: ", ")
        statements[rows] = sql
        return sql
    }
}
