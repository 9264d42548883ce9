import Foundation
import SQLiteDB
import Testing
import TestSupport

/// A dtjg file of several reading batches (256 records each): every duplicate, version and
/// trail row is stored as record-by-record storing stores it, within a batch and across
/// batches, and a store error deep inside a batch rolls the whole file back (exactly-once).
@Suite struct BulkIngestTests {
    static let rows = 600

    static func zbtzs(_ number: String, zbje: String = "1,234.50") -> [String: String] {
        ["XMDM": Cast.p1, "GCDM": "", "XMMC": "青山湖区湖坊镇安置房建设项目", "JSDWDM": Cast.lead1.uscc, "JSDWMC": Cast.lead1.name,
         "ZBTZSBH": number, "BDMC": "一标段", "ZBFS": "1", "ZBDWMC": "江西建工集团", "ZBDWDM": Cast.unit2.uscc, "ZBJE": zbje,
         "ZBRQ": "2026/11/1"]
    }

    /// 600 rows (three batches): row 2 repeats row 1 (same batch), row 400 repeats row 3 (a
    /// later batch), row 7 changes row 6's amount (same batch), row 500 changes row 5's (a later batch).
    static func file() -> [UInt8] {
        var rows = (1...Self.rows).map { zbtzs("ZB-\($0)") }
        rows[1] = zbtzs("ZB-1")
        rows[399] = zbtzs("ZB-3")
        rows[6] = zbtzs("ZB-6", zbje: "2,000.00")
        rows[499] = zbtzs("ZB-5", zbje: "3,000.00")
        return GB18030.encode(ResultBuilders.dtjg(kind: "ZBTZS", rows: rows))
    }

    static let name = "DTJG_ZBTZS_20261120_01.csv"

    /// The night's second award-notice file, for the bad-file cases.
    static let badName = "DTJG_ZBTZS_20261120_02.csv"

    /// `rows` award notices in GB18030 whose record `record` (1-based) holds 0xFF, a byte no
    /// GB18030 code starts with: a file-level ENCODING problem found only that far in.
    static func fileWithABadByte(rows: Int, inRecord record: Int) throws -> [UInt8] {
        var list = (1...rows).map { zbtzs("ZB-\($0)") }
        list[record - 1]["BDMC"] = "BAD"
        var bytes = GB18030.encode(ResultBuilders.dtjg(kind: "ZBTZS", rows: list))
        let marker = Array("BAD".utf8)
        let at = try #require((0...(bytes.count - marker.count)).first { Array(bytes[$0..<($0 + marker.count)]) == marker })
        bytes[at] = 0xFF
        return bytes
    }

    func db(_ ws: TempWorkspace) throws -> Database { try Database(path: ws.path("db/approval.sqlite")) }

    func count(_ db: Database, _ sql: String) throws -> Int { try db.scalar(sql).int ?? -1 }

