import APXCore
import Foundation
import Testing
@testable import APXDomain

/// Calendars (added by operators every November) and catalogues saved by a Windows editor:
/// CRLF line ends and a BOM. A CRLF calendar beginning with its comment line used to load as
/// one comment — no holidays at all, silently.
@Suite struct WindowsSavedReferenceTests {
    static func windows(_ text: String) -> String { "\u{FEFF}" + text.replacingOccurrences(of: "\n", with: "\r\n") }

    @Test func aCRLFCalendarWithACommentFirstLoadsEveryDay() throws {
        let c = try WorkingCalendar()
        try c.add(Self.windows("# 2027 通知\n2027-01-01 holiday\n2027-02-06 workday\n"), name: "2027.txt")
        #expect(!c.isWorkingDay(Day(iso: "2027-01-01")!))   // a Friday, a holiday
        #expect(c.isWorkingDay(Day(iso: "2027-02-06")!))    // a make-up Saturday
        #expect(c.missingYears.isEmpty)
    }

    @Test func aBadLineInACRLFCalendarIsNamedByItsNumber() throws {
        let c = try WorkingCalendar()
        #expect(throws: WorkingCalendar.ParseError.self) { try c.add(Self.windows("2027-01-01 holiday\n2027-01-02 feast\n"), name: "2027.txt") }
    }

    @Test func aCRLFCatalogueReadsAsTheShippedOne() throws {
        let c = try Catalogue.parse(Self.windows(Catalogue.standardText))
        #expect(c.codes == Catalogue.standard.codes)
        for code in c.codes { #expect(c[code]?.name == Catalogue.standard[code]?.name, "\(code)") }
    }
}
