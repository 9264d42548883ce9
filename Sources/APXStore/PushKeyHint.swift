import APXDomain

/// What a page of pushes learnt once about its keys (`Store.pushKeyHint`): the kinds whose
/// keys of the page all lie in a range of `dfsjzj` that had no record when the page's
/// transaction read it, so a first load skips the newest-version read per push. A key is
/// known absent once only: after it is queued, the next push for it reads its record.
/// Valid only inside the transaction that read it, while every push of that transaction
/// goes through a `PushQueue` holding this hint.
public final class PushKeyHint {
    let target: PushTarget
    /// Per kind, a range of keys (inclusive, in byte order) that had no record.
    private let emptyRanges: [PushKind: (low: String, high: String)]
    /// Keys already answered absent. (Canonically equal keys share an entry: the second
    /// one then reads its record, which is never wrong.)
    private var used: Set<String> = []

    init(target: PushTarget, emptyRanges: [PushKind: (low: String, high: String)]) {
        self.target = target
        self.emptyRanges = emptyRanges
    }

    /// Whether `key` had no record of `target` when the hint was read; true once per key.
    func takeAbsent(target: PushTarget, key: PushKey, dfsjzj: String) -> Bool {
        guard target == self.target, let range = emptyRanges[key.kind],
              !Self.precedes(dfsjzj, range.low), !Self.precedes(range.high, dfsjzj) else { return false }
        return used.insert(dfsjzj).inserted
    }

    /// `a` before `b` in byte order (SQLite's BINARY collation), not in String's order.
    static func precedes(_ a: String, _ b: String) -> Bool {
        var a = a, b = b
        return a.withUTF8 { x in
            b.withUTF8 { y in
                let n = min(x.count, y.count)
                var i = 0
                while i < n {
                    if x[i] != y[i] { return x[i] < y[i] }
                    i += 1
                }
                return x.count < y.count
            }
        }
    }
}

extension Store {
    /// A hint for a page that will queue (some of) `keys` for `target` (in the caller's
    /// transaction): per kind, one read of whether any record lies between the page's
    /// smallest and greatest key (byte order, as SQLite compares them).
    public func pushKeyHint(target: PushTarget, keys: [PushKey]) throws -> PushKeyHint {
        var ranges: [PushKind: (low: String, high: String)] = [:]
        for kind in PushKind.allCases {
            var low: String?, high: String?
            for key in keys where key.kind == kind {
                let text = key.dfsjzj
                if low.map({ PushKeyHint.precedes(text, $0) }) ?? true { low = text }
                if high.map({ PushKeyHint.precedes($0, text) }) ?? true { high = text }
            }
            if let low, let high { ranges[kind] = (low, high) }
        }
        var empty: [PushKind: (low: String, high: String)] = [:]
        if !ranges.isEmpty { try writeHeldRows() }
        for (kind, range) in ranges {
            if try db.row("SELECT 1 FROM push_record WHERE target = ? AND dfsjzj >= ? AND dfsjzj <= ? LIMIT 1",
                          target.rawValue, range.low, range.high) == nil {
                empty[kind] = range
            }
        }
        return PushKeyHint(target: target, emptyRanges: empty)
    }
}
