import APXCore
import APXDomain
import Foundation
import Testing
@testable import APXStore
import SQLiteDB

private struct Boom: Error {}

/// The 014 layouts (issue 11: bytes per record): audit rows referring to a context row for
/// their time/run/actor, approved data stored as a mark when it is the platform data byte for
/// byte, input records with coded kinds and arrivals — each reading back exactly what was
/// written, through rollbacks and other connections.
@Suite struct CompactLayoutTests {
    static let xmdm = ProjectAndRequestRepositoryTests.xmdm

    /// Rows of the audit whose context is missing (the view joins them away).
    static func unjoined(_ s: Store) throws -> Int {
        try (s.db.scalar("SELECT count(*) FROM audit").int ?? 0) - (s.db.scalar("SELECT count(*) FROM audit_trail").int ?? 0)
    }

    // MARK: audit context

    @Test func auditRowsOfOneRunAndActorShareAContextRowAndReadWithTheirRunAndActor() throws {
        let t = try TempStore(runID: "night-7")
        for n in 1...50 { try t.store.audit(.project, "X\(n)", "state", from: "A", to: "B") }
        t.store.actor = "张三"
        try t.store.audit(.review, "1", "decided", detail: "ok")
        let s = try t.reopened()
        let rows = try s.db.rows("SELECT run_id, actor, entity_id, at FROM audit_trail ORDER BY id")
        #expect(rows.count == 51)
        #expect(rows.dropLast().allSatisfy { $0.text("run_id") == "night-7" && $0.text("actor") == "apx" })
        #expect(rows.last?.text("actor") == "张三" && rows.last?.text("entity_id") == "1")
        #expect(rows.allSatisfy { $0.text("at").hasSuffix("+08:00") })
        // One per second of writing at most, and one for the other actor.
        #expect(try s.db.scalar("SELECT count(*) FROM audit_context").int ?? 99 <= 4)
        #expect(try Self.unjoined(s) == 0)
    }

