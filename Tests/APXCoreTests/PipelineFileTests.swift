import Foundation
import Testing
@testable import APXCore

/// The pipeline file as operators save it: on Windows (BOM, CRLF), with abbreviations for zones.
@Suite struct PipelineFileTests {
    @Test func aFileSavedOnWindowsReadsLineByLine() throws {
        let text = "\u{FEFF}# 流水线\r\ntime.zone = UTC\r\nperiods.pending_days = 10\r\n\r\noperator.unit = 某单位\r\n"
        let s = try Settings.parse(text)
        #expect(s.timeZone == "UTC")
        #expect(s.pendingDays == 10)
        #expect(s.operatorUnit == "某单位")
    }

    @Test func aBadLineInACRLFFileIsNamedByItsNumber() {
        do {
            _ = try Settings.parse("time.zone = UTC\r\nno.such = 1\r\n")
            Issue.record("accepted an unknown key")
        } catch let e as Settings.ParseError {
            #expect(e.line == 2)
        } catch { Issue.record("\(error)") }
    }

    @Test func zoneAbbreviationsAreRefusedAndTzDatabaseNamesKept() throws {
        for bad in ["CST", "IST", "BST", "PST"] {
            #expect(throws: Settings.ParseError.self, "\(bad)") { try Settings.parse("time.zone = \(bad)\n") }
        }
        for good in ["UTC", "EST", "PRC", "Etc/GMT-8", "GMT+8", "Asia/Shanghai"] {
            #expect(try Settings.parse("time.zone = \(good)\n").timeZone == good)
        }
    }
}
