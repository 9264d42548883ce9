import Foundation
import Synchronization
import Testing
@testable import APXCore

/// The producer/consumer hand-over the ingest pipeline reads files through.
@Suite struct BoundedChannelTests {
    struct Broken: Error, Equatable { let at: Int }

    /// Polls `condition` up to `seconds`; true once it held.
    func eventually(_ seconds: Double = 5, _ condition: () -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if condition() { return true }
            usleep(1_000)
        }
        return condition()
    }

    @Test func elementsArriveInTheOrderSentAcrossThreads() throws {
        var got: [Int] = []
        try BoundedChannel<Int>.pipe(capacity: 3, produce: { channel in
            for i in 0..<20_000 { #expect(channel.send(i)) }
        }, consume: { got.append($0) })
        #expect(got == Array(0..<20_000))
    }

    @Test func anEmptyStreamCallsTheConsumerNever() throws {
        var calls = 0
        try BoundedChannel<Int>.pipe(capacity: 2, produce: { _ in }, consume: { _ in calls += 1 })
        #expect(calls == 0)
    }

    @Test func sendWaitsWhileTheChannelIsFull() throws {
        let channel = BoundedChannel<Int>(capacity: 2)
        let sent = Counter()
        let done = DispatchSemaphore(value: 0)
        Thread {
            for i in 0..<5 {
                _ = channel.send(i)
                sent.add()
            }
            channel.close()
            done.signal()
        }.start()
        #expect(eventually { sent.value == 2 })
        usleep(100_000)
        #expect(sent.value == 2, "the third send waits for room")
        #expect(try channel.receive() == 0)
        #expect(eventually { sent.value == 3 })
        var rest: [Int] = []
        while let i = try channel.receive() { rest.append(i) }
        #expect(rest == [1, 2, 3, 4])
        done.wait()
    }

    @Test func aProducerErrorArrivesAfterEveryElementSentBeforeIt() {
        var got: [Int] = []
        #expect(throws: Broken(at: 3)) {
            try BoundedChannel<Int>.pipe(capacity: 1, produce: { channel in
                for i in 0..<3 { _ = channel.send(i) }
                throw Broken(at: 3)
            }, consume: { got.append($0) })
        }
        #expect(got == [0, 1, 2])
    }

    @Test func aProducerErrorBeforeAnyElementIsThrownAtOnce() {
        var calls = 0
        #expect(throws: Broken(at: 0)) {
            try BoundedChannel<Int>.pipe(capacity: 4, produce: { _ in throw Broken(at: 0) }, consume: { _ in calls += 1 })
        }
        #expect(calls == 0)
    }

    @Test func aConsumerErrorStopsABlockedProducerAndWaitsForItsThread() {
        let sent = Counter()
        let finished = Counter()
        var got: [Int] = []
        #expect(throws: Broken(at: 5)) {
            try BoundedChannel<Int>.pipe(capacity: 2, produce: { channel in
                defer { finished.set(1) }
                var i = 0
                while channel.send(i) {                     // an endless producer: stops only when cancelled
                    sent.add()
                    i += 1
                }
            }, consume: { i in
                if i == 5 { throw Broken(at: 5) }
                got.append(i)
            })
        }
        #expect(finished.value == 1, "pipe returned only after the producer's thread ended")
        #expect(got == [0, 1, 2, 3, 4])
        #expect(sent.value <= 6 + 2, "at most capacity ahead of the consumer")
    }

    @Test func aProducerErrorAfterTheConsumerFailedIsDropped() {
        #expect(throws: Broken(at: 1)) {
            try BoundedChannel<Int>.pipe(capacity: 1, produce: { channel in
                while channel.send(1) {}
                throw Broken(at: 99)
            }, consume: { _ in throw Broken(at: 1) })
        }
    }

    @Test func cancelWakesABlockedSendDropsWaitingElementsAndFailsLaterSends() throws {
        let channel = BoundedChannel<Int>(capacity: 1)
        #expect(channel.send(1))
        let blocked = Counter()            // 0 waiting, 1 sent, 2 refused
        let done = DispatchSemaphore(value: 0)
        Thread {
            blocked.set(channel.send(2) ? 1 : 2)
            done.signal()
        }.start()
        usleep(50_000)
        #expect(blocked.value == 0, "the channel is full")
        channel.cancel()
        #expect(done.wait(timeout: .now() + 5) == .success)
        #expect(blocked.value == 2)
        #expect(channel.isCancelled)
        #expect(!channel.send(3))
        #expect(try channel.receive() == nil, "waiting elements are dropped")
    }

    @Test func waitingCountsWhatIsSentAndNotYetReceived() throws {
        let channel = BoundedChannel<Int>(capacity: 3)
        #expect(channel.waiting == 0)
        #expect(channel.send(1) && channel.send(2))
        #expect(channel.waiting == 2)
        #expect(try channel.receive() == 1)
        #expect(channel.waiting == 1)
        channel.cancel()
        #expect(channel.waiting == 0)
    }

    @Test func aSecondCloseAndACloseAfterCancelChangeNothing() throws {
        let channel = BoundedChannel<Int>(capacity: 2)
        #expect(channel.send(7))
        channel.close()
        channel.close(failing: Broken(at: 1))
        #expect(try channel.receive() == 7)
        #expect(try channel.receive() == nil, "the first close decided: no error")
        #expect(try channel.receive() == nil)

        let cancelled = BoundedChannel<Int>(capacity: 2)
        cancelled.cancel()
        cancelled.close(failing: Broken(at: 2))
        #expect(try cancelled.receive() == nil)
    }

    @Test func receiveWaitsForTheProducer() throws {
        let channel = BoundedChannel<String>(capacity: 1)
        Thread {
            usleep(50_000)
            _ = channel.send("late")
            channel.close(failing: Broken(at: 9))
        }.start()
        #expect(try channel.receive() == "late")
        #expect(throws: Broken(at: 9)) { try channel.receive() }
    }
}

/// A number two threads update (tests only).
private final class Counter: Sendable {
    private let atomic = Atomic<Int>(0)
    func add() { atomic.add(1, ordering: .sequentiallyConsistent) }
    func set(_ v: Int) { atomic.store(v, ordering: .sequentiallyConsistent) }
    var value: Int { atomic.load(ordering: .sequentiallyConsistent) }
}
