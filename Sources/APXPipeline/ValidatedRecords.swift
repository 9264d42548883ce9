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
/// transaction or libxml2 crosses threads, only records, `Validated` values and errors.
enum ValidatedRecords {
    static let batchSize = 256
    static let batchesInFlight = 8

    /// Which thread validates a batch. `shared`: the reading thread, unless the storing thread
    /// has caught up (nothing waiting) — then the batch goes raw and the storing thread
    /// validates it, so the two threads share the work whichever side is heavier. The others
    /// pin one side (tests).
    enum Validation { case shared, reading, storing }

    /// Calls `store` on the calling thread for each record `read` yields, validated by
    /// `validate`. A `read` error (a file-level `DecodeError`) is thrown after every record
    /// before it was stored, as if read on this thread; a `store` error stops the reading
    /// within a batch and is thrown. The reading thread has ended when this returns or throws.
    static func each<Value: Sendable>(read: @escaping @Sendable (_ body: (SourceRecord) throws -> Void) throws -> Void,
                                      validate: @escaping @Sendable (SourceRecord) -> Result<Value, RejectList>,
                                      batchSize: Int = batchSize, batchesInFlight: Int = batchesInFlight,
                                      validation: Validation = .shared,
                                      store: (Validated<Value>) throws -> Void) throws {
        try BoundedChannel<RecordBatch<Value>>.pipe(capacity: batchesInFlight, produce: { channel in
            var records: [SourceRecord] = []
            records.reserveCapacity(batchSize)
            func hand() throws {
                let raw = validation == .storing || (validation == .shared && channel.waiting == 0)
                let batch: RecordBatch<Value> = raw ? .raw(records) : .validated(records.map { validated($0, validate) })
                guard channel.send(batch) else { throw Stopped() }
                records.removeAll(keepingCapacity: true)
            }
            do {
                try read { record in
                    records.append(record)
                    if records.count == batchSize { try hand() }
                }
            } catch let error where !(error is Stopped) {
                // The records read before the error are stored before it surfaces.
                if !records.isEmpty { try hand() }
                throw error
            }
            if !records.isEmpty { try hand() }
        }, consume: { batch in
            switch batch {
            case .validated(let items):
                for item in items { try store(item) }
            case .raw(let records):
                for record in records { try store(validated(record, validate)) }
            }
        })
    }

    private static func validated<Value>(_ record: SourceRecord,
                                         _ validate: (SourceRecord) -> Result<Value, RejectList>) -> Validated<Value> {
        Validated(number: record.number, outcome: validate(record))
    }

    /// The caller stopped taking records (it threw); the reading unwinds with this.
    private struct Stopped: Error {}
}

/// Records as they cross from the reading thread: validated there, or raw for the storing thread.
enum RecordBatch<Value: Sendable>: Sendable {
    case validated([Validated<Value>])
    case raw([SourceRecord])
}
