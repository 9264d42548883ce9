import APXCore
import Testing
@testable import APXOutbox

/// Spec 04: notices are opened in spreadsheet programs, so a cell that starts like a formula
/// gets a leading apostrophe; nothing else changes.
@Suite struct NoticeFileFormulaTests {
    func cells(_ bytes: [UInt8]) -> String { String(decoding: bytes.dropFirst(3), as: UTF8.self) }

    @Test func aCellStartingWithAFormulaCharacterGetsALeadingApostrophe() {
        let row = ["=HYPERLINK(\"http://x\",\"y\")", "+1", "-2", "@SUM(A1)", "\tx", "\rx", "a=b", "", "2026-10-08T09:00:00+08:00"]
        let text = cells(NoticeFile.render([row]))
        let line = text.components(separatedBy: "\r\n")[1...].joined(separator: "\r\n")
        #expect(line == "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",'+1,'-2,'@SUM(A1),'\tx,\"'\rx\",a=b,,2026-10-08T09:00:00+08:00\r\n")
    }

    @Test func theHeaderAndOrdinaryCellsAreUnchanged() {
        let text = cells(NoticeFile.render([["TZ20261008000001", "JSBH", "2019-360102-47-03-012345", "", "", "南昌-建投", "", "退回", "t"]]))
        #expect(text == "TZBH,LX,XMDM,GCDM,DWTYSHXYDM,DWMC,SXBM,NR,SJ\r\nTZ20261008000001,JSBH,2019-360102-47-03-012345,,,南昌-建投,,退回,t\r\n")
    }

    @Test func otherCSVKeepsItsValuesByteExact() {
        #expect(CSVText.line(["=1", "-2"]) == "=1,-2\r\n")   // rejects.csv and package lists carry raw values
    }
}