    @Test func duplicatesAndNewVersionsInsideOneBatchAndAcrossBatchesAreStoredAsOneByOne() throws {
        let ws = TempWorkspace("apx-bulk-dup")
        ws.drop("dtjg", Self.name, Self.file())
        let r = APXProcess.run(["run", "--root", ws.root, "--as-of", "2026-11-21", "--json"])
        #expect(r.status == 0, "\(r.stderr)")
        let db = try db(ws)
        // 596 numbers (rows 2, 7, 400, 500 repeat one), ZB-5 and ZB-6 in two versions.
        #expect(try count(db, "SELECT count(*) FROM result") == 598)
        #expect(try count(db, "SELECT count(DISTINCT number) FROM result") == 596)
        for number in ["ZB-5", "ZB-6"] {
            let versions = try db.rows("SELECT version, state, record FROM result WHERE number = ? ORDER BY version", number)
            #expect(versions.map { $0["version"].int } == [1, 2], "\(number)")
            #expect(versions.first?["state"].string == "SUPERSEDED", "\(number)")
            let audit = try db.rows("SELECT action, from_state, to_state FROM audit WHERE entity = 'result' AND entity_id LIKE ? ORDER BY id",
                                    "%:" + number).map { "\($0.text("action")) \($0.text("from_state"))>\($0.text("to_state"))" }
            #expect(Array(audit.prefix(3)) == ["received >v1", "received >v2", "state NEW>SUPERSEDED"], "\(number)")
        }
        #expect(try count(db, "SELECT count(*) FROM result WHERE number IN ('ZB-1', 'ZB-3')") == 2)
        // The trail: one note per record, a repeat of a key included, in record order; one received row per version.
        let fileID = try count(db, "SELECT id FROM input_file WHERE name = '\(Self.name)'")
        #expect(try count(db, "SELECT count(*) FROM input_record WHERE input_file_id = \(fileID)") == 600)
        let notes = { (number: String) in
            try db.rows("SELECT record FROM input_record WHERE input_file_id = ? AND key LIKE ? ORDER BY record", fileID, "%:" + number)
                .map { $0.int("record") ?? -1 }
        }
        #expect(try notes("ZB-1") == [1, 2] && notes("ZB-3") == [3, 400], "a repeat within a batch and across batches")
        #expect(try notes("ZB-6") == [6, 7] && notes("ZB-5") == [5, 500], "a new version within a batch and across batches")
        #expect(try count(db, "SELECT record FROM input_record WHERE input_file_id = \(fileID) AND key LIKE '%:ZB-600'") == 600)
        #expect(try count(db, "SELECT count(*) FROM audit WHERE entity = 'result' AND action = 'received'") == 598)
        let received = try db.rows("SELECT entity_id FROM audit WHERE entity = 'result' AND action = 'received' ORDER BY id")
            .map { $0.text("entity_id").split(separator: ":").last.map(String.init) ?? "" }
        #expect(received.count == 598)
        #expect(received.filter { $0 == "ZB-6" }.count == 2 && received.filter { $0 == "ZB-5" }.count == 2)
        #expect(received.firstIndex(of: "ZB-600") == received.count - 1)
        // Audit ids follow the file's order: v2 of ZB-5 after ZB-499, before ZB-501.
        let v2 = try #require(received.lastIndex(of: "ZB-5"))
        #expect(received[v2 - 1] == "ZB-499" && received[v2 + 1] == "ZB-501")
        let show = APXProcess.run(["file", "show", Self.name, "--root", ws.root, "--json"])
        #expect(show.status == 0, "\(show.stderr)")
        // `apx file show` lists every record with what its arrival did: a repeat `unchanged`, a change its version.
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(show.stdout.utf8)) as? [String: Any])
        let outcomes = try #require(doc["outcomes"] as? [[String: Any]])
        #expect(outcomes.count == 600)
        #expect(outcomes.map { $0["record"] as? Int ?? -1 } == Array(1...600), "record order")
        let arrival = { (record: Int) in outcomes.first { $0["record"] as? Int == record }?["arrival"] as? String }
        #expect([1, 2, 3, 400].map(arrival) == ["inserted", "unchanged", "inserted", "unchanged"])
        #expect([5, 500, 6, 7].map(arrival) == ["inserted", "v2", "inserted", "v2"])
    }

    /// A file whose record 1,200 (past two batches of notes already written) has a byte no
    /// GB18030 code starts with: the whole claim is rolled back and the file written again as
    /// quarantined (ENCODING) with none of its rows; the good file of the night is in.
    @Test func aFileLevelErrorPastSeveralWrittenBatchesLeavesNoneOfTheFilesRowsAndTheFileQuarantined() throws {
        let badName = Self.badName
        let ws = TempWorkspace("apx-bulk-badlate")
        ws.drop("dtjg", Self.name, Self.file())
        ws.drop("dtjg", badName, try Self.fileWithABadByte(rows: 1_300, inRecord: 1_200))
        let r = APXProcess.run(["run", "--root", ws.root, "--as-of", "2026-11-21"])
        #expect(r.status == 65, "\(r.stderr)")
        let db = try db(ws)
        let badFile = try #require(try db.row("SELECT id, outcome, reason, line, records_read FROM input_file WHERE name = ?", badName))
        #expect(badFile["outcome"].string == "QUARANTINED" && badFile["reason"].string == "ENCODING")
        #expect(badFile["records_read"].int == 0)
        let badID = badFile["id"].int ?? -1
        #expect(try count(db, "SELECT count(*) FROM input_record WHERE input_file_id = \(badID)") == 0)
        #expect(try count(db, "SELECT count(*) FROM input_mark WHERE input_file_id = \(badID)") == 0)
        #expect(try count(db, "SELECT count(*) FROM result WHERE input_file_id = \(badID)") == 0)
        // Only the good file's rows: its 598 results, 600 notes, one received row per version.
        #expect(try count(db, "SELECT count(*) FROM result") == 598)
        #expect(try count(db, "SELECT count(*) FROM input_record") == 600)
        #expect(try count(db, "SELECT count(*) FROM audit WHERE entity = 'result' AND action = 'received'") == 598)
        #expect(ws.exists("quarantine/dtjg/" + badName))
        #expect(try db.integrityCheck() == ["ok"])
    }

    /// Killed after a bad file's claim rolled back and before it is written again as
    /// quarantined: nothing of it is recorded and it waits in the inbox; the next run
    /// quarantines it once and the good file of the night is stored once.
    @Test func aRunKilledBetweenTheRollbackAndTheQuarantineClaimLeavesTheFileForTheNextRun() throws {
        let badName = Self.badName
        let ws = TempWorkspace("apx-bulk-killrollback")
        ws.drop("dtjg", Self.name, Self.file())
        ws.drop("dtjg", badName, try Self.fileWithABadByte(rows: 700, inRecord: 651))
        let killed = APXProcess.run(["run", "--root", ws.root, "--as-of", "2026-11-21"],
                                    environment: ["APX_CRASH_LABEL": "claim rolled back for quarantine", "APX_CRASH_AT": "1"])
        #expect(killed.status != 0 && killed.status != 65, "killed: \(killed.status)")
        do {
            let db = try db(ws)
            #expect(try count(db, "SELECT count(*) FROM input_file WHERE name = '\(badName)'") == 0)
            #expect(try count(db, "SELECT count(*) FROM result WHERE number = 'ZB-700'") == 0)
            #expect(try count(db, "SELECT count(*) FROM input_record") <= 600)
        }
        #expect(ws.exists("inbox/dtjg/" + badName))
        let again = APXProcess.run(["run", "--root", ws.root, "--as-of", "2026-11-21", "--allow-earlier"])
        #expect(again.status == 65, "\(again.stderr)")
        let db = try db(ws)
        #expect(try count(db, "SELECT count(*) FROM input_file WHERE name = '\(badName)' AND outcome = 'QUARANTINED' AND reason = 'ENCODING'") == 1)
        #expect(try count(db, "SELECT count(*) FROM input_file WHERE name = '\(badName)'") == 1)
        #expect(try count(db, "SELECT count(*) FROM input_file WHERE name = '\(Self.name)' AND outcome = 'PROCESSED'") == 1)
        #expect(try count(db, "SELECT count(*) FROM result") == 598)
        #expect(try count(db, "SELECT count(*) FROM input_record") == 600)
        #expect(ws.exists("quarantine/dtjg/" + badName) && !ws.exists("inbox/dtjg/" + badName))
    }

    @Test func aStoreErrorInsideABatchRollsTheWholeFileBackAndTheNextRunStoresItOnce() throws {
        let ws = TempWorkspace("apx-bulk-fault")
        #expect(APXProcess.run(["run", "--root", ws.root]).status == 0)
        try db(ws).execute("""
            CREATE TRIGGER injected_fault BEFORE INSERT ON result WHEN NEW.number = 'ZB-300'
            BEGIN SELECT RAISE(ABORT, 'injected store fault'); END
            """)
        ws.drop("dtjg", Self.name, Self.file())
        let auditBefore = try count(try db(ws), "SELECT count(*) FROM audit")
        let failed = APXProcess.run(["run", "--root", ws.root, "--as-of", "2026-11-21", "--allow-earlier"])
        #expect(failed.status != 0)
        do {
            let db = try db(ws)
            #expect(try count(db, "SELECT count(*) FROM result") == 0)
            #expect(try count(db, "SELECT count(*) FROM input_record") == 0)
            #expect(try count(db, "SELECT count(*) FROM audit WHERE entity = 'result'") == 0)
            #expect(try count(db, "SELECT count(*) FROM audit") >= auditBefore)
            #expect(try count(db, "SELECT count(*) FROM input_file WHERE name = '\(Self.name)' AND outcome = 'PROCESSED'") == 0)
            try db.execute("DROP TRIGGER injected_fault")
        }
        #expect(ws.exists("inbox/dtjg/" + Self.name))
        let again = APXProcess.run(["run", "--root", ws.root, "--as-of", "2026-11-21", "--allow-earlier"])
        #expect(again.status == 0, "\(again.stderr)")
        let db = try db(ws)
        #expect(try count(db, "SELECT count(*) FROM result") == 598)
        #expect(try count(db, "SELECT count(*) FROM input_record") == 600)
        #expect(try count(db, "SELECT count(*) FROM audit WHERE entity = 'result' AND action = 'received'") == 598)
        #expect(try count(db, "SELECT count(*) FROM input_file WHERE name = '\(Self.name)' AND outcome = 'PROCESSED'") == 1)
        #expect(!ws.exists("inbox/dtjg/" + Self.name))
    }
}
