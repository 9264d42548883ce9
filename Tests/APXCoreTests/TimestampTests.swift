import Foundation
import Testing
@testable import APXCore

@Suite struct TimestampTests {
    // 2026-11-20T18:30:05Z
    let instant = Date(timeIntervalSince1970: 1_795_199_405)

    @Test func theOffsetIsTheZonesAtThatInstant() {
        #expect(Timestamp.format(instant, in: TimeZone(identifier: "Asia/Shanghai")!) == "2026-11-21T02:30:05+08:00")
        #expect(Timestamp.format(instant, in: TimeZone(identifier: "America/New_York")!) == "2026-11-20T13:30:05-05:00")
        #expect(Timestamp.format(instant, in: TimeZone(identifier: "Asia/Kathmandu")!) == "2026-11-21T00:15:05+05:45")
        let summer = Date(timeIntervalSince1970: 1_784_000_000)   // July 2026: daylight saving time in New York
        #expect(Timestamp.format(summer, in: TimeZone(identifier: "America/New_York")!).hasSuffix("-04:00"))
    }

    @Test func theDayIsTheDateInTheZone() {
        #expect(Timestamp.day(of: instant, in: TimeZone(identifier: "Asia/Shanghai")!).iso == "2026-11-21")
        #expect(Timestamp.day(of: instant, in: TimeZone(identifier: "America/New_York")!).iso == "2026-11-20")
    }

    @Test func parseReadsWhatFormatWrites() {
        for zone in ["Asia/Shanghai", "America/New_York", "Asia/Kathmandu", "UTC"] {
            let text = Timestamp.format(instant, in: TimeZone(identifier: zone)!)
            #expect(Timestamp.parse(text) == instant, "\(text)")
        }
        #expect(Timestamp.parse("2026-11-21") == nil)
        #expect(Timestamp.parse("2026-13-21T02:30:05+08:00") == nil)
    }

    @Test func theZoneSettingIsCheckedWhenTheFileIsRead() throws {
        #expect(try Settings.parse("time.zone = America/New_York\n").timeZone == "America/New_York")
        #expect(Settings().timeZone == "Asia/Shanghai")
        #expect(throws: Settings.ParseError.self) { try Settings.parse("time.zone = Nowhere/Atlantis\n") }
        let periods = try Settings.parse("periods.report_retention_days = 7\nperiods.log_retention_days = 9\nstatus.quarantine_alert_days = 1\n")
        #expect(periods.reportRetentionDays == 7 && periods.logRetentionDays == 9 && periods.quarantineAlertDays == 1)
    }
}
