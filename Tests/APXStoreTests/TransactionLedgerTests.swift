import APXCore
import Foundation
import Testing
import TestSupport
@testable import APXStore

private struct Boom: Error {}

private func open(_ ws: TempWorkspace, run: String = "test") throws -> Store {
    try FileManager.default.createDirectory(atPath: ws.path("db"), withIntermediateDirectories: true)
    return try Store(path: ws.path("db/approval.sqlite"), runID: run, asOf: Day(iso: "2026-11-21")!)
}

/// What a second connection reads from the counter table.
private func stored(_ ws: TempWorkspace, _ name: String) throws -> Int? {
    try open(ws, run: "reader").db.scalar("SELECT value FROM counter WHERE name = ?", name).int
}

/// Counter values and queued pushes kept for the open transaction (TransactionLedger) and
/// written at its boundaries: gapless, never reused, rolled back with what made them.
@Suite struct TransactionLedgerTests {
    @Test func countersTakenInATransactionAreInTheTableForAnotherConnectionAfterCommit() throws {
        let ws = TempWorkspace()
        let s = try open(ws)
        let taken = try s.transaction { try (1...3).map { _ in try s.nextCounter("notice") } }
        #expect(taken == [1, 2, 3])
        #expect(try stored(ws, "notice") == 3)
        #expect(try s.transaction { try s.nextCounter("notice") } == 4)
        #expect(try stored(ws, "notice") == 4)
    }

    @Test func aRolledBackTransactionGivesItsCounterValuesOutAgain() throws {
        let ws = TempWorkspace()
        let s = try open(ws)
        #expect(try s.transaction { try s.nextCounter("batch.gov") } == 1)
        #expect(throws: Boom.self) {
            try s.transaction {
                _ = try s.nextCounter("batch.gov")
                _ = try s.nextCounter("batch.gov")
                throw Boom()
            }
        }
        #expect(try stored(ws, "batch.gov") == 1)
        #expect(try s.transaction { try s.nextCounter("batch.gov") } == 2)
    }

    @Test func aRolledBackSavepointGivesOutOnlyItsOwnValuesAgain() throws {
        let ws = TempWorkspace()
        let s = try open(ws)
        let taken = try s.transaction { () -> [Int] in
            var out = [try s.nextCounter("notice")]
            try? s.transaction {
                out.append(try s.nextCounter("notice"))
                throw Boom()
            }
            try s.transaction { out.append(try s.nextCounter("notice")) }
            out.append(try s.nextCounter("notice"))
            return out
        }
        #expect(taken == [1, 2, 2, 3])
        #expect(try stored(ws, "notice") == 3)
    }

    @Test func aValueAnotherConnectionWroteBetweenTransactionsIsContinued() throws {
        let ws = TempWorkspace()
        let s = try open(ws)
        #expect(try s.transaction { try s.nextCounter("batch.gov") } == 1)
        // e.g. a database adopted by another process: numbers continue above what it wrote.
        try open(ws, run: "other").db.run("UPDATE counter SET value = 40 WHERE name = 'batch.gov'")
        #expect(try s.transaction { try s.nextCounter("batch.gov") } == 41)
        #expect(try stored(ws, "batch.gov") == 41)
    }

    @Test func pushesQueuedInATransactionAreAuditedByOneBatchRowAndEachRecordNamesItsRunAndGroup() throws {
        let ws = TempWorkspace()
        let s = try open(ws, run: "night-1")
        let q = PushQueue(store: s)
        try s.transaction {
            for n in 1...3 { _ = try q.enqueue(key: .handling(sxbm: "JSYDGH", key: "SL-\(n)"), payload: "<A>\(n)</A>") }
            _ = try q.enqueue(key: .handling(sxbm: "JSYDGH", key: "SL-1"), payload: "<A>changed</A>")   // invalidation + v2
        }
        let rows = try s.db.rows("SELECT entity, entity_id, action, detail, run_id FROM audit_trail WHERE entity = 'push'")
        #expect(rows.map { "\($0["entity_id"].string ?? "") \($0["action"].string ?? "") \($0["detail"].string ?? "")" }
                == ["groups 1-4 queued 5 records"])
        #expect(rows.first?["run_id"].string == "night-1")
        let records = try s.db.rows("""
            SELECT r.dfsjzj, r.version, r.valid, r.group_id, c.run_id FROM push_record r JOIN audit_context c ON c.id = r.context ORDER BY r.id
            """)
        #expect(records.count == 5)
        #expect(Set(records.compactMap { $0["run_id"].string }) == ["night-1"])
        #expect(records.compactMap { $0["group_id"].int } == [1, 2, 3, 4, 4])
    }

    @Test func pushesOfARolledBackTransactionLeaveNoAuditRow() throws {
        let ws = TempWorkspace()
        let s = try open(ws)
        let q = PushQueue(store: s)
        #expect(throws: Boom.self) {
            try s.transaction {
                _ = try q.enqueue(key: .handling(sxbm: "JSYDGH", key: "SL-1"), payload: "<A/>")
                throw Boom()
            }
        }
        #expect(try s.db.scalar("SELECT count(*) FROM audit WHERE entity = 'push'").int == 0)
        #expect(try s.db.scalar("SELECT count(*) FROM push_record").int == 0)
        try s.transaction { _ = try q.enqueue(key: .handling(sxbm: "JSYDGH", key: "SL-1"), payload: "<A/>") }
        #expect(try s.db.scalar("SELECT entity_id FROM audit WHERE entity = 'push'").string == "groups 1-1")
    }
}
