import APXCore
import Foundation
import Testing
@testable import APXDomain

@Suite struct CatalogueTests {
    @Test func shippedFileEqualsTheEmbeddedDefault() throws {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("pipelines/catalogue.txt").path
        let file = try Catalogue.parse(String(contentsOfFile: path, encoding: .utf8))
        #expect(file.codes == Catalogue.standard.codes)
        for code in file.codes {
            #expect(file[code]?.prerequisites == Catalogue.standard[code]?.prerequisites)
            #expect(file[code]?.stage == Catalogue.standard[code]?.stage)
        }
    }

    @Test func theTwoSpecialRulesAreData() throws {
        let c = Catalogue.standard
        let sgtsc = try #require(c["SGTSC"]?.prerequisites.first)
        #expect(sgtsc.item == "GHXK")
        #expect(sgtsc.applies(to: ["RQSL": "0"]))
        #expect(!sgtsc.applies(to: ["RQSL": "1"]))
        let sght = try #require(c["SGHT"]?.prerequisites.first)
        #expect(sght.applies(to: ["ZBFS": "1"]) && sght.applies(to: ["ZBFS": "2"]))
        #expect(!sght.applies(to: ["ZBFS": "3"]))
        #expect(c["SGXK"]?.prerequisites.map(\.item) == ["SGTSC", "SGHT", "JLHT"])
        #expect(c["ZBTZS"]?.carriesDocument == false && c["GHXK"]?.carriesDocument == true)
    }

    @Test func addingAnItemNeedsNoCode() throws {
        let c = try Catalogue.parse(Catalogue.standardText + "\nJDXK | 3 | xfjd | yes | SGXK; GHXK unless RQSL=1 | 节能审查意见\n")
        #expect(c["JDXK"]?.prerequisites.map(\.item) == ["SGXK", "GHXK"])
        #expect(c["JDXK"]?.name == "节能审查意见")
    }

    /// spec 01: the catalogue ships as data "so that items can be added" — a file edited on
    /// Windows (CRLF, BOM) reads the same.
    @Test func aCatalogueFileWithCRLFReadsTheSame() throws {
        let text = "\u{FEFF}" + Catalogue.standardText.replacingOccurrences(of: "\n", with: "\r\n")
            + "\r\nJDXK | 3 | xfjd | yes | SGXK | 节能审查意见\r\n"
        let c = try Catalogue.parse(text)
        #expect(c["JDXK"]?.prerequisites.map(\.item) == ["SGXK"])
        #expect(c["YDGH"] != nil && c["SGXK"]?.prerequisites.count == 3)
    }

    @Test func unknownPrerequisiteOrBadLineIsRefused() {
        #expect(throws: Catalogue.ParseError.self) { try Catalogue.parse("A | 1 | x | yes | NOPE | a") }
        #expect(throws: Catalogue.ParseError.self) { try Catalogue.parse("A | 9 | x | yes |  | a") }
        #expect(throws: Catalogue.ParseError.self) { try Catalogue.parse("A | 1 | x | yes | A when X=1 | a") }
    }
}

@Suite struct NameMatchTests {
    @Test func sectionSuffixes() {
        let name = "青山湖区湖坊镇安置房建设项目"
        for ok in [name, name + "一标段", name + "1#楼", name + "（二期）3号楼", name + "第2标段", " 青山湖区湖坊镇 安置房建设项目A区"] {
            #expect(NameMatch.matches(ok, references: [name]), "\(ok)")
        }
        for bad in [name + "配套", "抚河公园", name + "标段", String(name.dropLast())] {
            #expect(!NameMatch.matches(bad, references: [name]), "\(bad)")
        }
        #expect(NameMatch.matches("主桥一标段", references: ["赣江大桥", "主桥"]))
    }
}

@Suite struct WorkingCalendarTests {
    let calendar = try! WorkingCalendar()

    @Test func holidaysAndMakeUpDaysOf2026() {
        #expect(!calendar.isWorkingDay(Day(iso: "2026-10-01")!))    // National Day, Thursday
        #expect(calendar.isWorkingDay(Day(iso: "2026-10-10")!))     // make-up Saturday
        #expect(calendar.isWorkingDay(Day(iso: "2026-02-14")!))
        #expect(!calendar.isWorkingDay(Day(iso: "2026-11-21")!))    // an ordinary Saturday
        #expect(calendar.missingYears.isEmpty)
    }

    @Test func theDayOfAcceptanceDoesNotCount() {
        // Mon 2026-11-09 → Fri 2026-11-20: 9 working days after the acceptance day.
        #expect(calendar.workingDays(after: Day(iso: "2026-11-09")!, through: Day(iso: "2026-11-20")!) == 9)
        // Across National Day: 2026-09-30 (Wed) + 3 working days = Fri 2026-10-09? No: 10-08 (Thu), 10-09 (Fri), 10-10 (Sat, make-up).
        #expect(calendar.addingWorkingDays(3, to: Day(iso: "2026-09-30")!).iso == "2026-10-10")
    }

    @Test func aYearWithoutACalendarCountsMondayToFridayAndSaysSo() {
        let c = try! WorkingCalendar()
        #expect(!c.isWorkingDay(Day(iso: "2027-01-02")!))
        #expect(c.isWorkingDay(Day(iso: "2027-01-01")!))            // a Friday, no 2027 file yet
        #expect(c.missingYears == [2027])
    }

    /// spec 03: the calendar file is "a plain text list of `yyyy-MM-dd holiday` /
    /// `yyyy-MM-dd workday` lines" — as operators write it: with a BOM, CRLF, the holiday's
    /// name after the kind. A line without a kind is still refused.
    @Test func aCalendarFileAsOperatorsWriteIt() throws {
        let c = try WorkingCalendar()
        try c.add("\u{FEFF}2027-01-01 holiday 元旦\r\n2027-02-07\tworkday  # 春节调休\r\n\r\n2027-02-11 holiday\r\n", name: "2027.txt")
        #expect(!c.isWorkingDay(Day(iso: "2027-01-01")!))
        #expect(c.isWorkingDay(Day(iso: "2027-02-07")!))            // a Sunday, make-up day
        #expect(!c.isWorkingDay(Day(iso: "2027-02-11")!))
        #expect(c.missingYears.isEmpty)
        #expect(throws: WorkingCalendar.ParseError.self) { try c.add("2027-03-01\n", name: "bad.txt") }
        #expect(throws: WorkingCalendar.ParseError.self) { try c.add("2027-03-01 holyday\n", name: "bad.txt") }
    }
}
