/// How a planned file's bytes are kept in `outbox_file.content` until it is published:
/// as they are, or zlib-compressed by the planner and inflated by the publisher (a gov file:
/// XML of repeated tags, about a tenth of its size — at 100k projects 203 MB that were
/// written to the WAL, checkpointed, read back and freed again in one night).
public enum OutboxContentEncoding: String, Sendable {
    case raw
    case zlib
}

/// Migration 016-outbox-content-encoding: files planned before it are raw.
enum OutboxContentSchema {
    static let migration = "ALTER TABLE outbox_file ADD COLUMN content_encoding TEXT NOT NULL DEFAULT 'raw';"
}

extension OutboxContentEncoding: StoredText {}
