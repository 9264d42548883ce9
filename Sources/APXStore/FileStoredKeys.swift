/// What one input file stored itself, for a table (or an item's results) that had no row when
/// the file began: a key of such a table is stored only if this file stored it, so a batch
/// need not look it up — the first load's case, where every lookup would find nothing. The
/// hashes of the keys the file stored are kept, bounded (`limit`; past it every key is looked
/// up); a hash match — the key itself, or another with the same hash — is looked up.
struct FileStoredKeys {
    let limit: Int
    private var hashes: Set<Int> = []
    private var full = false

    init(limit: Int = 1 << 18) { self.limit = limit }

    mutating func noteStored(_ key: some Hashable) {
        guard !full else { return }
        if hashes.count >= limit {
            full = true
            hashes = []
        } else {
            hashes.insert(key.hashValue)
        }
    }

    /// Whether `key` may have been stored by this file (false: certainly not).
    func mayHaveStored(_ key: some Hashable) -> Bool { full || hashes.contains(key.hashValue) }
}
