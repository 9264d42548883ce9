/// Indexes that hand out open work in the order it is taken, so each page of a keyset
/// walk (`… > after ORDER BY … LIMIT n`) reads its n rows instead of sorting everything
/// still open (without them a night of N records does O(N²) row reads), and that index a
/// push record only while it is in the state the index serves.
enum OpenWorkIndexes {
    static let migration = """
    -- Unplanned push records in file order (OutboxPlanner: group, invalidation first, id);
    -- it also answers "anything unplanned for target T", so it replaces push_record_unplanned.
    CREATE INDEX push_record_unplanned_order ON push_record(target, group_id, valid, id) WHERE file_id IS NULL;
    DROP INDEX IF EXISTS push_record_unplanned;
    -- Records of a planned file by position; a record still unplanned has no entry here (it
    -- is in push_record_unplanned_order), so queueing one writes one index entry fewer.
    DROP INDEX IF EXISTS push_record_file;
    CREATE INDEX push_record_in_file ON push_record(file_id, position) WHERE file_id IS NOT NULL;
    -- Open warehousing requests by request number (Warehousing pages).
    CREATE INDEX warehousing_request_open ON warehousing_request(qqbh) WHERE state IN ('NEW','PENDING');
    -- Open results by id (the pass over items outside the catalogue).
    CREATE INDEX result_open_id ON result(id) WHERE state IN ('NEW','PENDING');
    """

    /// `result_open_id` served only the pass over items outside the catalogue, which now reads
    /// their ids through `result_open` (`Store.openResultIDs`): every result stored NEW and
    /// later warehoused no longer adds and removes an entry here (600k at a 100k first load).
    static let openByIDDropped = """
    DROP INDEX IF EXISTS result_open_id;
    """
}
