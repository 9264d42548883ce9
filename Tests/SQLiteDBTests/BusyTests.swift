import Foundation
import XCTest
@testable import SQLiteDB

/// Two connections to one database file, as a run and an operator's command would be.
final class BusyTests: XCTestCase {
    func testSecondWriterGetsBusyAfterItsTimeoutAndSucceedsOnceTheFirstCommits() throws {
        let path = NSTemporaryDirectory() + "/busy-\(UUID().uuidString).sqlite"
        let first = try Database(path: path)
        try first.execute("CREATE TABLE t (v INTEGER)")
        let second = try Database(path: path, busyTimeoutMilliseconds: 50)
        try first.execute("BEGIN IMMEDIATE")
        try first.run("INSERT INTO t VALUES (?)", 1)
        XCTAssertThrowsError(try second.inTransaction { try second.run("INSERT INTO t VALUES (?)", 2) }) { error in
            XCTAssertTrue((error as? DatabaseError)?.isBusy == true, "\(error)")
        }
        XCTAssertFalse(second.isInTransaction)
        try first.execute("COMMIT")
        try second.inTransaction { try second.run("INSERT INTO t VALUES (?)", 2) }
        XCTAssertEqual(try second.rows("SELECT v FROM t ORDER BY v").map { $0.int("v") }, [1, 2])
    }

    func testReadersSeeCommittedDataWhileAWriterIsOpen() throws {
        let path = NSTemporaryDirectory() + "/wal-\(UUID().uuidString).sqlite"
        let writer = try Database(path: path)
        try writer.execute("CREATE TABLE t (v INTEGER); INSERT INTO t VALUES (1)")
        let reader = try Database(path: path)
        try writer.execute("BEGIN IMMEDIATE")
        try writer.run("INSERT INTO t VALUES (?)", 2)
        // WAL: a reader is never blocked and sees the last committed state.
        XCTAssertEqual(try reader.scalar("SELECT count(*) FROM t").int, 1)
        try writer.execute("COMMIT")
        XCTAssertEqual(try reader.scalar("SELECT count(*) FROM t").int, 2)
    }
}
