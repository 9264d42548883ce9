import Foundation
import Testing
@testable import SQLiteDB

/// The WAL checkpoint interval (a quarter of the database, 1–64 MiB) against a reader that
/// holds its snapshot (a long `apx status` or `dashboard`): the writer never fails, the reader
/// keeps its snapshot, and once it lets go the WAL is reused rather than grown again.
@Suite struct CheckpointAttackTests {
    func walBytes(_ path: String) -> Int {
        (try? FileManager.default.attributesOfItem(atPath: path + "-wal")[.size] as? Int) ?? 0
    }

    /// Writes `megabytes` of new rows, 64 KiB per transaction.
    func write(_ db: Database, megabytes: Int) throws {
        for _ in 0..<(megabytes * 16) {
            try db.inTransaction { try db.run("INSERT INTO t (b) VALUES (randomblob(?))", 64 << 10) }
        }
    }

    @Test func aReaderHoldingItsSnapshotMakesTheWALGrowWithoutFailingTheWriterAndItIsReusedAfter() throws {
        let path = NSTemporaryDirectory() + "/apx-checkpoint-\(UUID().uuidString).sqlite"
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        let writer = try Database(path: path)
        try writer.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, b BLOB)")
        try write(writer, megabytes: 1)
        #expect(try writer.scalar("PRAGMA wal_autocheckpoint").int == 64, "a small database: 1 MiB of 16 KiB pages")

        let reader = try Database(readingOnly: path)
        try reader.execute("BEGIN")
        let seen = try reader.scalar("SELECT count(*) FROM t").int
        // Past the interval several times over: no checkpoint can pass the reader's snapshot.
        try write(writer, megabytes: 4)
        #expect(walBytes(path) > 4 << 20, "the WAL grew past the interval while the reader held its snapshot")
        #expect(try reader.scalar("SELECT count(*) FROM t").int == seen, "the reader's snapshot")
        try reader.execute("COMMIT")
        #expect(try reader.scalar("SELECT count(*) FROM t").int == (seen ?? 0) + 64)

        // The reader gone, the next commit's checkpoint catches up and the WAL restarts from its
        // beginning: the same writing again adds at most that one transaction's frames (at the
        // end, before the restart), not another 4 MiB.
        let peak = walBytes(path)
        try write(writer, megabytes: 4)
        #expect(walBytes(path) <= peak + (256 << 10), "WAL \(walBytes(path)) bytes after the reader let go, peak \(peak)")
        #expect(try writer.integrityCheck() == ["ok"])
    }
}
