/// What one file's ingest knows of `result` without asking again: the items (SXBM) that had
/// no stored result when the file first brought one of theirs, and the numbers the file then
/// stored for them. For such an item a number the file has not stored has no version yet, so
/// `Store.receiveResult` skips its `latestResult` read (the first load of an item: every
/// read would find nothing). Anything else is read as before.
///
/// Contract: one intake per file, inside that file's transaction, and nothing else writes
/// `result` while it is used (the ingest's own loop). Numbers compare as Swift Strings —
/// canonical equivalence, coarser than SQLite's bytes — so "not stored by the file" is
/// never wrong; a number that only looks stored is read. Items are ASCII codes (others are
/// always read). Bounded: past `bound` numbers
/// an item is read again for every number (memory stays flat for any file).
public final class ResultIntake {
    static let bound = 1 << 16

    /// Per item that had no result when first seen: the numbers the file stored for it.
    private var newItems: [String: Set<String>] = [:]
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
        if let numbers = newItems[sxbm] { return !numbers.contains(number) }
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
        if newItems[sxbm]?.insert(number).inserted == true { stored += 1 }
    }
}
