import APXCore
import SQLiteDB

/// Aggregates for the run report: bounded answers (counts grouped by a few keys, capped
/// samples) whatever the size of the database.
extension Store {
    /// Open timed items counted by item, city (first four digits of the project's region;
    /// "" when unknown) and deadline.
    public func openTimedItemCounts() throws -> [(sxbm: String, city: String, deadline: String, count: Int)] {
        try db.rows("""
            WITH \(DashboardQueries.region)
            SELECT t.sxbm, COALESCE(r.city, '') AS city, t.deadline, count(*) AS n
            FROM timed_item t LEFT JOIN region r ON r.xmdm = t.xmdm
            WHERE t.state = 'OPEN' GROUP BY t.sxbm, city, t.deadline ORDER BY t.deadline
            """).map { (try $0.column("sxbm").text, try $0.column("city").text, try $0.column("deadline").text, try $0.column("n").int ?? 0) }
    }

    /// Pending requests and results counted by the day they were received.
    public func pendingByReceivedDay() throws -> (requests: [(day: String, count: Int)], results: [(day: String, count: Int)]) {
        let requests = try db.rows("""
            SELECT received_on, count(*) AS n FROM warehousing_request WHERE state = 'PENDING' GROUP BY received_on
            """).map { (try $0.column("received_on").text, try $0.column("n").int ?? 0) }
        let results = try db.rows("SELECT received_on, count(*) AS n FROM result WHERE state = 'PENDING' GROUP BY received_on")
            .map { (try $0.column("received_on").text, try $0.column("n").int ?? 0) }
        return (requests, results)
    }

    /// Open review items, oldest first, at most `limit` (with their field differences), and how many are open.
    public func openReviews(limit: Int) throws -> (total: Int, items: [ReviewItem]) {
        let total = try db.scalar("SELECT count(*) FROM review_item WHERE state = 'OPEN'").int ?? 0
        let ids = try db.rows("SELECT id FROM review_item WHERE state = 'OPEN' ORDER BY id LIMIT ?", limit).compactMap { try $0.column("id").int }
        return (total, try ids.compactMap { try review($0) })
    }
}
