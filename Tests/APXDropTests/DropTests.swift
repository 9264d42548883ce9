import Foundation
import Testing
import TestSupport
@testable import APXDrop
import APXCore

@Suite struct SourceNameTests {
    @Test func namePatternsPerFolder() {
        #expect(Source.tzxm.accepts("TZXM_20261120_01.xml"))
        #expect(Source.tzxm.accepts("TZXM_20261120_01.csv"))
        #expect(!Source.tzxm.accepts("TZXM_20261320_01.csv"))
        #expect(!Source.tzxm.accepts("TZXM_20261120_1.csv"))
        #expect(!Source.tzxm.accepts("RKQQ_20261120_01.csv"))
        #expect(Source.rkqq.accepts("RKQQ_20261120_01.csv"))
        #expect(!Source.rkqq.accepts("RKQQ_20261120_01.xml"))
        #expect(Source.dtjg.accepts("DTJG_SGXK_20261120_01.csv"))
        #expect(!Source.dtjg.accepts("DTJG_XXX_20261120_01.csv"))
        #expect(Source.sgt.accepts("SGT_BJ_SC3601002026000123.xml"))
        #expect(Source.govReceipt.accepts("HZ_SZWJ_20261121_000001.xml"))
        #expect(Source.archiveReceipt.accepts("HZ_DA_2019-360102-47-03-012345_20261202.xml"))
        #expect(Source.manual.accepts("证书.pdf"))
    }

    @Test func temporaryNamesAreNeverRead() {
        for name in [".hidden", "a.tmp", "a.part", "a.partial"] { #expect(Inbox.isIgnored(name)) }
        #expect(!Inbox.isIgnored("TZXM_20261120_01.csv"))
    }
}

@Suite struct InboxScanTests {
    @Test func readyNotReadyAndOrphans() {
        let ws = TempWorkspace()
        ws.drop("tzxm", "TZXM_20261120_01.csv", text: "x")
        ws.drop("tzxm", "TZXM_20261120_02.csv", text: "x", marker: false)
        ws.drop("tzxm", "GONE.csv.ok", text: "")
        ws.drop("tzxm", ".TZXM_20261120_03.csv", text: "x")
        ws.drop("tzxm", "TZXM_20261120_04.csv.part", text: "x")
        let scan = Inbox(root: ws.root + "/inbox").scan(.tzxm)
        #expect(scan.ready.map(\.name) == ["TZXM_20261120_01.csv"])
        #expect(scan.notReady.map(\.name) == ["TZXM_20261120_02.csv"])
        #expect(scan.orphanMarkers.map(\.name) == ["GONE.csv.ok"])
    }

    @Test func drawingReviewAttachmentsAreNeitherReadyNorWaiting() {
        let ws = TempWorkspace()
        ws.drop("sgt", "SGT_BJ_SC1.xml", text: "<x/>")
        ws.drop("sgt", "SC1_hgs.pdf", text: "%PDF", marker: false)
        ws.drop("sgt", "SC1_extra.pdf", text: "%PDF", marker: false)
        let scan = Inbox(root: ws.root + "/inbox").scan(.sgt)
        #expect(scan.ready.map(\.name) == ["SGT_BJ_SC1.xml"])
        #expect(scan.notReady.isEmpty)
        #expect(scan.orphanMarkers.isEmpty)
        #expect(Set(scan.attachments.keys) == [FileName(escaped: "SC1_hgs.pdf"), FileName(escaped: "SC1_extra.pdf")])
    }

    @Test func symlinkIsReportedAsNotARegularFile() throws {
        let ws = TempWorkspace()
        ws.drop("tzxm", "TZXM_20261120_01.csv", text: "x", marker: true)
        try FileManager.default.removeItem(atPath: ws.path("inbox/tzxm/TZXM_20261120_01.csv"))
        try FileManager.default.createSymbolicLink(atPath: ws.path("inbox/tzxm/TZXM_20261120_01.csv"), withDestinationPath: "/etc/passwd")
        let scan = Inbox(root: ws.root + "/inbox").scan(.tzxm)
        #expect(scan.ready.first?.isRegularFile == false)
    }
}

@Suite struct WorkspaceLockTests {
    @Test func secondLockOnTheSameWorkspaceIsRefusedUntilReleased() throws {
        let ws = TempWorkspace()
        var first: WorkspaceLock? = try WorkspaceLock(root: ws.root)
        #expect(throws: WorkspaceLock.Failure.self) { _ = try WorkspaceLock(root: ws.root) }
        withExtendedLifetime(first) {}
        first = nil
        _ = try WorkspaceLock(root: ws.root)
    }
}
