/// What one file's ingest knows of `result` without asking again: the items (SXBM) that had
/// no stored result when the file first brought one of theirs, and the numbers the file then
/// stored for them. For such an item a number the file has not stored has no version yet, so
/// `Store.receiveResult` skips its `latestResult` read (the first load of an item: every
/// read would find nothing). Anything else is read as before.
///
/// Contract: one intake per file, inside that file's transaction, and nothing else writes
/// `result` while it is used (the ingest's own loop). A stored number is kept as its Swift
/// hash (canonical equivalence, coarser than SQLite's bytes; another number may share it), so
/// "not stored by the file" is never wrong; a number that only looks stored is read. Items
/// are ASCII codes (others are always read). Bounded: once the file has stored `bound`
/// numbers (all its items together), each item is read again for every number from its next
/// one on — memory stays flat for any file (~5 MB at the bound, whatever the numbers' length).
public final class ResultIntake {
    /// Sized above a province's first-load file of one item's results (the benchmark's
    /// contracts file holds 200k), so such a file reads no latest versions.
    static let bound = 1 << 18

    /// Per item that had no result when first seen: the hashes of the numbers the file stored for it.
    private var newItems: [String: Set<Int>] = [:]
    /// Items seen that had results (or outgrew the bound): every number is read.
    private var readItems: Set<String> = []
    private var stored = 0
    private let limit: Int

    public init() { limit = ResultIntake.bound }

    /// An intake that notes at most `bound` numbers (tests).
    init(bound: Int) { limit = bound }

    /// Whether (sxbm, number) certainly has no stored version; reads once per item whether
    /// it had any result.
    func isCertainlyNew(sxbm: String, number: String, store: Store) throws -> Bool {
        // Items are keyed by their String: only ASCII ones, where String equality is byte equality.
        guard sxbm.utf8.allSatisfy({ $0 < 0x80 }) else { return false }
        if let numbers = newItems[sxbm] { return !numbers.contains(number.hashValue) }
        if readItems.contains(sxbm) { return false }
        if try store.hasAnyResult(sxbm: sxbm) {
            readItems.insert(sxbm)
            return false
        }
        newItems[sxbm] = []
        return true
    }

    /// Notes that the file stored a version of (sxbm, number).
    func noteStored(sxbm: String, number: String) {
        guard stored < limit else {
            if newItems.removeValue(forKey: sxbm) != nil { readItems.insert(sxbm) }
            return
        }
        if newItems[sxbm]?.insert(number.hashValue).inserted == true { stored += 1 }
    }
}
