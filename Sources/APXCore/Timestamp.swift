import Foundation

/// Wall-clock timestamps in China Standard Time (+08:00), as the spec writes them.
public enum Timestamp {
    public static func now() -> String { format(Date()) }

    public static func format(_ date: Date) -> String {
        let seconds = Int(date.timeIntervalSince1970.rounded(.down)) + 8 * 3600
        let day = Day(ordinal: Int((Double(seconds) / 86400).rounded(.down)))
        let rem = ((seconds % 86400) + 86400) % 86400
        return "\(day.iso)T\(pad(rem / 3600, 2)):\(pad(rem % 3600 / 60, 2)):\(pad(rem % 60, 2))+08:00"
    }

    /// Today's date in the machine's local time zone (spec 05: `--as-of` defaults to the
    /// local date; the deployment's machines run on Asia/Shanghai).
    public static func today() -> Day {
        let seconds = Int(Date().timeIntervalSince1970) + TimeZone.current.secondsFromGMT()
        return Day(ordinal: Int((Double(seconds) / 86400).rounded(.down)))
    }

    /// A sortable, unique run id: `yyyyMMddTHHmmss-<pid>`.
    public static func runID(date: Date = Date()) -> String {
        let t = format(date)
        let compact = t.prefix(19).replacingOccurrences(of: "-", with: "").replacingOccurrences(of: ":", with: "")
        return "\(compact)-\(ProcessInfo.processInfo.processIdentifier)"
    }
}