    @Test func aContextWrittenInARolledBackTransactionIsWrittenAgainWhenNext() throws {
        let t = try TempStore()
        t.store.actor = "rolled-back"
        #expect(throws: Boom.self) {
            try t.store.transaction {
                try t.store.audit(.project, "X", "state", to: "A")
                throw Boom()
            }
        }
        try t.store.audit(.project, "X", "state", to: "B")
        #expect(try t.store.db.scalar("SELECT count(*) FROM audit").int == 1)
        #expect(try Self.unjoined(t.store) == 0)
        #expect(try t.store.db.scalar("SELECT actor FROM audit_trail").string == "rolled-back")
    }

    @Test func aContextWrittenInARolledBackSavepointIsWrittenAgainInTheSameTransaction() throws {
        let t = try TempStore()
        try t.store.transaction {
            try t.store.audit(.project, "X", "state", to: "A")
            t.store.actor = "inner"
            #expect(throws: Boom.self) {
                try t.store.transaction {
                    try t.store.audit(.project, "X", "state", to: "B")
                    throw Boom()
                }
            }
            try t.store.audit(.project, "X", "state", to: "C")
        }
        let s = try t.reopened()
        #expect(try s.db.rows("SELECT to_state, actor FROM audit_trail ORDER BY id").map { "\($0.text("to_state")) \($0.text("actor"))" }
                == ["A apx", "C inner"])
        #expect(try Self.unjoined(s) == 0)
    }

    @Test func twoConnectionsWritingTheAuditEachReadWithTheirOwnRun() throws {
        let t = try TempStore(runID: "first")
        try t.store.audit(.project, "X", "state", to: "A")
        let other = try t.reopened(runID: "second")
        try other.audit(.project, "X", "state", to: "B")
        try t.store.audit(.project, "X", "state", to: "C")
        #expect(try other.db.rows("SELECT to_state, run_id FROM audit_trail ORDER BY id").map { "\($0.text("to_state")) \($0.text("run_id"))" }
                == ["A first", "B second", "C first"])
    }

    @Test func theAuditAndItsContextsAreAppendOnly() throws {
        let t = try TempStore()
        try t.store.audit(.project, "X", "state", to: "A")
        #expect(throws: (any Error).self) { try t.store.db.run("UPDATE audit_context SET actor = 'someone else'") }
        #expect(throws: (any Error).self) { try t.store.db.run("DELETE FROM audit_context") }
        #expect(throws: (any Error).self) { try t.store.db.run("UPDATE audit SET action = 'x'") }
    }

    // MARK: approved data

    static func platform(_ t: TempStore, _ p: ProjectRecord) throws {
        try t.store.ensureProject(p.xmdm, state: ProjectState.platformOnly)
        try t.store.saveProjectData(p, kind: .platform, extractKey: "20261120_01", fileID: try t.inputFile())
    }

    static func marked(_ s: Store) throws -> Bool {
        try s.db.scalar("SELECT count(*) FROM project_approved_as_platform WHERE xmdm = ?", xmdm).int == 1
    }

    static func approvedRows(_ s: Store) throws -> (data: Int, units: Int) {
        try (s.db.scalar("SELECT count(*) FROM project_data WHERE xmdm = ? AND kind = 'approved'", xmdm).int ?? -1,
             s.db.scalar("SELECT count(*) FROM project_unit WHERE xmdm = ? AND kind = 'approved'", xmdm).int ?? -1)
    }

    @Test func approvedDataThatIsThePlatformDataIsAMarkAndReadsAsItWasGiven() throws {
        let t = try TempStore()
        let p = ProjectAndRequestRepositoryTests.record()
        try Self.platform(t, p)
        try t.store.saveProjectData(p, kind: .approved)
        let s = try t.reopened()
        #expect(try Self.marked(s))
        #expect(try Self.approvedRows(s) == (0, 0))
        #expect(try s.projectData(Self.xmdm, kind: .approved) == p)
        #expect(try s.projectData(Self.xmdm, kind: .platform) == p)
    }

    @Test func changedPlatformDataLeavesTheApprovedDataAsItWas() throws {
        let t = try TempStore()
        let p = ProjectAndRequestRepositoryTests.record()
        try Self.platform(t, p)
        try t.store.saveProjectData(p, kind: .approved)
        let changed = ProjectAndRequestRepositoryTests.record(xmmc: "调整后的名称", ztze: "1.00", units: [Unit(name: "丁公司", code: "D4")])
        try t.store.saveProjectData(changed, kind: .platform, extractKey: "20261121_01", fileID: try t.inputFile())
        let s = try t.reopened()
        #expect(try !Self.marked(s))
        #expect(try Self.approvedRows(s) == (1, 3))
        #expect(try s.projectData(Self.xmdm, kind: .approved) == p)
        #expect(try s.projectData(Self.xmdm, kind: .platform) == changed)
        // The written-out copy is the approved row as it always was: no extract, no file.
        #expect(try s.db.row("SELECT extract_key, source_file_id FROM project_data WHERE xmdm = ? AND kind = 'approved'", Self.xmdm)
            .map { "\($0.text("extract_key"))|\($0["source_file_id"].isNull)" } == "|true")
    }

    @Test func approvedDataOtherThanThePlatformsIsACopyAndBecomesAMarkWhenTheyAgreeAgain() throws {
        let t = try TempStore()
        let p = ProjectAndRequestRepositoryTests.record()
        try Self.platform(t, p)
        let corrected = ProjectAndRequestRepositoryTests.record(xmmc: "批复名称", units: [Unit(name: "丙公司", code: "C3")])
        try t.store.saveProjectData(corrected, kind: .approved)
        #expect(try !Self.marked(t.store))
        #expect(try t.reopened().projectData(Self.xmdm, kind: .approved) == corrected)
        try t.store.saveProjectData(p, kind: .approved)
        #expect(try Self.marked(t.store))
        #expect(try Self.approvedRows(t.store) == (0, 0))
        try t.store.saveProjectData(corrected, kind: .approved)
        #expect(try !Self.marked(t.store))
        #expect(try t.reopened().projectData(Self.xmdm, kind: .approved) == corrected)
    }

    @Test func theSameTextInOtherBytesOrUnitsInAnotherOrderIsNotThePlatformData() throws {
        let t = try TempStore()
        let p = ProjectAndRequestRepositoryTests.record(xmmc: "Caf\u{E9}")
        try Self.platform(t, p)
        let decomposed = ProjectAndRequestRepositoryTests.record(xmmc: "Cafe\u{301}")
        #expect(decomposed == p, "Swift's == is canonical equivalence")
        try t.store.saveProjectData(decomposed, kind: .approved)
        #expect(try !Self.marked(t.store))
        let back = try #require(try t.reopened().projectData(Self.xmdm, kind: .approved))
        #expect(Array(back.xmmc.utf8) == Array("Cafe\u{301}".utf8))
        var reordered = p
        reordered.units.reverse()
        try t.store.saveProjectData(reordered, kind: .approved)
        #expect(try !Self.marked(t.store))
        #expect(try t.reopened().projectData(Self.xmdm, kind: .approved)?.units == reordered.units)
    }

    @Test func approvedDataWithoutPlatformDataIsACopy() throws {
        let t = try TempStore()
        try t.store.ensureProject(Self.xmdm, state: ProjectState.pending)
        let fromRequest = ProjectAndRequestRepositoryTests.record(units: [Unit(name: "甲公司", code: "A1")])
        try t.store.saveProjectData(fromRequest, kind: .approved)
        #expect(try !Self.marked(t.store))
        #expect(try t.reopened().projectData(Self.xmdm, kind: .approved) == fromRequest)
        #expect(try t.reopened().projectData(Self.xmdm, kind: .platform) == nil)
    }

    // MARK: push records

    @Test func aPushRecordStoresItsKindAsItsKeysAndReadsItBackWithItsRun() throws {
        let t = try TempStore(runID: "night-3")
        let q = PushQueue(store: t.store)
        try q.enqueue(key: .project(gcdm: Self.xmdm), payload: "<XMDM>\(Self.xmdm)</XMDM>")
        try q.enqueue(key: .document(sxbm: "ZBTZS", number: "ZB-1"), payload: "<A>1</A>")
        try q.enqueue(key: .handling(sxbm: "ZBTZS", key: "ZB-1"), payload: "<A>1</A>")
        let s = try t.reopened()
        #expect(try s.db.scalar("SELECT count(*) FROM push_record WHERE kind = ''").int == 3)
        #expect(try s.unplannedPushRecords(target: .gov, limit: 10).map(\.kind) == [.project, .document, .handling])
        #expect(try s.db.rows("SELECT c.run_id FROM push_record r JOIN audit_context c ON c.id = r.context").map { $0.text("run_id") }
                == ["night-3", "night-3", "night-3"])
    }

    @Test func aPushRecordStoredWithItsKindsNameStillReads() throws {
        let t = try TempStore()
        try t.store.db.run("""
            INSERT INTO push_record (target, kind, dfsjzj, version, valid, payload, group_id, run_id, context)
            VALUES ('gov', 'PFWJ', 'PF:ZBTZS:ZB-2', 1, 1, '<A/>', 1, 'R0', 0)
            """)
        #expect(try t.reopened().pushRecords(target: .gov, key: .document(sxbm: "ZBTZS", number: "ZB-2")).map(\.kind) == [.document])
        #expect(PushKindColumn.stored(.document, key: .document(sxbm: "ZBTZS", number: "ZB-2")) == "")
        #expect(PushKindColumn.stored(.handling, key: .document(sxbm: "ZBTZS", number: "ZB-2")) == "SPSXBL")
        let keys: [PushKey] = [.project(gcdm: Self.xmdm), .handling(sxbm: "SGXK", key: "SL:1"), .document(sxbm: "ZBTZS", number: "ZB-2")]
        #expect(keys.allSatisfy { PushKindColumn.kind(ofKey: $0.dfsjzj) == $0.kind }, "the prefix read is the key's kind")
        #expect(PushKindColumn.kind(ofKey: "XX:1") == nil && PushKindColumn.kind(ofKey: "XM") == nil)
        #expect(PushKindColumn.text(stored: "SPSXBL", key: "PF:ZBTZS:ZB-2") == "SPSXBL")
    }

    @Test func anElementRepeatingTheContentClosedLastIsOneByteAndReadsBackInFull() {
        for payload in PushPayloadCodecTests.payloads() {
            let stored = PushPayloadCodec.encode(payload)
            #expect(PushPayloadCodec.decode(stored) == payload)
            if payload.contains("<GCDM>2021-360111-48-01-000001</GCDM>") {
                #expect(stored.utf8.contains(PushPayloadCodec.repeated), "GCDM = XMDM: \(payload)")
                #expect(!stored.contains("000001\u{01}\u{23}"), "the GCDM text is not stored again")
            }
        }
        let xmdm = "2021-360111-48-01-000001"
        let main = "<XMDM>\(xmdm)</XMDM><GCDM>\(xmdm)</GCDM>"
        #expect(PushPayloadCodec.encode(main).utf8.count == 1 + 4 + xmdm.utf8.count + 4 + 1)
    }

    @Test func repeatsOnlyWholeContentsAndAPlainRepeatByteIsEscaped() {
        let texts = [
            "<XMDM>abcd</XMDM><GCDM>abcd</GCDM>", "<XMDM>abcd</XMDM><GCDM>abcde</GCDM>", "<XMDM>abcd</XMDM><GCDM>abc</GCDM>",
            "<XMDM>abcd</XMDM><GCDM>abcd", "<XMDM>abcd</XMDM><GCDM>abcd<X></GCDM>", "<XMDM>abc</XMDM><GCDM>abc</GCDM>",
            "<XMDM>abcd</XMDM>x<GCDM>abcd</GCDM><XMMC>abcd</XMMC>", "<XMDM></XMDM><GCDM></GCDM>",
            "<DWLB><DW xh=\"1\"><DWMC>甲公司名称</DWMC><TYSHXYDM>甲公司名称</TYSHXYDM></DW></DWLB><FJ>甲公司名称</FJ>",
            "<XMDM>a\u{03}bc</XMDM><GCDM>a\u{03}bc</GCDM>", "<XMDM>ab\u{01}\u{03}cd</XMDM><GCDM>ab\u{01}\u{03}cd</GCDM>",
            "\u{03}", "\u{01}\u{03}", "\u{03}<XMDM>\u{03}\u{03}\u{03}\u{03}</XMDM><GCDM>\u{03}\u{03}\u{03}\u{03}</GCDM>\u{03}",
            "<GCDM>abcd</GCDM><GCDM>abcd</GCDM><GCDM>abcd</GCDM>", "<XMDM><GCDM>abcd</GCDM></XMDM><XMMC>abcd</XMMC>",
        ]
        for text in texts {
            let stored = PushPayloadCodec.encode(text)
            #expect(PushPayloadCodec.decode(stored) == text, "\(Array(text.utf8))")
        }
        #expect(!PushPayloadCodec.encode("<XMDM>abc</XMDM><GCDM>abc</GCDM>").utf8.contains(PushPayloadCodec.repeated))
        #expect(PushPayloadCodec.encode("<GCDM>abcd</GCDM><GCDM>abcd</GCDM><GCDM>abcd</GCDM>").utf8.filter { $0 == PushPayloadCodec.repeated }.count == 2)
        // Random sequences of tags, repeats, escapes and text: one stored form, read back byte for byte.
        var rng = SystemRandomNumberGenerator()
        let pieces = ["<XMDM>", "</XMDM>", "<GCDM>", "</GCDM>", "<DW>", "</DW>", "abcd", "abcd", "ab", "\u{01}", "\u{02}", "\u{03}", "<", "<X>", "甲"]
        for _ in 0..<2000 {
            let text = (0..<Int.random(in: 0...12, using: &rng)).map { _ in pieces.randomElement(using: &rng)! }.joined()
            #expect(PushPayloadCodec.decode(PushPayloadCodec.encode(text)) == text, "\(Array(text.utf8))")
        }
    }

    @Test func anUnchangedPayloadStoredBeforeTheRepeatsIsNotQueuedAgain() throws {
        let t = try TempStore()
        let payload = "<XMDM>\(Self.xmdm)</XMDM><GCDM>\(Self.xmdm)</GCDM><XMMC>名称</XMMC>"
        // The form of before 014: tags as codes, the GCDM written out.
        let before = "\u{02}\u{01}\u{20}\(Self.xmdm)\u{01}\u{21}\u{01}\u{22}\(Self.xmdm)\u{01}\u{23}\u{01}\u{24}名称\u{01}\u{25}"
        #expect(PushPayloadCodec.decode(before) == payload)
        #expect(PushPayloadCodec.encode(payload) != before, "the current form repeats the GCDM")
        try t.store.db.run("""
            INSERT INTO push_record (target, kind, dfsjzj, version, valid, payload, group_id, run_id, context)
            VALUES ('gov', 'XMJBXX', ?, 1, 1, ?, 1, 'R0', 0)
            """, "XM:" + Self.xmdm, before)
        let q = PushQueue(store: t.store)
        #expect(try q.enqueue(key: .project(gcdm: Self.xmdm), payload: payload) == 0)
        #expect(try q.enqueue(key: .project(gcdm: Self.xmdm), payload: payload + "<ZTZE>1</ZTZE>") == 2, "a change still versions")
        let rows = try t.store.db.rows("SELECT version, valid, payload FROM push_record ORDER BY id")
        #expect(rows.map { "\($0.text("version"))/\($0.text("valid"))" } == ["1/1", "1/0", "2/1"])
        #expect(PushPayloadCodec.decode(rows[1].text("payload")) == payload, "the invalidation carries the old payload")
    }

    @Test func aPayloadStoredBeforeWithAPlainRepeatByteReadsAsItWasAfterTheMigration() throws {
        let t = try TempStore()
        // The form of before 014: tags as codes, 0x01 doubled, 0x03 as it is.
        let before = "\u{02}\u{01}\u{20}a\u{03}b\u{01}\u{01}\u{03}\u{01}\u{21}\u{03}"
        let text = "<XMDM>a\u{03}b\u{01}\u{03}</XMDM>\u{03}"
        try t.store.db.run("""
            INSERT INTO push_record (target, kind, dfsjzj, version, valid, payload, group_id, run_id, context)
            VALUES ('gov', '', 'XM:X', 1, 1, ?, 1, 'R0', 0)
            """, before)
        try t.store.db.execute(PushPayloadCodec.repeatMigration)
        let stored = try #require(try t.store.db.scalar("SELECT payload FROM push_record").string)
        #expect(PushPayloadCodec.decode(stored) == text)
        #expect(stored == PushPayloadCodec.encode(text), "converted to the form the codec writes")
    }

    // MARK: input records

    @Test func kindCodesOrderAsTheKindsStoredNamesDid() {
        let byCode = InputRecordKind.allCases.sorted { InputRecordCodes.code($0) < InputRecordCodes.code($1) }
        let byName = InputRecordKind.allCases.sorted { Array($0.rawValue.utf8).lexicographicallyPrecedes(Array($1.rawValue.utf8)) }
        #expect(byCode == byName)
        #expect(Set(InputRecordKind.allCases.map(InputRecordCodes.code)).count == InputRecordKind.allCases.count)
    }

    @Test func everyArrivalReadsBackAsItWasNoted() throws {
        let t = try TempStore()
        let file = try t.inputFile()
        let arrivals = InputRecordCodes.arrivals + ["v1", "v12", "v1234567", "v0", "v01", "v", "vx", "v-1", "v12345678901", "", "123",
                                                    "-4", "Created", "ended ", "新到"]
        for (n, arrival) in arrivals.enumerated() {
            try t.store.noteInputRecord(fileID: file, record: n + 1, kind: .result, key: "ZBTZS:\(n)", xmdm: Self.xmdm, arrival: arrival)
        }
        let back = try t.reopened().inputRecords(fileID: file)
        #expect(back.map(\.arrival) == arrivals)
        #expect(back.allSatisfy { $0.kind == .result && $0.xmdm == Self.xmdm })
        #expect(try t.store.db.scalar("SELECT count(*) FROM input_record WHERE typeof(arrival) = 'integer'").int == InputRecordCodes.arrivals.count + 3)
    }

    @Test func aFilesRecordsReadInRecordOrderEachWithItsNoteAndARecordNotedAgainKeepsItsFirst() throws {
        let t = try TempStore()
        let file = try t.inputFile(.sgt)
        try t.store.noteInputRecord(fileID: file, record: 1, kind: .acceptance, key: "SL1", xmdm: Self.xmdm, arrival: "passed")
        try t.store.noteInputRecord(fileID: file, record: 1, kind: .result, key: "SGTSC:SL1", xmdm: Self.xmdm, arrival: "inserted")
        try t.store.noteInputRecord(fileID: file, record: 2, kind: .result, key: "A:1", xmdm: Self.xmdm, arrival: "inserted")
        try t.store.noteInputRecord(fileID: file, record: 3, kind: .result, key: "A:1", xmdm: Self.xmdm, arrival: "unchanged")
        try t.store.noteInputRecord(fileID: file, record: 2, kind: .result, key: "A:1", xmdm: Self.xmdm, arrival: "v2")
        let back = try t.reopened().inputRecords(fileID: file)
        #expect(back.map { "\($0.record) \($0.kind.rawValue) \($0.key) \($0.arrival)" }
                == ["1 acceptance SL1 passed", "1 result SGTSC:SL1 inserted", "2 result A:1 inserted", "3 result A:1 unchanged"])
        let history = try t.store.projectHistory(Self.xmdm).filter { $0.type == "input" }
        #expect(history.count == 1, "one input event for the file")
        guard case .array(let carried)? = history.first?.fields.first(where: { $0.0 == "records" })?.1 else {
            Issue.record("the input event lists no records"); return
        }
        #expect(carried.count == 4, "with each record it carried")
    }

    @Test func theRecordFirstKeyMigrationKeepsEveryNoteAndTheirOrder() throws {
        let t = try TempStore()
        let first = try t.inputFile(), second = try t.inputFile()
        // A database from before migration 019: keyed by (file, kind, key), notes stored out of record order.
        try t.store.db.execute("""
            DROP TABLE input_record;
            CREATE TABLE input_record (
                input_file_id INTEGER NOT NULL REFERENCES input_file(id), kind NOT NULL, key TEXT NOT NULL,
                record INTEGER NOT NULL, xmdm TEXT NOT NULL DEFAULT '', arrival NOT NULL DEFAULT '',
                PRIMARY KEY (input_file_id, kind, key)
            ) WITHOUT ROWID;
            CREATE INDEX input_record_xmdm ON input_record(xmdm);
            DELETE FROM schema_migrations WHERE id = '019-input-record-by-record';
            """)
        let notes: [(Int, Int, Int, String, String, SQLValue)] = [
            (second, 2, 7, "ZBTZS:B", "X2", .integer(6)), (first, 3, 6, "RK3", Self.xmdm, .integer(7)),
            (first, 1, 7, "ZBTZS:Z", Self.xmdm, .integer(-2)), (first, 2, 6, "RK1", Self.xmdm, .text("odd one")),
            (second, 1, 7, "ZBTZS:A", Self.xmdm, .integer(3)),
        ]
        for (file, record, kind, key, xmdm, arrival) in notes {
            try t.store.db.run("INSERT INTO input_record (input_file_id, record, kind, key, xmdm, arrival) VALUES (?, ?, ?, ?, ?, ?)",
                               file, record, kind, key, xmdm, arrival)
        }
        let upgraded = try t.reopened()
        #expect(try upgraded.db.row("SELECT 1 FROM schema_migrations WHERE id = '019-input-record-by-record'") != nil)
        #expect(try upgraded.inputRecords(fileID: first).map { "\($0.record) \($0.kind.rawValue) \($0.key) \($0.arrival)" }
                == ["1 result ZBTZS:Z v2", "2 request RK1 odd one", "3 request RK3 known"])
        #expect(try upgraded.inputRecords(fileID: second).map { "\($0.record) \($0.key) \($0.xmdm)" } == ["1 ZBTZS:A \(Self.xmdm)", "2 ZBTZS:B X2"])
        #expect(try upgraded.db.rows("SELECT input_file_id AS f, record AS r FROM input_record WHERE xmdm = ? ORDER BY input_file_id, record",
                                     Self.xmdm).map { "\($0.int("f") ?? 0):\($0.int("r") ?? 0)" }
                == ["\(first):1", "\(first):2", "\(first):3", "\(second):1"], "the xmdm index rebuilt")
        #expect(try upgraded.db.row("SELECT 1 FROM sqlite_master WHERE name = 'input_record_xmdm'") != nil)
        // Record-first now: a later record repeating a key has its own note.
        try upgraded.noteInputRecord(fileID: first, record: 4, kind: .request, key: "RK1", xmdm: Self.xmdm, arrival: "unchanged")
        try upgraded.noteInputRecord(fileID: first, record: 2, kind: .request, key: "RK1", xmdm: Self.xmdm, arrival: "v9")
        #expect(try upgraded.inputRecords(fileID: first).filter { $0.key == "RK1" }.map { "\($0.record) \($0.arrival)" }
                == ["2 odd one", "4 unchanged"])
    }

    @Test func theMigrationCodesTheKindsAndArrivalsOfRowsStoredBeforeAndKeepsTheRest() throws {
        let t = try TempStore()
        let file = try t.inputFile()
        try t.store.db.execute("""
            DROP TABLE input_record;
            CREATE TABLE input_record (
                input_file_id INTEGER NOT NULL REFERENCES input_file(id), record INTEGER NOT NULL, kind TEXT NOT NULL,
                key TEXT NOT NULL, xmdm TEXT NOT NULL DEFAULT '', arrival TEXT NOT NULL DEFAULT '',
                PRIMARY KEY (input_file_id, kind, key)
            );
            CREATE INDEX input_record_xmdm ON input_record(xmdm);
            """)
        let arrivals = ["created", "v2", "v10", "v01", "v0", "v", "known", "", "passed", "odd one", "12"]
        for (n, arrival) in arrivals.enumerated() {
            try t.store.db.run("INSERT INTO input_record VALUES (?, ?, ?, ?, ?, ?)", file, n + 1, n % 2 == 0 ? "result" : "request",
                               "K:\(n)", Self.xmdm, arrival)
        }
        try t.store.db.run("INSERT INTO input_record VALUES (?, 99, 'future_kind', 'F', ?, 'x')", file, Self.xmdm)
        try t.store.db.execute(InputRecordCodes.migration)
        let back = try t.reopened().inputRecords(fileID: file)
        #expect(back.prefix(arrivals.count).map(\.arrival) == arrivals)
        #expect(back.prefix(arrivals.count).map(\.kind.rawValue) == arrivals.indices.map { $0 % 2 == 0 ? "result" : "request" })
        #expect(try t.store.db.rows("SELECT typeof(arrival) AS t FROM input_record WHERE key IN ('K:1', 'K:2', 'K:3') ORDER BY key").map { $0.text("t") }
                == ["integer", "integer", "text"])
        #expect(try t.store.db.scalar("SELECT kind FROM input_record WHERE key = 'F'").string == "future_kind", "an unknown kind kept as its text")
        #expect(try t.store.db.scalar("SELECT count(*) FROM input_record").int == arrivals.count + 1)
    }

    @Test func rowsStoredWithTextKindsAndArrivalsStillRead() throws {
        let t = try TempStore()
        let file = try t.inputFile()
        try t.store.db.run("INSERT INTO input_record (input_file_id, kind, key, record, xmdm, arrival) VALUES (?, 'request', 'RK1', 1, ?, 'known')",
                           file, Self.xmdm)
        let back = try #require(try t.reopened().inputRecords(fileID: file).first)
        #expect(back.kind == .request && back.key == "RK1" && back.arrival == "known")
    }
}
