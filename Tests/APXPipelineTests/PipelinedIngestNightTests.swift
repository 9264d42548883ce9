import APXCore
import APXDomain
import APXStore
import Foundation
import Testing
import TestSupport
@testable import APXDrop
@testable import APXPipeline

/// Files of many batches through a whole night in-process: a file-level error far into a
/// file still rolls back every record before it (the file is quarantined, none of its
/// projects stored), and record-level rejects keep their record numbers and lines.
@Suite struct PipelinedIngestNightTests {
    static let unit = (name: "南昌瑋城建设投资有限公司", uscc: Fixture.uscc(body: "MA35AB01"))

    static func xmdm(_ i: Int) -> String { "2019-360102-47-03-" + String(format: "%06d", i) }

    func night(_ ws: TempWorkspace) throws -> (RunSummary, Store) {
        let workspace = Workspace(root: ws.root)
        try workspace.prepare()
        let settings = Settings()
        let store = try Store.open(workspace.identity(), runID: "P1", asOf: Day(iso: "2026-11-21")!)
        let log = RunLog(path: workspace.logs + "/P1.jsonl")
        let run = NightlyRun(workspace: workspace, settings: settings, reference: try Reference.load(settings), store: store, log: log)
        return (try run.execute(), store)
    }

    @Test func anXMLErrorFarIntoAnExtractQuarantinesItWithNoneOfItsProjectsAndRejectsKeepTheirLines() throws {
        let ws = TempWorkspace("apx-pipe-night")
        let projects = (1...1500).map { ProjectFixture(xmdm: Self.xmdm($0), xmmc: "项目\($0)", units: [Self.unit]) }
        var xml = Builders.tzxmXML(projects)
        let tag = "<XMDM>\(Self.xmdm(1400))</XMDM>"
        xml.replaceSubrange(try #require(xml.range(of: tag)), with: "<XMDM>\(Self.xmdm(1400))</XMMC>")
        ws.drop("tzxm", "TZXM_20261120_01.xml", text: xml)
        ws.drop("tzxm", "TZXM_20261120_02.xml", text: Builders.tzxmXML(Array(projects.prefix(3))))
        let bad: Set<Int> = [1, 600, 1300]      // requests for projects in no extract (numbered from 5001)
        let requests = (1...1300).map { i in
            RequestFixture(qqbh: "RK\(100_000 + i)", xmdm: bad.contains(i) ? "2019-BAD-\(i)" : Self.xmdm(5000 + i), xmmc: "项目\(i)",
                           sqdwdm: Self.unit.uscc, sqdwmc: Self.unit.name)
        }
        ws.drop("rkqq", "RKQQ_20261120_01.csv", text: Builders.rkqqCSV(requests))

        let (summary, store) = try night(ws)
        #expect(summary.quarantined == 1 && summary.processed == 2)
        let quarantined = try #require(try store.quarantinedFiles().first)
        #expect(quarantined.name == "TZXM_20261120_01.xml" && quarantined.reason == "XML_MALFORMED")
        // The second extract's three projects only: nothing of the broken one before its error.
        #expect(try store.project(Self.xmdm(3)) != nil)
        #expect(try store.project(Self.xmdm(4)) == nil && store.project(Self.xmdm(1399)) == nil)

        let rkqq = try #require(try store.processedFiles(name: "RKQQ_20261120_01.csv").first)
        let rejects = try store.rejects(fileID: rkqq.id)
        #expect(rejects.map(\.code) == [.xmdmInvalid, .xmdmInvalid, .xmdmInvalid])
        #expect(rejects.map(\.record) == [1, 600, 1300] && rejects.map(\.line) == [2, 601, 1301])
        #expect(summary.recordsRejected == 3)
        #expect(try store.request("RK\(100_000 + 1299)")?.request.xmdm == Self.xmdm(5000 + 1299))
        #expect(try store.request("RK\(100_000 + 1300)") == nil)
    }
}
