import APXCore
import APXDecode
import APXDomain
import APXMatch
import APXStore
import Foundation
import SQLiteDB
import Testing
import TestSupport
@testable import APXDrop
@testable import APXPipeline

/// The ingestors store a reading batch at a time (a set read, then one feed INSERT per
/// table). Pinned here against the record-by-record storing they replaced (`OneByOne`, the
/// loops as they were, over the single Store APIs): the same files in the same order leave
/// the same rows — results with their ids, versions and states, the input-record trail,
/// requests, projects with their data and units, reviews and the audit trail in its order
/// (times aside) — for duplicates and new versions inside one batch and across batches,
/// resends, new versions of stored results (one of them REJECTED), and rejected records
/// between good ones.
@Suite struct BatchIngestEquivalenceTests {
    static let lead = (name: "南昌瑋城建设投资有限公司", uscc: Fixture.uscc(body: "MA35AB01"))
    static let winner = (name: "江西誠信置业有限公司", uscc: Fixture.uscc(body: "MA35AB02"))
    static let xmdm = "2019-360102-47-03-012345"

    /// One file of a scenario: where it is dropped, its name and bytes, and what to do to the
    /// store before it (e.g. a person rejecting a result).
    struct File {
        let source: Source
        let name: String
        let bytes: [UInt8]
        var before: ((Store) throws -> Void)? = nil
    }

    /// A bed: a fresh store, the files ingested one after another, each in its transaction.
    final class Bed {
        let dir = NSTemporaryDirectory() + "/apx-batch-eq-\(UUID().uuidString.prefix(8))"
        let store: Store
        let settings = Settings()
        let reference: Reference

        init() throws {
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            store = try Store(path: dir + "/approval.sqlite", runID: "R1", asOf: Day(iso: "2026-11-21")!)
            reference = try Reference.load(settings)
        }

        deinit { try? FileManager.default.removeItem(atPath: dir) }

        func ingest(_ file: File, oneByOne: Bool) throws -> IngestResult {
            try file.before?(store)
            let path = dir + "/" + file.name
            FileManager.default.createFile(atPath: path, contents: Data(file.bytes))
            let drop = try #require(DropName(source: file.source, name: file.name))
            let claimed = ClaimedFile(source: file.source, name: file.name, dropName: drop, path: path, sha256: SHA256.hex(file.bytes),
                                      size: Int64(file.bytes.count), destination: "archive/" + file.name, companions: [:])
            let context = IngestContext(store: store, settings: settings, reference: reference, file: claimed, workspaceRoot: dir)
            let ingestor: SourceIngestor
            switch (file.source, oneByOne) {
            case (.tzxm, false): ingestor = TZXMIngestor()
            case (.rkqq, false): ingestor = RKQQIngestor()
            case (.dtjg, false): ingestor = DTJGIngestor()
            case (.tzxm, true): ingestor = OneByOne.Projects()
            case (.rkqq, true): ingestor = OneByOne.Requests()
            default: ingestor = OneByOne.Results()
            }
            return try store.transaction {
                let id = try store.insertInputFile(source: file.source, name: file.name, sha256: claimed.sha256, size: claimed.size,
                                                   outcome: .init(outcome: .processed), destination: claimed.destination)
                return try context.ingestChecked(ingestor, path: path, fileID: id)
            }
        }

