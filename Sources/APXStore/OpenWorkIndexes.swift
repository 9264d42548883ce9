/// Indexes that hand out open work in the order it is taken, so each page of a keyset
/// walk (`… > after ORDER BY … LIMIT n`) reads its n rows instead of sorting everything
/// still open: without them a night of N records does O(N²) row reads.
enum OpenWorkIndexes {
    static let migration = """
    -- Unplanned push records in file order (OutboxPlanner: group, invalidation first, id);
    -- it also answers "anything unplanned for target T", so it replaces push_record_unplanned.
    CREATE INDEX push_record_unplanned_order ON push_record(target, group_id, valid, id) WHERE file_id IS NULL;
    DROP INDEX IF EXISTS push_record_unplanned;
    -- Open warehousing requests by request number (Warehousing pages).
    CREATE INDEX warehousing_request_open ON warehousing_request(qqbh) WHERE state IN ('NEW','PENDING');
    -- Open results by id (the pass over items outside the catalogue).
    CREATE INDEX result_open_id ON result(id) WHERE state IN ('NEW','PENDING');
    """
}
