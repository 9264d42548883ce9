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
}
