import Foundation

/// One computation started on a thread of its own; `value()` waits for its result. The work
/// cannot throw and touches nothing shared: it gets its inputs as values and hands back one.
/// The caller waits for every value it starts (also on its error paths), so no thread
/// outlives the step that started it.
public final class BackgroundValue<Value: Sendable>: @unchecked Sendable {
    // `result` is read and written only with `condition` locked.
    private let condition = NSCondition()
    private var result: Value?

    public init(stackSize: Int = 1 << 20, _ work: @escaping @Sendable () -> Value) {
        let thread = Thread { [self] in
            let value = work()
            condition.lock()
            result = value
            condition.broadcast()
            condition.unlock()
        }
        thread.stackSize = stackSize
        thread.start()
    }

    /// The work's result, once it has finished (at once if it has).
    public func value() -> Value {
        condition.lock()
        defer { condition.unlock() }
        while result == nil { condition.wait() }
        return result!
    }
}
