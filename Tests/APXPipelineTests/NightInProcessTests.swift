import APXCore
import APXDomain
import APXStore
import Foundation
import Testing
import TestSupport
@testable import APXDrop
@testable import APXPipeline

/// A whole night in-process: `NightlyRun` over real input files (built with the fixture
/// builders) in a temporary workspace — the database rows, the moved files and the push
/// files it leaves — and the next night over the same workspace, which changes nothing.
@Suite struct NightInProcessTests {
    static let a = "2019-360102-47-03-012345"          // requested and matching: warehoused
    static let b = "2020-360111-48-01-000001"          // only in the extract
    static let c = "2021-360111-48-01-000005"          // requested, in no extract: pending
    static let lead = (name: "南昌瑋城建设投资有限公司", uscc: Fixture.uscc(body: "MA35AB01"))
    static let other = (name: "赣江新区建设投资集团", uscc: Fixture.uscc(body: "MA35AB03"))
    static let asOf = "2026-11-21"

    /// Runs one night over `ws` with a fresh store connection, as `apx run` does.
    func night(_ ws: TempWorkspace, runID: String) throws -> (RunSummary, Store) {
        let workspace = Workspace(root: ws.root)
        try workspace.prepare()
        let settings = Settings()
        let store = try Store.open(workspace.identity(), runID: runID, asOf: Day(iso: Self.asOf)!)
        let log = RunLog(path: workspace.logs + "/\(runID).jsonl")
        let run = NightlyRun(workspace: workspace, settings: settings, reference: try Reference.load(settings), store: store, log: log)
        return (try run.execute(), store)
    }

    func dropTheNight(_ ws: TempWorkspace) {
        let pa = ProjectFixture(xmdm: Self.a, xmmc: "青山湖区湖坊镇安置房建设项目", units: [Self.lead, Self.other])
        let pb = ProjectFixture(xmdm: Self.b, xmmc: "赣江大桥", units: [Self.other])
        let extract = GB18030.encode(Builders.tzxmCSV([pa, pb]))
        ws.drop("tzxm", "TZXM_20261120_01.csv", extract)
        ws.drop("tzxm", "TZXM_20261120_02.csv", extract)                       // the same bytes again
        var qa = RequestFixture(qqbh: "RK202611200001", xmdm: Self.a, xmmc: "青山湖区湖坊镇安置房建设项目",
                                sqdwdm: Self.lead.uscc, sqdwmc: Self.lead.name)
        qa.splclx = "2"
        let qc = RequestFixture(qqbh: "RK202611200002", xmdm: Self.c, xmmc: "未入平台项目", sqdwdm: Self.lead.uscc, sqdwmc: Self.lead.name)
        let bad = RequestFixture(qqbh: "RK202611200003", xmdm: "2021-3601-BAD", xmmc: "坏记录", sqdwdm: Self.lead.uscc,
                                 sqdwmc: Self.lead.name)
        ws.drop("rkqq", "RKQQ_20261120_01.csv", text: Builders.rkqqCSV([qa, qc, bad]))
        ws.drop("rkqq", "RKQQ_20261120_02.csv", text: "QQBH,XMDM\r\nRK1,\(Self.a)\r\n")   // columns missing
        ws.drop("dtjg", "DTJG_ZBTZS_20261120_01.csv", GB18030.encode(ResultBuilders.dtjg(kind: "ZBTZS", rows: [[
            "XMDM": Self.a, "XMMC": "青山湖区湖坊镇安置房建设项目一标段", "JSDWDM": Self.lead.uscc, "JSDWMC": Self.lead.name,
            "ZBTZSBH": "ZB-1", "BDMC": "一标段", "ZBFS": "1", "ZBDWMC": "江西建工集团", "ZBDWDM": Self.other.uscc,
            "ZBJE": "1,234.50", "ZBRQ": "2026/11/1"]])))
        ws.drop("rkqq", "RKQQ_20261121_01.csv", text: "still being written", marker: false)
    }

