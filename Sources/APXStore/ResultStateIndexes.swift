/// The result table's state index holds only what is looked up by state alone: pending
/// results by the day they arrived (the report's and `apx status`'s ages, the oldest
/// pending). A result that goes NEW → WAREHOUSED (a first load: all of them) then moves no
/// entry of it; the other state reads have their own indexes (`result_item`, `result_open`,
/// `result_open_id`) or read every row anyway (the dashboard's warehoused counts).
enum ResultStateIndexes {
    static let migration = """
    DROP INDEX IF EXISTS result_state;
    CREATE INDEX result_pending ON result(received_on) WHERE state = 'PENDING';
    """
}
