import APXCore
import APXDomain
import Foundation
import Testing
import TestSupport
@testable import APXStore

private struct Boom: Error {}

private func open(_ ws: TempWorkspace, run: String = "test") throws -> Store {
    try FileManager.default.createDirectory(atPath: ws.path("db"), withIntermediateDirectories: true)
    return try Store(path: ws.path("db/approval.sqlite"), runID: run, asOf: Day(iso: "2026-11-21")!)
}

/// A store that writes each row at once, outside any transaction (as every row was written
/// before `HeldRows`); without fsync per statement, so thousands of rows stay quick.
private func direct() throws -> Store {
    let s = try open(TempWorkspace())
    try s.db.execute("PRAGMA synchronous = OFF")
    return s
}

/// The table's rows as the tests compare them (ids included, contexts not: they are seconds).
private func auditRows(_ s: Store) throws -> [String] {
    try s.db.rows("SELECT id, entity, entity_id, action, from_state, to_state, detail FROM audit ORDER BY id").map {
        $0.values.map { $0.string ?? "∅" }.joined(separator: "|")
    }
}

private func pushRows(_ s: Store) throws -> [String] {
    try s.db.rows("""
        SELECT id, target, kind, dfsjzj, version, valid, invalid_reason, payload, group_id, run_id, file_id FROM push_record ORDER BY id
        """).map { $0.values.map { $0.string ?? "∅" }.joined(separator: "|") }
}

private func count(_ s: Store, _ table: String) throws -> Int {
    try s.db.scalar("SELECT count(*) FROM \(table)").int ?? -1
}

/// A mix of pushes and audit rows a page makes: first versions, changes (an invalidation and
/// the next version in one group), an unchanged push, an invalidation alone, a forced resend.
private func page(_ s: Store, _ q: PushQueue, _ n: Int) throws {
    let key = PushKey.handling(sxbm: "JSYDGH", key: "SL-\(n % 7)")
    try s.audit(.result, "JSYDGH:\(n)", "received", to: "v1")
    _ = try q.enqueue(key: key, payload: "<A>\(n / 3)</A>")
    try s.audit(.result, "JSYDGH:\(n)", "state", from: "NEW", to: "VALID", detail: "page \(n)")
    if n % 5 == 0 { _ = try q.invalidate(key: key, reason: "withdrawn \(n)") }
    if n % 11 == 0 { _ = try q.enqueue(key: key, payload: "<A>\(n / 3)</A>", changeReason: "resent", force: true) }
}

