import Dispatch

/// Releases values on a background thread instead of the caller's: a page's rows and what
/// was built for it (records, dictionaries, sets) are freed — every deinit, `swift_release`
/// and `free` — off the writing thread, whose CPU is the night's wall. For values no other
/// thread uses and that hold nothing tied to a thread (no SQLite statement, no lock held).
/// One serial queue: values are released in the order they were handed over, at most
/// `pending` of them waiting (the caller waits beyond that, so memory stays bounded when
/// the background thread falls behind).
public enum BackgroundRelease {
    public static let pending = 5
    private static let queue = DispatchQueue(label: "apx.background-release")
    private static let slots = DispatchSemaphore(value: pending)

    /// Moves `slot`'s value out (leaving `empty` in its place) and releases it on the
    /// background thread. Where `slot` held the only reference, the value is freed there;
    /// where another reference remains, it is freed wherever that one is dropped.
    public static func release<T>(_ slot: inout T, leaving empty: T) {
        let box = Box(slot)
        slot = empty
        slots.wait()
        queue.async {
            box.value = nil
            slots.signal()
        }
    }

    /// Releases `value` on the background thread; the caller hands it over with `consume`
    /// (e.g. `release(consume batch)`), so that the background thread drops the last reference.
    public static func release<T>(_ value: consuming T) {
        var slot: T? = consume value
        release(&slot, leaving: nil)
    }

    /// Waits until every value handed over so far is released: a step that hands values over
    /// calls it before it returns, so nothing it made (e.g. a reference to the store) outlives it.
    public static func drain() {
        queue.sync {}
    }

    // Written by the caller before `async`, cleared on the queue: the dispatch orders the two.
    private final class Box<T>: @unchecked Sendable {
        var value: T?
        init(_ value: T) { self.value = value }
    }
}