    @Test func aNightLoadsMatchesMovesAndPushesAndTheNextNightChangesNothing() throws {
        let ws = TempWorkspace("apx-night")
        dropTheNight(ws)
        let (summary, store) = try night(ws, runID: "N1")

        // What the night counted.
        #expect(summary.claimed == 5 && summary.processed == 3 && summary.duplicate == 1 && summary.quarantined == 1)
        #expect(summary.notReady == 1 && summary.exitCode == 65)
        #expect(summary.recordsRejected == 1 && summary.reasons["CSV_HEADER"] == 1)
        #expect(summary.projectsWarehoused == 1 && summary.projectsPending == 1 && summary.resultsWarehoused == 1)

        // The database.
        #expect(try store.project(Self.a)?.state == ProjectState.warehoused && store.project(Self.a)?.splclx == 2)
        #expect(try store.project(Self.b)?.state == ProjectState.platformOnly)
        #expect(try store.request("RK202611200002")?.state == RequestState.pending)
        #expect(try store.request("RK202611200003") == nil)
        #expect(try store.latestResult(sxbm: "ZBTZS", number: "ZB-1")?.state == ResultState.warehoused)
        #expect(try store.processedFiles().map(\.name).sorted()
                == ["DTJG_ZBTZS_20261120_01.csv", "RKQQ_20261120_01.csv", "TZXM_20261120_01.csv"])
        let quarantined = try #require(try store.quarantinedFiles().first)
        #expect(quarantined.name == "RKQQ_20261120_02.csv" && quarantined.reason == "CSV_HEADER")
        let rejects = try store.rejects(fileID: try #require(try store.processedFiles(name: "RKQQ_20261120_01.csv").first).id)
        #expect(rejects.map(\.code) == [.xmdmInvalid] && rejects.first?.line == 4)

        // The files: inbox emptied but for the file without its marker; each file where its row says.
        #expect(ws.files(under: "inbox") == ["inbox/rkqq/RKQQ_20261121_01.csv"])
        let day = "archive/\(Self.asOf)"
        for path in ["\(day)/tzxm/TZXM_20261120_01.csv", "\(day)/tzxm/TZXM_20261120_01.csv.ok", "\(day)/tzxm/TZXM_20261120_02.csv",
                     "\(day)/rkqq/RKQQ_20261120_01.csv", "\(day)/rkqq/RKQQ_20261120_01.csv.rejects.csv",
                     "\(day)/dtjg/DTJG_ZBTZS_20261120_01.csv", "quarantine/rkqq/RKQQ_20261120_02.csv"] {
            #expect(ws.exists(path), "\(path) missing")
        }
        let reason = try #require(ws.read("quarantine/rkqq/RKQQ_20261120_02.csv.reason.json"))
        #expect(reason.contains("\"CSV_HEADER\""))
        #expect(ws.read("\(day)/rkqq/RKQQ_20261120_01.csv.rejects.csv")?.contains("XMDM_INVALID") == true)

        // The push files: one gov file, its checksum, its marker last; A's data, not B's.
        let gov = ws.files(under: "outbox/gov")
        let name = "SZWJ_20261121_000001.xml"
        #expect(gov == ["outbox/gov/\(name)", "outbox/gov/\(name).ok", "outbox/gov/\(name).sha256"])
        let content = try #require(ws.read("outbox/gov/\(name)"))
        #expect(content.contains("XM:\(Self.a)") && content.contains("PF:ZBTZS:ZB-1") && content.contains("BL:ZBTZS:ZB-1"))
        #expect(!content.contains(Self.b) && !content.contains(Self.c))
        let sha = try #require(ws.read("outbox/gov/\(name).sha256"))
        #expect(sha.hasPrefix(SHA256.hex(content)))
        #expect(ws.exists("reports/N1.json") && ws.exists("reports/N1.html") && ws.exists("logs/N1.jsonl"))

        // The next night: nothing new claimed, nothing pushed again, no row changed.
        let (again, store2) = try night(ws, runID: "N2")
        #expect(again.claimed == 0 && again.govFiles == 0 && again.notices == 0 && again.exitCode == 0)
        #expect(ws.files(under: "outbox/gov") == gov)
        #expect(try store2.processedFiles().count == 3 && store2.quarantinedFiles().count == 1)
        #expect(try store2.project(Self.a)?.state == ProjectState.warehoused)
    }