        /// Every row the ingestors write, times aside, in a stable order (ids included).
        func tables() throws -> [String: [String]] {
            let db = try Database(path: dir + "/approval.sqlite")
            let queries = [
                "result": "SELECT id, sxbm, number, version, xmdm, gcdm, state, reasons, missing, cleared, record, source, input_file_id, received_on FROM result ORDER BY id",
                "input_record": "SELECT * FROM input_record ORDER BY input_file_id, record, kind, key",
                "warehousing_request": "SELECT qqbh, xmdm, xmmc, xzqhdm, ztze, sqdwdm, sqdwmc, splclx, sqsj, state, reasons, received_on, input_file_id FROM warehousing_request ORDER BY qqbh",
                "project": "SELECT xmdm, state, splclx, first_seen, warehoused_on FROM project ORDER BY xmdm",
                "project_data": "SELECT * FROM project_data ORDER BY xmdm, kind",
                "project_unit": "SELECT * FROM project_unit ORDER BY xmdm, kind, position",
                "project_approved_as_platform": "SELECT * FROM project_approved_as_platform ORDER BY xmdm",
                "review_item": "SELECT * FROM review_item ORDER BY id",
                "reject": "SELECT * FROM reject ORDER BY rowid",
                "timed_item": "SELECT * FROM timed_item ORDER BY key",
                "audit": "SELECT id, entity, entity_id, action, from_state, to_state, detail FROM audit ORDER BY id",
            ]
            var out: [String: [String]] = [:]
            for (table, sql) in queries {
                out[table] = try db.rows(sql).map { row in row.values.map { "\($0)" }.joined(separator: "|") }
            }
            return out
        }
    }

