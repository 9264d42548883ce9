import CSQLite

extension Database {
    /// The rows of the query `sql`, whose one parameter is `apx_feed(?)`'s, over `feed`
    /// (none when the feed is empty): a set read of what many keys need, in one statement.
    public func rows(_ sql: String, feeding feed: inout FeedRows) throws -> [Row] {
        guard !feed.isEmpty else { return [] }
        let statement = try statementForUse(sql, argumentCount: 1)
        defer { statement.checkin() }
        return try feed.withFeed { pointer in
            let rc = apx_sqlite3_bind_feed(statement.handle, 1, pointer)
            guard rc == SQLITE_OK else { throw error(rc, sql: sql) }
            defer { sqlite3_bind_null(statement.handle, 1) }
            return try statement.allRows()
        }
    }
}
