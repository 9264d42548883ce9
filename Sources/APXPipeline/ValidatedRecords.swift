import APXCore
import APXDomain

/// One record of a file after validation: its number in the file and the value or its rejects.
struct Validated<Value: Sendable>: Sendable {
    let number: Int
    let outcome: Result<Value, RejectList>
}

/// A file's records read, decoded and validated on a second thread while the calling thread
/// stores them: the reading thread runs at most `batchesInFlight` batches of `batchSize`
/// records ahead (memory stays flat), the caller sees every record in the file's order.
/// Reading and validating are pure (bytes → records → values): nothing of the store, the
/// transaction or libxml2 crosses threads, only `Validated` values and errors.
enum ValidatedRecords {
    static let batchSize = 512
    static let batchesInFlight = 4

    /// Calls `store` on the calling thread for each record `read` yields, validated by
    /// `validate` on the reading thread. A `read` error (a file-level `DecodeError`) is
    /// thrown after every record before it was stored, as if read on this thread; a `store`
    /// error stops the reading within a batch and is thrown. The reading thread has ended
    /// when this returns or throws.
    static func each<Value: Sendable>(read: @escaping @Sendable (_ body: (SourceRecord) throws -> Void) throws -> Void,
                                      validate: @escaping @Sendable (SourceRecord) -> Result<Value, RejectList>,
                                      batchSize: Int = batchSize, batchesInFlight: Int = batchesInFlight,
                                      store: (Validated<Value>) throws -> Void) throws {
        try BoundedChannel<[Validated<Value>]>.pipe(capacity: batchesInFlight, produce: { channel in
            var batch: [Validated<Value>] = []
            batch.reserveCapacity(batchSize)
            do {
                try read { record in
                    batch.append(Validated(number: record.number, outcome: validate(record)))
                    if batch.count == batchSize {
                        guard channel.send(batch) else { throw Stopped() }
                        batch.removeAll(keepingCapacity: true)
                    }
                }
            } catch let error where !(error is Stopped) {
                // The records read before the error are stored before it surfaces.
                if !batch.isEmpty, !channel.send(batch) { throw Stopped() }
                throw error
            }
            if !batch.isEmpty, !channel.send(batch) { throw Stopped() }
        }, consume: { batch in
            for item in batch { try store(item) }
        })
    }

    /// The caller stopped taking records (it threw); the reading unwinds with this.
    private struct Stopped: Error {}
}