    /// Runs `files` through both paths; the tables must agree, and so must what each file found.
    func expectSameTables(_ files: [File], sourceLocation: SourceLocation = #_sourceLocation) throws {
        let batch = try Bed(), single = try Bed()
        for file in files {
            let b = try batch.ingest(file, oneByOne: false), s = try single.ingest(file, oneByOne: true)
            #expect(b.recordsRead == s.recordsRead && b.rejectedRecords == s.rejectedRecords && b.platformReviews == s.platformReviews
                    && b.results == s.results && b.rejects == s.rejects, "\(file.name)", sourceLocation: sourceLocation)
        }
        let b = try batch.tables(), s = try single.tables()
        for table in s.keys.sorted() {
            let bt = b[table] ?? [], st = s[table] ?? []
            #expect(bt.count == st.count, "\(table): \(bt.count) rows against \(st.count)", sourceLocation: sourceLocation)
            if let i = (0..<min(bt.count, st.count)).first(where: { bt[$0] != st[$0] }) {
                Issue.record("\(table) row \(i): \(bt[i]) against \(st[i])", sourceLocation: sourceLocation)
            }
        }
        #expect(!(s["audit"] ?? []).isEmpty, sourceLocation: sourceLocation)
    }

    // MARK: Files

    static func zbtzs(_ number: String, zbje: String = "1,234.50") -> [String: String] {
        ["XMDM": xmdm, "GCDM": "", "XMMC": "青山湖区湖坊镇安置房建设项目", "JSDWDM": lead.uscc, "JSDWMC": lead.name,
         "ZBTZSBH": number, "BDMC": "一标段", "ZBFS": "1", "ZBDWMC": winner.name, "ZBDWDM": winner.uscc, "ZBJE": zbje,
         "ZBRQ": "2026/11/1"]
    }

    /// 600 award notices (three reading batches) with, inside the file: a repeat in the same
    /// batch (2 = 1) and in a later one (400 = 3), a new version in the same batch (7 changes
    /// 6) and in a later one (500 changes 5), a third version (510 changes 5 again, 511
    /// repeats 510), and rejected rows (bad amount, no number) between good ones.
    static func awards(_ prefix: String = "ZB") -> [[String: String]] {
        var rows = (1...600).map { zbtzs("\(prefix)-\($0)") }
        rows[1] = zbtzs("\(prefix)-1")
        rows[399] = zbtzs("\(prefix)-3")
        rows[6] = zbtzs("\(prefix)-6", zbje: "2,000.00")
        rows[499] = zbtzs("\(prefix)-5", zbje: "3,000.00")
        rows[509] = zbtzs("\(prefix)-5", zbje: "4,000.00")
        rows[510] = zbtzs("\(prefix)-5", zbje: "4,000.00")
        rows[9]["ZBJE"] = "12,34,5x"
        rows[10]["ZBTZSBH"] = ""
        rows[300]["ZBJE"] = "??"
        return rows
    }

    static func dtjg(_ rows: [[String: String]], _ n: Int, kind: String = "ZBTZS") -> File {
        File(source: .dtjg, name: "DTJG_\(kind)_20261120_0\(n).csv", bytes: GB18030.encode(ResultBuilders.dtjg(kind: kind, rows: rows)))
    }

    @Test func resultsWithRepeatsNewVersionsResendsAndRejectsInsideAndAcrossBatches() throws {
        var changed = Self.awards()
        changed[20] = Self.zbtzs("ZB-21", zbje: "9,999.00")      // a new version of a stored result
        changed[599] = Self.zbtzs("ZB-600", zbje: "8,888.00")    // … in the last batch
        changed[100] = Self.zbtzs("ZB-101", zbje: "1,234.50")    // unchanged, but stored REJECTED: a new version
        let rejectOne: (Store) throws -> Void = { store in
            let row = try #require(try store.results(xmdm: Self.xmdm).last { $0.record.number == "ZB-101" })
            try store.transaction { try store.setResultState(row, .rejected, reasons: ["JSDW_MISMATCH"]) }
        }
        var second = Self.dtjg(changed, 3)
        second.before = rejectOne
        try expectSameTables([Self.dtjg(Self.awards(), 1), Self.dtjg(Self.awards(), 2), second,
                              Self.dtjg(Array(Self.awards("ZC").reversed()), 4)])
    }

    static func requests(_ range: ClosedRange<Int>, bad: Set<Int> = []) -> [RequestFixture] {
        range.map { i in
            RequestFixture(qqbh: "RK\(100_000 + i)", xmdm: bad.contains(i) ? "2019-BAD-\(i)" : Self.xmdm, xmmc: "项目\(i)",
                           sqdwdm: Self.lead.uscc, sqdwmc: Self.lead.name)
        }
    }

    static func rkqq(_ requests: [RequestFixture], _ n: Int) -> File {
        File(source: .rkqq, name: "RKQQ_20261120_0\(n).csv", bytes: Array(Builders.rkqqCSV(requests).utf8))
    }

    @Test func requestsWithRepeatsInsideAndAcrossBatchesAResendAndRejects() throws {
        var first = Self.requests(1...600, bad: [4, 260, 599])
        first[1] = first[0]                  // the same batch
        first[450] = first[2]                // a later batch
        first[451].xmmc = "另一个名称"         // a number twice with other data: the first one stays
        first[452] = first[451]
        first[452].xmmc = "第三个名称"
        let resend = Self.requests(300...900, bad: [700])
        try expectSameTables([Self.rkqq(first, 1), Self.rkqq(resend, 2), Self.rkqq(Array(first.reversed()), 3)])
    }

    static func project(_ i: Int, name: String? = nil) -> ProjectFixture {
        ProjectFixture(xmdm: "2019-360102-47-03-" + String(format: "%06d", i), xmmc: name ?? "项目\(i)",
                       units: i % 3 == 0 ? [Self.lead, Self.winner] : [Self.lead])
    }

    static func tzxm(_ projects: [ProjectFixture], _ stamp: String, xml: Bool = true) -> File {
        xml ? File(source: .tzxm, name: "TZXM_\(stamp).xml", bytes: Array(Builders.tzxmXML(projects).utf8))
            : File(source: .tzxm, name: "TZXM_\(stamp).csv", bytes: GB18030.encode(Builders.tzxmCSV(projects)))
    }

    @Test func projectsNewKnownRepeatedChangedAndRejectedInsideAndAcrossBatches() throws {
        var first = (1...600).map { Self.project($0) }
        first[1] = first[0]                                   // repeated in the same batch
        first[5] = Self.project(5, name: "改名的项目5")          // 5 twice, the second changed (same batch)
        first[4] = Self.project(5)
        first[400] = Self.project(3, name: "改名的项目3")        // changed in a later batch
        first[7].ztze = "abc"                                 // rejected between good ones
        first[300].xzqhdm = "12"
        var later = (300...900).map { Self.project($0) }      // a resend, changes and new projects
        later[10] = Self.project(310, name: "再次改名310")
        later[500].units = [Self.winner]
        try expectSameTables([Self.tzxm(first, "20261120_01"), Self.tzxm(later, "20261120_02", xml: false),
                              Self.tzxm(first, "20261119_01")])   // an older extract after a newer one
    }
}

