import Foundation
import Testing
@testable import APXCore

/// A value handed to `BackgroundRelease` is freed on its thread, not the caller's, in the
/// order handed over; a value still referenced elsewhere lives on; the slot is left empty.
@Suite(.serialized) struct BackgroundReleaseTests {
    /// Notes the thread its deinit ran on, and in which order.
    final class Tracked: @unchecked Sendable {
        static let lock = NSLock()
        nonisolated(unsafe) static var freed: [(label: Int, onThread: UInt)] = []
        let label: Int
        init(_ label: Int) { self.label = label }
        deinit {
            let thread = UInt(pthread_self())
            Tracked.lock.lock()
            Tracked.freed.append((label, thread))
            Tracked.lock.unlock()
        }
        static func take() -> [(label: Int, onThread: UInt)] {
            BackgroundRelease.drain()
            lock.lock()
            defer { freed = []; lock.unlock() }
            return freed
        }
    }

    static var thisThread: UInt { UInt(pthread_self()) }

    @Test func aPagesValuesAreFreedOffTheCallersThreadInTheOrderHandedOver() {
        _ = Tracked.take()
        for page in 0..<50 {
            var rows = (0..<4).map { Tracked(page * 10 + $0) }
            BackgroundRelease.release(&rows, leaving: [])
            #expect(rows.isEmpty, "the slot is left empty")
        }
        let freed = Tracked.take()
        #expect(freed.map(\.label) == (0..<50).flatMap { page in (0..<4).map { page * 10 + $0 } })
        #expect(freed.allSatisfy { $0.onThread != Self.thisThread }, "every deinit ran off the caller's thread")
    }

    @Test func aConsumedValueIsFreedOnTheBackgroundThread() {
        _ = Tracked.take()
        let value = Tracked(7)
        BackgroundRelease.release(consume value)
        let freed = Tracked.take()
        #expect(freed.map(\.label) == [7])
        #expect(freed.first?.onThread != Self.thisThread)
    }

    @Test func aValueStillReferencedElsewhereLivesUntilThatReferenceIsDropped() {
        _ = Tracked.take()
        var kept: Tracked? = Tracked(1)
        var slot: Tracked? = kept
        BackgroundRelease.release(&slot, leaving: nil)
        #expect(slot == nil)
        #expect(Tracked.take().isEmpty, "the other reference keeps it")
        #expect(kept?.label == 1)
        kept = nil
        let freed = Tracked.take()
        #expect(freed.map(\.label) == [1])
        #expect(freed.first?.onThread == Self.thisThread, "freed where the last reference was dropped")
    }

    @Test func manyMoreValuesThanThePendingBoundAreAllFreed() {
        _ = Tracked.take()
        for i in 0..<(BackgroundRelease.pending * 40) {
            var slot: Tracked? = Tracked(i)
            BackgroundRelease.release(&slot, leaving: nil)
        }
        #expect(Tracked.take().map(\.label) == Array(0..<(BackgroundRelease.pending * 40)))
    }

    @Test func aPipesConsumedElementsAreFreedOffTheConsumingThread() throws {
        _ = Tracked.take()
        var seen: [Int] = []
        try BoundedChannel<[Tracked]>.pipe(capacity: 2, produce: { channel in
            for batch in 0..<20 where !channel.send((0..<3).map { Tracked(batch * 3 + $0) }) { return }
        }, consume: { batch in
            seen.append(contentsOf: batch.map(\.label))
        })
        #expect(seen == Array(0..<60))
        let freed = Tracked.take()
        #expect(freed.map(\.label) == Array(0..<60))
        #expect(freed.allSatisfy { $0.onThread != Self.thisThread }, "no batch was freed on the consuming thread")
    }
}
