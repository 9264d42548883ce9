import APXCore
import SQLiteDB

/// The figures of the supervision view (`apx dashboard`), read per city — the first four
/// digits of the project's region code (approved data, else the platform's). Days are
/// as-of days (`yyyy-MM-dd`), the period `from…to` inclusive.
public struct DashboardQueries {
    public let store: Store
    public init(store: Store) { self.store = store }

    /// Per-city region: approved data first, then the platform's.
    static let region = """
        region AS (
            SELECT p.xmdm AS xmdm, substr(COALESCE(a.xzqhdm, pl.xzqhdm, ''), 1, 4) AS city FROM project p
            LEFT JOIN project_data a ON a.xmdm = p.xmdm AND a.kind = 'approved'
            LEFT JOIN project_data pl ON pl.xmdm = p.xmdm AND pl.kind = 'platform')
        """

    /// A count per (city, month) of some dated thing in the period.
    public struct Count: Sendable {
        public let city: String
        public let month: String
        public let key: String
        public let count: Int
    }

    private func counts(_ sql: String, _ from: String, _ to: String) throws -> [Count] {
        try store.db.rows(sql, from, to).map {
            try Count(city: $0.column("city").text, month: $0.column("month").text, key: $0.column("key").string ?? "", count: $0.column("n").int ?? 0)
        }
    }

    /// Rows of `table` counted per city and month of their `day` column, in the period.
    private func perMonth(_ table: String, _ day: String, _ from: String, _ to: String) throws -> [Count] {
        try counts("""
            WITH \(Self.region)
            SELECT r.city, substr(x.\(day), 1, 7) AS month, '' AS key, count(*) AS n
            FROM \(table) x JOIN region r ON r.xmdm = x.xmdm
            WHERE x.\(day) BETWEEN ? AND ? GROUP BY r.city, month
            """, from, to)
    }

    /// Projects warehoused (their first warehousing day) in the period.
    public func projectsWarehoused(from: String, to: String) throws -> [Count] {
        try perMonth("project", "warehoused_on", from, to)
    }

    /// Projects ended (archive accepted) in the period.
    public func projectsEnded(from: String, to: String) throws -> [Count] {
        try perMonth("project_end", "ended_on", from, to)
    }

    /// Results warehoused now (the current version of each), by the day their version was
    /// received, per item (`key` = SXBM).
    public func resultsWarehoused(from: String, to: String) throws -> [Count] {
        try counts("""
            WITH \(Self.region)
            SELECT r.city, substr(x.received_on, 1, 7) AS month, x.sxbm AS key, count(*) AS n
            FROM result x JOIN region r ON r.xmdm = x.xmdm
            WHERE x.state = 'WAREHOUSED' AND x.received_on BETWEEN ? AND ? GROUP BY r.city, month, x.sxbm
            """, from, to)
    }

    /// One timed item (an acceptance with a promised limit) with its project's city; its
    /// columns are those of `Store.TimedItemRow`.
    @dynamicMemberLookup
    public struct TimedItem: Sendable {
        public let row: Store.TimedItemRow
        public let city: String
        public var open: Bool { row.state == .open }
        public subscript<T>(dynamicMember path: KeyPath<Store.TimedItemRow, T>) -> T { row[keyPath: path] }
    }

    /// Items finished in the period, and items open now.
    public func timedItems(from: String, to: String) throws -> [TimedItem] {
        try store.db.rows("""
            WITH \(Self.region)
            SELECT t.*, COALESCE(r.city, '') AS city FROM timed_item t LEFT JOIN region r ON r.xmdm = t.xmdm
            WHERE t.state = 'OPEN' OR (t.state = 'FINISHED' AND t.finished_on BETWEEN ? AND ?)
            ORDER BY t.deadline, t.key
            """, from, to).map { TimedItem(row: try store.timedRow($0), city: try $0.column("city").text) }
    }
}
