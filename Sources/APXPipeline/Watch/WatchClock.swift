import APXCore
import Foundation

/// The watcher's "now", and the local date and time of day it falls on. Test hook: `APX_CLOCK_FILE` names a file holding an
/// ISO 8601 instant (e.g. `2026-10-08T23:59:58+08:00`), read at every look, so a test moves
/// time across midnight; `APX_NOW` fixes the instant. Unset in production.
public struct WatchClock: Sendable {
    let file: String?
    let fixed: Date?

    public init(environment: [String: String]) {
        file = environment["APX_CLOCK_FILE"].flatMap { $0.isEmpty ? nil : $0 }
        fixed = environment["APX_NOW"].flatMap(WatchClock.parse)
    }

    public func now() -> Date {
        if let file, let text = try? String(contentsOfFile: file, encoding: .utf8), let date = WatchClock.parse(text) {
            return date
        }
        return fixed ?? Date()
    }

    /// The date and the time of day as every timestamp of apx writes them (`Timestamp.format`,
    /// the operator's zone), so a cycle's as-of day is the date its timestamps carry.
    public func localDay(_ date: Date) -> Day {
        Day(iso: String(Timestamp.format(date).prefix(10))) ?? Timestamp.today()
    }

    public func minutesOfDay(_ date: Date) -> Int {
        let time = Array(Timestamp.format(date).utf8.dropFirst(11).prefix(5))   // HH:mm
        guard time.count == 5 else { return 0 }
        func digit(_ i: Int) -> Int { Int(time[i]) - 48 }
        return (digit(0) * 10 + digit(1)) * 60 + digit(3) * 10 + digit(4)
    }

    static func parse(_ text: String) -> Date? {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.date(from: text.trimmingCharacters(in: .whitespacesAndNewlines))
    }
}
