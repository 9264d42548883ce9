import Foundation
import SQLiteDB
import Testing
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// Migration 015-push-record-group-order: unplanned push records are found above the group of
/// the last record of the latest gov file (`Store.plannedGroupFloor`) through a full index in
/// planning order. A night planned on top of earlier files, killed while planning, and a
/// database from before 015 with records waiting are all finished with the outputs of an
/// uninterrupted run.
@Suite struct PushGroupOrderTests {
    static let assigned = "gov file assigned, its bytes rendering"

    /// Night 1 (gov files of night 0 already published, so a floor exists) killed after its
    /// first file's records were assigned; the run's transaction is lost, the next run plans it all.
    @Test func aSecondNightKilledWhilePlanningAboveEarlierFilesIsFinishedByTheNextRun() throws {
        let expected = try CrashScenario.snapshot(EvaluationPageCrashTests.workspace(after: 2))
        let ws = EvaluationPageCrashTests.workspace(after: 1)
        try #require(try Database(path: ws.path("db/approval.sqlite")).scalar("SELECT count(*) FROM outbox_file WHERE target = 'gov'").int ?? 0 > 0)
        CrashScenario.drop(night: 1, into: ws)
        let killed = APXProcess.run(["run", "--root", ws.root, "--as-of", CrashScenario.nights[1]],
                                    environment: ["APX_CRASH_LABEL": Self.assigned, "APX_CRASH_AT": "1"])
        #expect(killed.status == SIGKILL, "\(killed.stderr)")
        let db = try Database(path: ws.path("db/approval.sqlite"))
        let waiting = try db.scalar("SELECT count(*) FROM push_record WHERE target = 'gov' AND file_id IS NULL").int ?? 0
        #expect(waiting > 0, "the killed night's records wait unplanned")
        let floor = try db.scalar("""
            SELECT r.group_id FROM push_record r WHERE r.file_id = (SELECT id FROM outbox_file WHERE target = 'gov' ORDER BY batch DESC LIMIT 1)
            ORDER BY r.position DESC LIMIT 1
            """).int ?? 0
        #expect(try db.scalar("SELECT min(group_id) FROM push_record WHERE target = 'gov' AND file_id IS NULL").int ?? 0 > floor,
                "every waiting record's group is above the floor")
        let finished = APXProcess.run(["run", "--root", ws.root, "--as-of", CrashScenario.nights[1]])
        #expect([0, 65].contains(finished.status), "\(finished.stderr)")
        CrashScenario.expectSameEnd(expected, try CrashScenario.snapshot(ws), "night 1 killed while planning")
        #expect(try db.scalar("SELECT count(*) FROM push_record WHERE file_id IS NULL").int == 0)
    }

    /// A database of before 015 (the partial index, no group-order index) with night 1's
    /// records queued but unplanned: the next run migrates it and plans them as before.
    @Test func aDatabaseFromBefore015WithRecordsWaitingIsMigratedAndPlanned() throws {
        let expected = try CrashScenario.snapshot(EvaluationPageCrashTests.workspace(after: 2))
        let ws = EvaluationPageCrashTests.workspace(after: 1)
        CrashScenario.drop(night: 1, into: ws)
        let killed = APXProcess.run(["run", "--root", ws.root, "--as-of", CrashScenario.nights[1]],
                                    environment: ["APX_CRASH_LABEL": Self.assigned, "APX_CRASH_AT": "1"])
        #expect(killed.status == SIGKILL, "\(killed.stderr)")
        let path = ws.path("db/approval.sqlite")
        do {
            let db = try Database(path: path)
            #expect(try db.scalar("SELECT count(*) FROM push_record WHERE file_id IS NULL").int ?? 0 > 0)
            try db.execute("""
                DROP INDEX push_record_group_order;
                CREATE INDEX push_record_unplanned_order ON push_record(target, group_id, valid, id) WHERE file_id IS NULL;
                DELETE FROM schema_migrations WHERE id = '015-push-record-group-order';
                """)
        }
        let finished = APXProcess.run(["run", "--root", ws.root, "--as-of", CrashScenario.nights[1]])
        #expect([0, 65].contains(finished.status), "\(finished.stderr)")
        let db = try Database(path: path)
        #expect(try db.scalar("SELECT count(*) FROM schema_migrations WHERE id = '015-push-record-group-order'").int == 1)
        #expect(try db.scalar("SELECT sql FROM sqlite_schema WHERE name = 'push_record_group_order'").string
                == "CREATE INDEX push_record_group_order ON push_record(target, group_id, valid, id)")
        #expect(try db.scalar("SELECT count(*) FROM sqlite_schema WHERE name = 'push_record_unplanned_order'").int == 0)
        #expect(try db.scalar("SELECT count(*) FROM push_record WHERE file_id IS NULL").int == 0)
        CrashScenario.expectSameEnd(expected, try CrashScenario.snapshot(ws), "upgraded before planning")
    }
}