    @Test func aRedeliveryOfQuarantinedBytesIsCountedNotQuarantinedAgain() throws {
        let ws = TempWorkspace("apx-night")
        let bytes = "QQBH,XMDM\r\nRK1,\(Self.a)\r\n"
        ws.drop("rkqq", "RKQQ_20261120_02.csv", text: bytes)
        let (first, _) = try night(ws, runID: "N1")
        #expect(first.quarantined == 1)
        ws.drop("rkqq", "RKQQ_20261120_02.csv", text: bytes)
        let (second, store) = try night(ws, runID: "N2")
        #expect(second.quarantined == 0 && second.alreadyQuarantined == 1 && second.exitCode == 0)
        #expect(try store.quarantineBacklog().map(\.repeats) == [1])
        #expect(ws.exists("archive/\(Self.asOf)/rkqq/RKQQ_20261120_02.csv"))
        #expect(ws.files(under: "quarantine/rkqq") == ["quarantine/rkqq/RKQQ_20261120_02.csv", "quarantine/rkqq/RKQQ_20261120_02.csv.ok",
                                                       "quarantine/rkqq/RKQQ_20261120_02.csv.reason.json"])
    }

    @Test func anSGTResultTakesItsAttachmentsAlongAndOneMissingItsAttachmentIsReadAfreshOnceItCame() throws {
        let ws = TempWorkspace("apx-night")
        let pa = ProjectFixture(xmdm: Self.a, xmmc: "青山湖区湖坊镇安置房建设项目", units: [Self.lead])
        ws.drop("tzxm", "TZXM_20261120_01.csv", GB18030.encode(Builders.tzxmCSV([pa])))
        ws.drop("rkqq", "RKQQ_20261120_01.csv", text: Builders.rkqqCSV([
            RequestFixture(qqbh: "RK202611200001", xmdm: Self.a, xmmc: pa.xmmc, sqdwdm: Self.lead.uscc, sqdwmc: Self.lead.name)]))
        let one = ResultBuilders.Attachment(name: "SC1_hgs.pdf", bytes: Array("%PDF-1.4 certificate one".utf8))
        let two = ResultBuilders.Attachment(name: "SC2_hgs.pdf", bytes: Array("%PDF-1.4 certificate two".utf8))
        func bj(_ slbh: String, _ attachment: ResultBuilders.Attachment) -> String {
            ResultBuilders.sgt(lx: "BJ", slbh: slbh, xmdm: Self.a, xmmc: pa.xmmc, jsdw: Self.lead, rqsl: 1, hgsbh: "赣施审字(2026)第\(slbh)号",
                               attachments: [attachment])
        }
        ws.drop("sgt", one.name, one.bytes, marker: false)                  // attachments carry no marker
        ws.drop("sgt", "SGT_BJ_SC1.xml", text: bj("SC1", one))
        ws.drop("sgt", "SGT_BJ_SC2.xml", text: bj("SC2", two))              // its attachment is not there yet
        let (first, store) = try night(ws, runID: "N1")
        #expect(first.processed == 3 && first.quarantined == 1 && first.reasons["ATTACHMENT_MISSING"] == 1)
        let day = "archive/\(Self.asOf)/sgt"
        #expect(ws.exists("\(day)/SGT_BJ_SC1.xml") && ws.exists("\(day)/SC1_hgs.pdf"))
        #expect(ws.exists("quarantine/sgt/SGT_BJ_SC2.xml"))
        #expect(try store.latestResult(sxbm: "SGTSC", number: "赣施审字(2026)第SC1号")?.state == ResultState.warehoused)
        #expect(try store.quarantineBacklog().map(\.code) == ["ATTACHMENT_MISSING"])

        // The partner delivers the attachment and the same XML again: read afresh, not a repeat.
        ws.drop("sgt", two.name, two.bytes, marker: false)
        ws.drop("sgt", "SGT_BJ_SC2.xml", text: bj("SC2", two))
        let (second, store2) = try night(ws, runID: "N2")
        #expect(second.processed == 1 && second.alreadyQuarantined == 0 && second.quarantineSettled == 1)
        #expect(ws.exists("\(day)/SGT_BJ_SC2.xml") && ws.exists("\(day)/SC2_hgs.pdf"))
        #expect(ws.files(under: "inbox").isEmpty)
        #expect(try store2.quarantineBacklog().isEmpty)
        #expect(try store2.latestResult(sxbm: "SGTSC", number: "赣施审字(2026)第SC2号")?.state == ResultState.warehoused)
    }

    @Test func aClaimWhoseEntryChangedBeforeItsCommitRecordsNothing() throws {
        let ws = TempWorkspace("apx-night")
        ws.drop("rkqq", "RKQQ_20261120_02.csv", text: "QQBH,XMDM\r\nRK1,\(Self.a)\r\n")          // quarantined first
        _ = try night(ws, runID: "N1")
        let good = Builders.rkqqCSV([RequestFixture(qqbh: "RK202611200001", xmdm: Self.a, xmmc: "项目", sqdwdm: Self.lead.uscc,
                                                    sqdwmc: Self.lead.name)])
        ws.drop("rkqq", "RKQQ_20261120_02.csv", text: good)                             // the corrected file
        let workspace = Workspace(root: ws.root)
        let store = try Store.open(workspace.identity(), runID: "N2", asOf: Day(iso: Self.asOf)!)
        let run = NightlyRun(workspace: workspace, settings: Settings(), reference: try Reference.load(Settings()), store: store,
                             log: RunLog(path: nil))
        let file = try #require(Inbox(root: workspace.inbox).scan(.rkqq).ready.first)
        let probed = try #require(try run.probe(file))
        let before = try store.lastInputFileID()
        let handle = try #require(FileHandle(forWritingAtPath: file.path))              // the partner writes on
        handle.seekToEndOfFile()
        handle.write(Data("RK2,\(Self.a)\r\n".utf8))
        try handle.close()
        #expect(throws: ClaimSkip.self) {
            _ = try run.record(file, probed, ingestor: NightlyRun.ingestors[.rkqq]!,
                               finalizer: Finalizer(store: store, workspace: workspace), attachments: [])
        }
        #expect(try store.lastInputFileID() == before)                                  // no row
        #expect(try store.request("RK202611200001") == nil)                            // nothing ingested
        #expect(try store.quarantineBacklog().count == 1)                              // nothing settled
        #expect(ws.exists("inbox/rkqq/RKQQ_20261120_02.csv"))
    }
}

/// The evaluation's commits are not synced one by one; the WAL is synced once after it, before
/// anything is pushed, and every later commit (planning, publication, the run's end) is FULL.
@Suite struct EvaluationSyncTests {
    @Test func aNightSyncsTheEvaluationOnceAndEndsAtFullSync() throws {
        let ws = TempWorkspace("apx-night-sync")
        NightInProcessTests().dropTheNight(ws)
        let (summary, store) = try NightInProcessTests().night(ws, runID: "S1")
        #expect(summary.processed == 3 && summary.govFiles >= 1, "the night evaluated and pushed")
        #expect(store.syncState.synchronous == 2, "FULL after the evaluation")
        #expect(store.syncState.deferredSyncs == 1, "one WAL sync for the whole evaluation")
    }
}
