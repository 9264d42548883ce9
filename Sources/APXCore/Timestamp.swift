import Foundation

/// Wall-clock timestamps, "today" and run ids in the configured time zone (pipeline key
/// `time.zone`, default Asia/Shanghai), written `yyyy-MM-ddTHH:mm:ss+08:00`.
public enum Timestamp {
    public static let defaultZone = "Asia/Shanghai"

    /// Set once at start (`configure`) before any work; read everywhere after.
    nonisolated(unsafe) public private(set) static var zone: TimeZone = TimeZone(identifier: defaultZone)!

    /// Uses the IANA zone `identifier`; false (and no change) for an unknown one.
    @discardableResult
    public static func configure(zone identifier: String) -> Bool {
        guard let z = TimeZone(identifier: identifier) else { return false }
        zone = z
        nowCache.reset()
        return true
    }

    /// `format(Date())`, formatted at most once per wall-clock second (a run stamps many
    /// rows a second; the text only changes with the second).
    public static func now() -> String { nowCache.text(for: Date()) }

    private static let nowCache = SecondCache()

    private final class SecondCache: @unchecked Sendable {
        private let lock = NSLock()
        private var second = Int.min
        private var formatted = ""

        func text(for date: Date) -> String {
            let s = Int(date.timeIntervalSince1970.rounded(.down))
            lock.lock()
            defer { lock.unlock() }
            if s != second {
                second = s
                formatted = Timestamp.format(date)
            }
            return formatted
        }

        func reset() {
            lock.lock()
            second = Int.min
            lock.unlock()
        }
    }

    public static func format(_ date: Date, in zone: TimeZone = Timestamp.zone) -> String {
        let offset = zone.secondsFromGMT(for: date)
        let seconds = Int(date.timeIntervalSince1970.rounded(.down)) + offset
        let day = Day(ordinal: Int((Double(seconds) / 86400).rounded(.down)))
        let rem = ((seconds % 86400) + 86400) % 86400
        return "\(day.iso)T\(pad(rem / 3600, 2)):\(pad(rem % 3600 / 60, 2)):\(pad(rem % 60, 2))\(offsetText(offset))"
    }

    /// `+08:00`, `-05:00`, `+05:45`.
    public static func offsetText(_ seconds: Int) -> String {
        let sign = seconds < 0 ? "-" : "+"
        let minutes = abs(seconds) / 60
        return "\(sign)\(pad(minutes / 60, 2)):\(pad(minutes % 60, 2))"
    }

    /// The date in the configured zone at `date` (spec 05: `--as-of` defaults to it).
    public static func day(of date: Date, in zone: TimeZone = Timestamp.zone) -> Day {
        let seconds = Int(date.timeIntervalSince1970.rounded(.down)) + zone.secondsFromGMT(for: date)
        return Day(ordinal: Int((Double(seconds) / 86400).rounded(.down)))
    }

    public static func today() -> Day { day(of: Date()) }

    /// Parses what `format` writes (any offset) back into an instant.
    public static func parse(_ text: String) -> Date? {
        let chars = Array(text.utf8)
        guard chars.count == 25, let day = Day(iso: String(text.prefix(10))) else { return nil }
        func num(_ from: Int, _ count: Int) -> Int? { Int(String(decoding: chars[from..<from + count], as: UTF8.self)) }
        guard let h = num(11, 2), let m = num(14, 2), let s = num(17, 2), let oh = num(20, 2), let om = num(23, 2) else { return nil }
        let sign = chars[19] == UInt8(ascii: "-") ? -1 : 1
        let local = day.ordinal * 86400 + h * 3600 + m * 60 + s
        return Date(timeIntervalSince1970: Double(local - sign * (oh * 3600 + om * 60)))
    }

    /// A sortable, unique run id: `yyyyMMddTHHmmss-<pid>` (local time in the configured zone).
    public static func runID(date: Date = Date()) -> String {
        let t = format(date)
        let compact = t.prefix(19).replacingOccurrences(of: "-", with: "").replacingOccurrences(of: ":", with: "")
        return "\(compact)-\(ProcessInfo.processInfo.processIdentifier)"
    }
}