/// Audit rows and push records made in a transaction are held (`HeldRows`) and written by one
/// feed statement per table at its boundaries: every reader in the transaction sees them, a
/// rollback drops them, and the tables end exactly as with one INSERT per row.
@Suite struct HeldRowsTests {
    @Test func rowsMadeInATransactionAreHeldUntilItsBoundaryThenWrittenWithTheSameIdsAsOneInsertEach() throws {
        let held = try open(TempWorkspace()), direct = try direct()
        let (hq, dq) = (PushQueue(store: held), PushQueue(store: direct))
        try held.transaction {
            for n in 0..<60 { try page(held, hq, n) }
            #expect(try count(held, "audit") == 0)
            #expect(try count(held, "push_record") == 0)
        }
        for n in 0..<60 { try page(direct, dq, n) }   // outside a transaction: each row at once
        #expect(try count(held, "audit") == 121)   // 120 + the push batch's row
        #expect(try pushRows(held).map { $0.split(separator: "|").dropFirst().joined() }
                == pushRows(direct).map { $0.split(separator: "|").dropFirst().joined() })
        #expect(try pushRows(held).map { Int($0.prefix { $0 != "|" }) ?? 0 } == Array(1...(try count(direct, "push_record"))))
        // The per-record audit rows are the direct ones minus the per-record push rows, in order.
        let directAudit = try auditRows(direct).filter { !$0.contains("|push|") }.map { $0.split(separator: "|").dropFirst().joined() }
        let heldAudit = try auditRows(held).map { $0.split(separator: "|").dropFirst().joined() }
        #expect(Array(heldAudit.dropLast()) == directAudit)
        #expect(heldAudit.last?.hasPrefix("pushgroups 1-") == true)
        #expect(try auditRows(held).map { Int($0.prefix { $0 != "|" }) ?? 0 } == Array(1...121))
    }

    @Test func everyReaderInTheTransactionSeesTheHeldRows() throws {
        let ws = TempWorkspace()
        let s = try open(ws)
        let q = PushQueue(store: s)
        let key = PushKey.handling(sxbm: "JSYDGH", key: "SL-1"), other = PushKey.handling(sxbm: "JSYDGH", key: "SL-3")
        let file = try s.insertInputFile(source: .tzxm, name: "F.csv", sha256: "sha", size: 1, outcome: .init(outcome: .processed),
                                         destination: "archive/2026-11-21/tzxm/F.csv")
        try s.transaction {
            try s.audit(.project, "P1", "created", to: "NEW")
            _ = try q.enqueue(key: key, payload: "<A>1</A>")
            #expect(try s.pushRecords(target: .gov, key: key).map(\.version) == [1])
            _ = try q.enqueue(key: other, payload: "<B>1</B>")
            #expect(try s.unplannedPushRecords(target: .gov, limit: 10).map(\.dfsjzj) == [key.dfsjzj, other.dfsjzj])
            _ = try q.enqueue(key: key, payload: "<A>2</A>")
            #expect(try s.unplannedPushRecords(target: .gov, group: 3).map { "\($0.version)/\($0.valid)" } == ["1/false", "2/true"])
            #expect(try s.hasUnfinishedWork())
            // A page's hint reads the table: the held record of `middle` is found.
            let middle = PushKey.handling(sxbm: "JSYDGH", key: "SL-2")
            _ = try q.enqueue(key: middle, payload: "<M>1</M>")
            let hint = try s.pushKeyHint(target: .gov, keys: [middle])
            #expect(!hint.takeAbsent(target: .gov, dfsjzj: middle.dfsjzj))
            // The newest version of a key whose records are held (and then written) alike.
            _ = try q.enqueue(key: other, payload: "<B>2</B>")
            #expect(try q.latest(target: .gov, key: other).map { "\($0.version) \($0.valid) \($0.payload)" } == "2 true <B>2</B>")
            #expect(try q.invalidate(key: other, reason: "gone"))
            #expect(try q.latest(target: .gov, key: other).map { "\($0.version) \($0.valid)" } == "2 false")
            // An ingestion's mark is the last audit id before it, held rows counted.
            try s.audit(.result, "JSYDGH:1", "received", to: "v1")
            try s.markIngestStart(fileID: file)
            #expect(try s.db.scalar("SELECT audit_id FROM input_mark WHERE input_file_id = ?", file).int == (try count(s, "audit")))
            #expect(try count(s, "audit") == 2)
            try s.audit(.push, "1", "receipt", to: "ACCEPTED")
            #expect(try s.pushedRecord(id: 1)?.key == key)
            #expect(try s.db.scalar("SELECT count(*) FROM audit").int == 3)
        }
        #expect(try count(s, "push_record") == 8)
        #expect(try s.db.scalar("SELECT detail FROM audit WHERE entity = 'push' AND action = 'queued'").string == "7 records")
    }

    @Test func projectHistoryInATransactionShowsTheChangesHeldInIt() throws {
        let ws = TempWorkspace()
        let s = try open(ws)
        try s.transaction {
            try s.audit(.project, "P1", "created", to: "NEW")
            try s.audit(.project, "P1", "state", from: "NEW", to: "WAREHOUSED")
            #expect(try s.projectAudit("P1").map { try $0.column("action").text } == ["created", "state"])
        }
    }

    @Test func aRolledBackSavepointDropsOnlyItsHeldRowsAndAnOuterRollbackAll() throws {
        let ws = TempWorkspace()
        let s = try open(ws)
        let q = PushQueue(store: s)
        let (a, b, c) = (PushKey.project(gcdm: "A"), PushKey.project(gcdm: "B"), PushKey.project(gcdm: "C"))
        try s.transaction {
            try s.audit(.project, "A", "created")
            _ = try q.enqueue(key: a, payload: "<A/>")
            try? s.transaction {
                try s.audit(.project, "B", "created")
                _ = try q.enqueue(key: b, payload: "<B/>")
                throw Boom()
            }
            // The rolled-back key is unknown again, with nothing held for it.
            #expect(try q.latest(target: .gov, key: b) == nil)
            try s.transaction {
                try s.audit(.project, "C", "created")
                _ = try q.enqueue(key: c, payload: "<C/>")
            }
        }
        #expect(try s.db.rows("SELECT entity_id FROM audit ORDER BY id").map { $0[0].text }
                == ["A", "groups 1-1", "C", "groups 2-2"])   // each boundary writes its push batch's row
        #expect(try s.db.rows("SELECT dfsjzj, group_id FROM push_record ORDER BY id").map { "\($0[0].text) \($0[1].int ?? 0)" }
                == ["XM:A 1", "XM:C 2"])
        #expect(throws: Boom.self) {
            try s.transaction {
                for n in 0..<(HeldRows.bound + 10) { try s.audit(.project, "R\(n)", "created") }   // past the bound: written
                _ = try q.enqueue(key: b, payload: "<B/>")
                #expect(try count(s, "audit") > 4)
                throw Boom()
            }
        }
        #expect(try count(s, "audit") == 4)
        #expect(try count(s, "push_record") == 2)
        #expect(try q.latest(target: .gov, key: b) == nil)
        try s.transaction { _ = try q.enqueue(key: b, payload: "<B/>") }
        #expect(try s.db.rows("SELECT id, dfsjzj, group_id FROM push_record ORDER BY id").map { "\($0[0].int ?? 0) \($0[1].text) \($0[2].int ?? 0)" }
                == ["1 XM:A 1", "2 XM:C 2", "3 XM:B 3"])
        #expect(try s.db.rows("SELECT id, entity_id FROM audit ORDER BY id").map { "\($0[0].int ?? 0) \($0[1].text)" }
                == ["1 A", "2 groups 1-1", "3 C", "4 groups 2-2", "5 groups 3-3"])
    }

    @Test func rowsWrittenAtTheBoundKeepTheirOrderAndTheTransactionsLatestVersions() throws {
        let held = try open(TempWorkspace()), direct = try direct()
        let (hq, dq) = (PushQueue(store: held), PushQueue(store: direct))
        let pages = HeldRows.bound + 700   // > 2 bounds of audit rows, > 1 of push records
        var writtenInside: [Int] = []
        try held.transaction {
            for n in 0..<pages {
                try page(held, hq, n)
                if n % 1000 == 999 { writtenInside.append(try count(held, "audit") + count(held, "push_record")) }
            }
        }
        // Written as the bound is reached (memory flat), not all at the boundary.
        #expect(writtenInside.first == 0 && (writtenInside.last ?? 0) >= HeldRows.bound)
        for n in 0..<pages { try page(direct, dq, n) }
        #expect(try pushRows(held) == pushRows(direct).map { $0 })
        let directAudit = try auditRows(direct).filter { !$0.contains("|push|") }.map { $0.split(separator: "|").dropFirst().joined() }
        let heldAudit = try auditRows(held).map { $0.split(separator: "|").dropFirst().joined() }
        #expect(Array(heldAudit.dropLast()) == directAudit)
        #expect(try auditRows(held).map { Int($0.prefix { $0 != "|" }) ?? 0 } == Array(1...(pages * 2 + 1)))
    }

    @Test func keysEqualAsStringsButNotAsBytesAreHeldApart() throws {
        let ws = TempWorkspace()
        let s = try open(ws)
        let q = PushQueue(store: s)
        let composed = PushKey.document(sxbm: "SGXK", number: "caf\u{E9}"), decomposed = PushKey.document(sxbm: "SGXK", number: "cafe\u{301}")
        try s.transaction { () throws in
            #expect(try q.enqueue(key: composed, payload: "<A>1</A>") == 1)
            #expect(try q.latest(target: .gov, key: decomposed) == nil)
            #expect(try q.enqueue(key: decomposed, payload: "<B>1</B>") == 1)
            #expect(try q.enqueue(key: composed, payload: "<A>2</A>") == 2)
            #expect(try q.latest(target: .gov, key: decomposed)?.payload == "<B>1</B>")
        }
        #expect(try s.pushRecords(target: .gov, key: decomposed).map(\.version) == [1])
        #expect(try s.pushRecords(target: .gov, key: composed).map { "\($0.version)/\($0.valid)" } == ["1/true", "1/false", "2/true"])
    }
}
