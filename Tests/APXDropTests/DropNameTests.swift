import APXCore
import Foundation
import Testing
import TestSupport
@testable import APXDrop

@Suite struct DropNameTests {
    func pattern(_ source: Source, _ name: String) -> DropName.Pattern? { DropName(source: source, name: name)?.pattern }

    func stamp(_ iso: String, _ digits: String, _ serial: String) -> DropName.Stamp {
        DropName.Stamp(date: Day(iso: iso)!, digits: digits, serial: serial)
    }

    @Test func aProjectExtractCarriesItsStampAndFormat() {
        #expect(pattern(.tzxm, "TZXM_20261120_01.xml") == .projectExtract(stamp("2026-11-20", "20261120", "01"), isXML: true))
        #expect(pattern(.tzxm, "TZXM_20261120_07.CSV") == .projectExtract(stamp("2026-11-20", "20261120", "07"), isXML: false))
        #expect(DropName(source: .tzxm, name: "TZXM_20261120_07.csv")?.pattern == .projectExtract(stamp("2026-11-20", "20261120", "07"), isXML: false))
        if case .projectExtract(let s, _)? = pattern(.tzxm, "TZXM_20261120_07.csv") { #expect(s.text == "20261120_07") }
        else { Issue.record("not a project extract") }
    }

    @Test func requestAndEndRequestNamesCarryTheirStamps() {
        #expect(pattern(.rkqq, "RKQQ_20261231_99.csv") == .warehousingRequests(stamp("2026-12-31", "20261231", "99")))
        #expect(pattern(.jsqq, "JSQQ_20240229_01.csv") == .endRequests(stamp("2024-02-29", "20240229", "01")))
        #expect(pattern(.jsqq, "JSQQ_20230229_01.csv") == nil)          // no 29 February in 2023
        #expect(pattern(.rkqq, "RKQQ_20261120_01.xml") == nil)
        #expect(pattern(.rkqq, "JSQQ_20261120_01.csv") == nil)
    }

    @Test func eachExportKindIsReadFromItsName() {
        for kind in ResultExportKind.allCases {
            #expect(pattern(.dtjg, "DTJG_\(kind.rawValue)_20261120_02.csv") == .resultExport(kind, stamp("2026-11-20", "20261120", "02")))
        }
        #expect(pattern(.dtjg, "DTJG_XXX_20261120_01.csv") == nil)
        #expect(pattern(.dtjg, "DTJG_SGXK_20261120_1.csv") == nil)
        #expect(pattern(.dtjg, "DTJG_SGXK_20261120_01.xml") == nil)
    }

    @Test func aDrawingReviewNameCarriesItsKindAndSLBH() {
        #expect(pattern(.sgt, "SGT_BJ_SC3601002026000123.xml") == .drawingReview(.result, slbh: "SC3601002026000123"))
        #expect(pattern(.sgt, "SGT_SL_SC-36-01.xml") == .drawingReview(.acceptance, slbh: "SC-36-01"))
        #expect(pattern(.sgt, "SGT_BJ_.xml") == nil)
        #expect(pattern(.sgt, "SGT_BJ_SC_1.xml") == nil)                 // '_' is not an SLBH character
        #expect(pattern(.sgt, "SGT_BJ_审查1.xml") == nil)                 // letters must be ASCII
        #expect(pattern(.sgt, "SGT_XX_SC1.xml") == nil)
        #expect(pattern(.sgt, "SGT_BJ_SC1.pdf") == nil)
    }

    @Test func aManualResultIsAnyPDFName() {
        #expect(pattern(.manual, "证书.pdf") == .manualResult)
        #expect(pattern(.manual, "A.PDF") == .manualResult)
        #expect(pattern(.manual, ".pdf") == nil)
        #expect(pattern(.manual, "a.pdf.txt") == nil)
    }

    @Test func aGovReceiptNamesThePushFileItAnswers() {
        #expect(pattern(.govReceipt, "HZ_SZWJ_20261121_000001.xml")
                == .govReceipt(answers: "SZWJ_20261121_000001.xml", stamp("2026-11-21", "20261121", "000001")))
        #expect(pattern(.govReceipt, "HZ_SZWJ_20261121_01.xml") == nil)
        #expect(pattern(.govReceipt, "SZWJ_20261121_000001.xml") == nil)
    }

    @Test func anArchiveReceiptNamesThePackageItAnswers() {
        let xmdm = "2019-360102-47-03-012345"
        #expect(pattern(.archiveReceipt, "HZ_DA_\(xmdm)_20261202.xml") == .archiveReceipt(package: "DA_\(xmdm)_20261202", xmdm: xmdm))
        #expect(pattern(.archiveReceipt, "HZ_DA_\(xmdm)_20261202_2.xml") == .archiveReceipt(package: "DA_\(xmdm)_20261202_2", xmdm: xmdm))
        #expect(pattern(.archiveReceipt, "HZ_DA_\(xmdm)_20261202_.xml") == nil)
        #expect(pattern(.archiveReceipt, "HZ_DA_\(xmdm)_2026120.xml") == nil)
        #expect(pattern(.archiveReceipt, "HZ_DA_\(xmdm)_20261202_2_3.xml") == nil)
        #expect(pattern(.archiveReceipt, "HZ_DA_\(xmdm)20261202.xml") == nil)
    }

    @Test func oddBytesAndNonUTF8NamesFitNoPattern() {
        let names = [
            FileName(bytes: Array("TZXM_20261120_01".utf8) + [0xFF] + Array(".csv".utf8)),
            FileName(bytes: Array("TZXM_2026112".utf8) + [0xB0, 0xA1] + Array("_01.csv".utf8)),
            FileName(bytes: Array("SGT_BJ_SC".utf8) + [0x00, 0x01] + Array(".xml".utf8)),
            FileName(bytes: Array("TZXM_20261120_01.csv".utf8) + [0x0A]),
            FileName(bytes: Array("RKQQ_２０２６１１２０_01.csv".utf8)),       // full-width digits
        ]
        for name in names {
            for source in Source.all where source != .manual { #expect(DropName(source: source, name: name.escaped) == nil) }
        }
        // A GBK-named PDF is still a manual result; its name stays the escaped bytes.
        let gbk = FileName(bytes: [0xB0, 0xA1, 0x2E, 0x70, 0x64, 0x66])
        #expect(DropName(source: .manual, name: gbk.escaped)?.name == "\\xB0\\xA1.pdf")
    }

    @Test func aNameFitsOnlyItsOwnFolder() {
        for name in ["TZXM_20261120_01.csv", "RKQQ_20261120_01.csv", "DTJG_SGXK_20261120_01.csv", "SGT_BJ_SC1.xml",
                     "HZ_SZWJ_20261121_000001.xml", "HZ_DA_2019-360102-47-03-012345_20261202.xml"] {
            #expect(Source.all.filter { DropName(source: $0, name: name) != nil }.count == 1)
        }
    }

    @Test func theScanCarriesTheParsedNameWithTheReadyFile() {
        let ws = TempWorkspace()
        ws.drop("dtjg", "DTJG_HTBA_20261120_03.csv", text: "x")
        ws.drop("dtjg", "odd.csv", text: "x")
        let scan = Inbox(root: ws.root + "/inbox").scan(.dtjg)
        #expect(scan.ready.map(\.name) == ["DTJG_HTBA_20261120_03.csv", "odd.csv"])
        #expect(scan.ready[0].dropName?.pattern == .resultExport(.contract, stamp("2026-11-20", "20261120", "03")))
        #expect(scan.ready[1].dropName == nil)
    }
}
