import CSQLite
#if canImport(Glibc)
import Glibc
#endif

/// A diagnostic: with `APX_SQL_PROFILE=FILE` in the environment, every connection sums the
/// time SQLite reports per statement execution (`SQLITE_TRACE_PROFILE`) by SQL text and, when
/// it closes, appends one line per statement to FILE — total ms, executions, µs each, the SQL —
/// most expensive first. Off (nothing registered) without the variable. Not for production
/// nights: the callback runs after every statement.
final class StatementProfile {
    struct Entry { var sql: String; var count = 0; var nanoseconds: Int64 = 0 }
    let path: String
    /// By the statement's SQL text pointer (stable for a prepared statement's life; a
    /// finalized statement's memory may hold another's later, so the text is compared).
    private var entries: [UnsafeRawPointer: Entry] = [:]
    /// Entries whose pointer came to hold another statement's text.
    private var retired: [Entry] = []

    static var requestedPath: String? {
        guard let p = getenv("APX_SQL_PROFILE"), p.pointee != 0 else { return nil }
        return String(cString: p)
    }

    init(path: String) { self.path = path }

    func install(on db: OpaquePointer) {
        sqlite3_trace_v2(db, UInt32(SQLITE_TRACE_PROFILE), { _, context, statement, elapsed in
            guard let context, let statement, let elapsed, let sql = sqlite3_sql(OpaquePointer(statement)) else { return 0 }
            let profile = Unmanaged<StatementProfile>.fromOpaque(context).takeUnretainedValue()
            profile.note(UnsafeRawPointer(sql), elapsed.load(as: Int64.self))
            return 0
        }, Unmanaged.passUnretained(self).toOpaque())
    }

    private func note(_ sql: UnsafeRawPointer, _ ns: Int64) {
        let text = sql.assumingMemoryBound(to: CChar.self)
        if let e = entries[sql], !e.sql.withCString({ strcmp($0, text) == 0 }) {
            retired.append(e)
            entries[sql] = nil
        }
        if entries[sql] == nil { entries[sql] = Entry(sql: String(cString: text)) }
        entries[sql]!.count += 1
        entries[sql]!.nanoseconds += ns
    }

    /// Appends the summary (statements with the same text merged) to `path`.
    func write() {
        var merged: [String: Entry] = [:]
        for e in Array(entries.values) + retired {
            merged[e.sql, default: Entry(sql: e.sql)].count += e.count
            merged[e.sql, default: Entry(sql: e.sql)].nanoseconds += e.nanoseconds
        }
        let total = merged.values.reduce(0) { $0 + $1.nanoseconds }
        var text = "# \(merged.count) statements, \(total / 1_000_000) ms in SQLite (total ms, executions, µs each, SQL)\n"
        for e in merged.values.sorted(by: { $0.nanoseconds > $1.nanoseconds }) {
            let oneLine = e.sql.split(whereSeparator: { $0 == "\n" || $0 == " " }).joined(separator: " ")
            let tenths = e.nanoseconds / Int64(max(e.count, 1)) / 100
            text += "\(e.nanoseconds / 1_000_000)\t\(e.count)\t\(tenths / 10).\(tenths % 10)\t\(oneLine.prefix(300))\n"
        }
        let fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
        guard fd >= 0 else { return }
        defer { close(fd) }
        _ = text.utf8CString.withUnsafeBufferPointer { Glibc.write(fd, $0.baseAddress, $0.count - 1) }
    }
}
