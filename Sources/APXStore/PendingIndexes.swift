/// The result and request tables' state indexes hold only what is looked up by state alone: pending
/// results and requests by the day they arrived (the report's and `apx status`'s ages, the
/// oldest pending). A result or request that goes NEW → WAREHOUSED (a first load: all of
/// them) then moves no entry of it; the other state reads have their own indexes
/// (`result_item`, `result_open`, `warehousing_request_open`) or read every
/// row anyway (the dashboard's warehoused counts, a count by state).
enum PendingIndexes {
    static let migration = """
    DROP INDEX IF EXISTS result_state;
    CREATE INDEX result_pending ON result(received_on) WHERE state = 'PENDING';
    """

    static let requestMigration = """
    DROP INDEX IF EXISTS warehousing_request_state;
    CREATE INDEX warehousing_request_pending ON warehousing_request(received_on) WHERE state = 'PENDING';
    """

    /// A project's results by item, without their state: a state change (every result's,
    /// once at least) moves no entry; `hasWarehoused` checks the state of the item's few rows.
    static let resultItemMigration = """
    DROP INDEX IF EXISTS result_item;
    CREATE INDEX result_item ON result(xmdm, sxbm);
    """
}