/// The ingestors' loops as they were before batches: every record through the single Store
/// APIs, one after another (the reference the batch path must match).
enum OneByOne {
    struct Projects: SourceIngestor {
        func ingest(path: String, name: String, fileID: Int, context: IngestContext) throws -> IngestResult {
            var result = IngestResult()
            guard case .projectExtract(let stamp, let isXML) = context.file.dropName.pattern else {
                throw DecodeError(.nameUnknown, "name does not fit the tzxm pattern")
            }
            let updates = PlatformUpdates(store: context.store)
            let options = context.options
            try ValidatedRecords.each(read: { body in
                if isXML {
                    try SourceFormats.tzxmXML(path: path, options: options, body)
                } else {
                    try SourceFormats.tzxmCSV(path: path, options: options, body)
                }
            }, validate: { Validate.project($0) }) { item in
                result.recordsRead += 1
                switch item.outcome {
                case .success(let project):
                    let effect = try updates.apply(project, extractKey: stamp.text, fileID: fileID)
                    if effect == .reviewOpened { result.platformReviews += 1 }
                    try context.carried(fileID, number: item.number, .project, project.xmdm, xmdm: project.xmdm, arrival: "\(effect)")
                case .failure(let list):
                    result.reject(list)
                }
            }
            return result
        }
    }

    struct Requests: SourceIngestor {
        func ingest(path: String, name: String, fileID: Int, context: IngestContext) throws -> IngestResult {
            var result = IngestResult()
            let options = context.options
            try ValidatedRecords.each(read: { try SourceFormats.rkqqCSV(path: path, options: options, $0) },
                                      validate: { Validate.request($0) }) { item in
                result.recordsRead += 1
                switch item.outcome {
                case .success(let request):
                    let inserted = try context.store.insertRequest(request, fileID: fileID)
                    try context.carried(fileID, number: item.number, .request, request.qqbh, xmdm: request.xmdm,
                                        arrival: inserted ? "inserted" : "known")
                case .failure(let list):
                    result.reject(list)
                }
            }
            return result
        }
    }

    struct Results: SourceIngestor {
        func ingest(path: String, name: String, fileID: Int, context: IngestContext) throws -> IngestResult {
            var result = IngestResult()
            guard case .resultExport(let kind, _) = context.file.dropName.pattern else {
                throw DecodeError(.nameUnknown, "name does not fit the dtjg pattern")
            }
            let options = context.options
            try ValidatedRecords.each(read: { try SourceFormats.dtjgCSV(path: path, kind: kind, options: options, $0) },
                                      validate: { ValidateResult.dtjg($0, kind: kind) }) { item in
                result.recordsRead += 1
                switch item.outcome {
                case .success(let r):
                    let arrival = try context.store.receiveResult(r, source: .dtjg, fileID: fileID)
                    try context.carried(fileID, number: item.number, .result, "\(r.sxbm):\(r.number)", xmdm: r.xmdm, arrival: arrival)
                    if r.promisedDays != nil && !r.acceptedAt.isEmpty {
                        try context.timing.finish(key: PushKey.handling(sxbm: r.sxbm, key: r.number).dfsjzj, sxbm: r.sxbm, xmdm: r.xmdm,
                                                   gcdm: r.gcdm, handler: r.issuer, acceptedAt: r.acceptedAt, promised: r.promisedDays,
                                                   finishedAt: r.finishedAt)
                    }
                    result.results += 1
                case .failure(let list):
                    result.reject(list)
                }
            }
            return result
        }
    }
}
