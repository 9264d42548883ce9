import APXDomain

/// What a page of pushes learnt once about its keys (`Store.pushKeyHint`): which of the page's
/// keys had no record of the target when the page's transaction read them, so a first load
/// skips the newest-version read per push. A key is known absent once only: after it is
/// queued, the next push for it reads its record. Only plain keys (printable ASCII, where
/// String equality is byte equality, as SQLite compares them) are answered; any other key
/// reads its record. Valid only inside the transaction that read it, while every push of
/// that transaction goes through a `PushQueue` holding this hint.
public final class PushKeyHint {
    let target: PushTarget
    /// The page's plain keys (`dfsjzj`) that had no record and were not answered yet.
    private var absent: Set<String>

    init(target: PushTarget, absent: Set<String>) {
        self.target = target
        self.absent = absent
    }

    /// Whether `dfsjzj` had no record of `target` when the hint was read; true once per key.
    func takeAbsent(target: PushTarget, dfsjzj: String) -> Bool {
        guard target == self.target else { return false }
        return absent.remove(dfsjzj) != nil
    }
}

extension Store {
    /// A hint for a page that will queue (some of) `keys` for `target` (in the caller's
    /// transaction): one read of which of the page's plain keys have a record.
    public func pushKeyHint(target: PushTarget, keys: [PushKey]) throws -> PushKeyHint {
        var page = PageKeys()
        for key in keys { page.insert(key.dfsjzj) }
        guard !page.isEmpty else { return PushKeyHint(target: target, absent: []) }
        try writeHeldRows()
        var absent = Set(page.list)
        try db.forEachRow("""
            SELECT j.value AS k FROM json_each(?2) j
            WHERE EXISTS (SELECT 1 FROM push_record p WHERE p.target = ?1 AND p.dfsjzj = j.value)
            """, target.rawValue, Self.jsonArray(page.list), row: { row in
            absent.remove(row.text(0))
        })
        return PushKeyHint(target: target, absent: absent)
    }
}
