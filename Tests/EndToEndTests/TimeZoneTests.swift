import Foundation
import Testing
import TestSupport

/// One setting, `time.zone` (default Asia/Shanghai), drives the default as-of date, the
/// timestamps' offset and the run id.
@Suite struct TimeZoneTests {
    static func localDate(_ zone: String, _ date: Date) -> (iso: String, compact: String) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: zone)!
        let c = calendar.dateComponents([.year, .month, .day], from: date)
        let iso = String(format: "%04d-%02d-%02d", c.year!, c.month!, c.day!)
        return (iso, iso.replacingOccurrences(of: "-", with: ""))
    }

    func runWithoutAsOf(zone: String?) throws -> (summary: [String: Any], status: [String: Any], before: Date, after: Date) {
        let ws = TempWorkspace("apx-tz")
        var extra: [String] = []
        if let zone {
            let conf = ws.path("tz.conf")
            try "time.zone = \(zone)\n".write(toFile: conf, atomically: true, encoding: .utf8)
            extra = ["--pipeline", conf]
        }
        let before = Date()
        let r = APXProcess.run(["run", "--root", ws.root, "--json"] + extra, environment: ["TZ": "UTC"])
        let after = Date()
        #expect(r.status == 0, "\(r.stderr)")
        let s = APXProcess.run(["status", "--root", ws.root, "--json"] + extra)
        return (r.object, s.object, before, after)
    }

    @Test(arguments: ["America/New_York", "Pacific/Kiritimati", "Asia/Kathmandu"])
    func theConfiguredZoneDrivesAsOfTimestampsAndRunID(zone: String) throws {
        let (summary, status, before, after) = try runWithoutAsOf(zone: zone)
        let expected = [Self.localDate(zone, before), Self.localDate(zone, after)]
        #expect(expected.map(\.iso).contains(summary["asOf"] as? String ?? ""), "\(summary["asOf"] ?? "")")
        let run = summary["run"] as? String ?? ""
        #expect(expected.map(\.compact).contains(String(run.prefix(8))), "\(run)")
        let offset = TimeZone(identifier: zone)!.secondsFromGMT(for: before)
        let sign = offset < 0 ? "-" : "+"
        let text = String(format: "%@%02d:%02d", sign, abs(offset) / 3600, abs(offset) % 3600 / 60)
        #expect((value(status, "lastRun", "startedAt") as? String)?.hasSuffix(text) == true, "\(value(status, "lastRun", "startedAt") ?? "") \(text)")
    }

    @Test func withoutASettingTheZoneIsAsiaShanghaiWhateverTheMachineSays() throws {
        let (summary, status, before, after) = try runWithoutAsOf(zone: nil)
        let expected = [Self.localDate("Asia/Shanghai", before).iso, Self.localDate("Asia/Shanghai", after).iso]
        #expect(expected.contains(summary["asOf"] as? String ?? ""))
        #expect((value(status, "lastRun", "startedAt") as? String)?.hasSuffix("+08:00") == true)
    }

    @Test func anUnknownZoneIsAWrongPipelineFile() throws {
        let ws = TempWorkspace("apx-tz-bad")
        let conf = ws.path("bad.conf")
        try "time.zone = Mars/Olympus\n".write(toFile: conf, atomically: true, encoding: .utf8)
        let r = APXProcess.run(["run", "--root", ws.root, "--pipeline", conf])
        #expect(r.status == 64)
        #expect(r.stderr.contains("time.zone"))
    }
}
