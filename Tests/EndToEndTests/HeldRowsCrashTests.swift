import APXCore
import Foundation
import SQLiteDB
import Testing
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// A run killed while audit rows and push records are held in Swift, not yet written
/// (`APX_CRASH_LABEL="held rows not written"`, the n-th such write: at a transaction's boundary,
/// at the bound, or before a read of their tables) leaves no part of that transaction: every
/// push record's group is audited, every result's state change has its audit row. The next run
/// finishes the night exactly as a night never interrupted.
@Suite(.serialized) struct HeldRowsCrashTests {
    static let label = "held rows not written"

    /// What a committed transaction always leaves together, checked on the killed database.
    static func expectNothingHalfWritten(_ ws: TempWorkspace, _ context: String) throws {
        guard ws.exists("db/approval.sqlite") else { return }
        let db = try Database(path: ws.path("db/approval.sqlite"))
        let unaudited = try db.scalar("""
            SELECT count(*) FROM push_record r WHERE NOT EXISTS (
                SELECT 1 FROM audit a WHERE a.entity = 'push' AND a.action = 'queued' AND a.entity_id LIKE 'groups %'
                AND r.group_id BETWEEN CAST(substr(a.entity_id, 8, instr(a.entity_id, '-') - 8) AS INTEGER)
                                   AND CAST(substr(a.entity_id, instr(a.entity_id, '-') + 1) AS INTEGER))
            """).int
        #expect(unaudited == 0, "\(context): push records without their group's audit row")
        let changedUnaudited = try db.scalar("""
            SELECT count(*) FROM result r WHERE r.state != 'NEW' AND NOT EXISTS (
                SELECT 1 FROM audit a WHERE a.entity = 'result' AND a.entity_id = r.sxbm || ':' || r.number
                AND a.action = 'state' AND a.to_state = r.state)
            """).int
        #expect(changedUnaudited == 0, "\(context): result states without their audit row")
        #expect(try db.integrityCheck() == ["ok"])
    }

    static func killAtEveryWrite(night: Int) throws {
        try EvaluationPageCrashTests.killAtEveryHit(label, night: night, limit: 80, minimumHits: 4, what: "write of held rows",
            afterKill: { ws, n in try expectNothingHalfWritten(ws, "killed at write #\(n), night \(night)") },
            afterFinish: { ws, n in try expectNothingHalfWritten(ws, "finished after write #\(n), night \(night)") })
    }

    @Test func killedWithRowsHeldTheNextRunFinishesTheFirstNightExactlyOnce() throws {
        try Self.killAtEveryWrite(night: 0)
    }

    @Test func killedWithRowsHeldTheNextRunFinishesTheSecondNightExactlyOnce() throws {
        try Self.killAtEveryWrite(night: 1)
    }
}
