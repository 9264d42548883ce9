import Foundation

/// A bounded first-in-first-out hand-over between one producer thread and one consumer
/// thread. `send` blocks while `capacity` elements wait; `receive` blocks while none do.
/// The producer ends the stream with `close()` or `close(failing:)` — the consumer receives
/// every element sent before it, then `nil` or the error. The consumer gives up with
/// `cancel()`: waiting elements are dropped, a blocked `send` wakes, and every later `send`
/// returns false so the producer can stop.
public final class BoundedChannel<Element: Sendable>: @unchecked Sendable {
    // Every stored property below is read and written only with `condition` locked.
    private let condition = NSCondition()
    private let capacity: Int
    private var buffer: [Element?]
    private var head = 0
    private var count = 0
    private var closed = false
    private var failure: (any Error)?
    private var cancelled = false

    public init(capacity: Int) {
        precondition(capacity > 0, "a channel holds at least one element")
        self.capacity = capacity
        buffer = Array(repeating: nil, count: capacity)
    }

    /// Waits for room and enqueues `element`; false (nothing enqueued) once the consumer
    /// cancelled. Sending after `close` is a programming error.
    public func send(_ element: Element) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        precondition(!closed, "send after close")
        while count == capacity && !cancelled { condition.wait() }
        if cancelled { return false }
        buffer[(head + count) % capacity] = element
        count += 1
        condition.broadcast()
        return true
    }

    /// The producer's end of the stream; with `error`, the consumer receives it after the
    /// elements sent before. A second close, or a close after `cancel`, changes nothing.
    public func close(failing error: (any Error)? = nil) {
        condition.lock()
        defer { condition.unlock() }
        if closed { return }
        closed = true
        failure = error
        condition.broadcast()
    }

    /// The next element in the order sent; nil once the stream is closed and drained;
    /// throws the producer's error at that point instead if it closed with one.
    public func receive() throws -> Element? {
        condition.lock()
        defer { condition.unlock() }
        while count == 0 && !closed && !cancelled { condition.wait() }
        if count > 0 {
            let element = buffer[head]
            buffer[head] = nil
            head = (head + 1) % capacity
            count -= 1
            condition.broadcast()
            return element
        }
        if cancelled { return nil }
        if let failure { throw failure }
        return nil
    }

    /// The consumer stops: waiting elements are dropped and the producer's sends fail.
    public func cancel() {
        condition.lock()
        defer { condition.unlock() }
        cancelled = true
        for i in buffer.indices { buffer[i] = nil }
        count = 0
        condition.broadcast()
    }

    /// How many elements wait to be received now (0: the consumer has caught up — a producer
    /// may hand it work that it would otherwise do itself).
    public var waiting: Int {
        condition.lock()
        defer { condition.unlock() }
        return count
    }

    /// True once the consumer cancelled (a producer may poll it between sends).
    public var isCancelled: Bool {
        condition.lock()
        defer { condition.unlock() }
        return cancelled
    }
}

extension BoundedChannel {
    /// Runs `produce` on a thread of its own, feeding a channel of `capacity`, and calls
    /// `consume` on the calling thread for each element in the order sent. Returns, or
    /// throws, only once the producer thread has finished:
    /// - a producer error reaches the caller after every element sent before it;
    /// - a consumer error cancels the channel (the producer's next or blocked `send` returns
    ///   false; `produce` should then return), and is thrown once the producer is done.
    /// `produce` closes nothing itself: its return closes the stream, its error fails it.
    /// An element `consume` has taken is released on `BackgroundRelease`'s thread, not the
    /// caller's (elements are Sendable values: nothing in them is tied to a thread), and all
    /// of them are released before `pipe` returns or throws.
    public static func pipe(capacity: Int, stackSize: Int = 8 << 20,
                            produce: @escaping @Sendable (BoundedChannel<Element>) throws -> Void,
                            consume: (Element) throws -> Void) throws {
        let channel = BoundedChannel<Element>(capacity: capacity)
        let done = DispatchSemaphore(value: 0)
        let thread = Thread {
            do {
                try produce(channel)
                channel.close()
            } catch {
                channel.close(failing: error)
            }
            done.signal()
        }
        thread.stackSize = stackSize
        thread.start()
        defer { BackgroundRelease.drain() }
        do {
            while let element = try channel.receive() {
                try consume(element)
                // A batch is freed off the consuming (writing) thread.
                BackgroundRelease.release(consume element)
            }
        } catch {
            channel.cancel()
            done.wait()
            throw error
        }
        done.wait()
    }
}
