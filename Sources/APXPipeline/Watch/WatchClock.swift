import APXCore
import Foundation

/// The watcher's "now", and the local date and time of day it falls on (the machine's time
/// zone, as `apx run`'s default as-of). Test hook: `APX_CLOCK_FILE` names a file holding an
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

    public func localDay(_ date: Date) -> Day {
        Day(ordinal: Int((local(date) / 86_400).rounded(.down)))
    }

    public func minutesOfDay(_ date: Date) -> Int {
        let seconds = Int(local(date).rounded(.down))
        return ((seconds % 86_400) + 86_400) % 86_400 / 60
    }

    private func local(_ date: Date) -> Double {
        date.timeIntervalSince1970 + Double(TimeZone.current.secondsFromGMT(for: date))
    }

    static func parse(_ text: String) -> Date? {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.date(from: text.trimmingCharacters(in: .whitespacesAndNewlines))
    }
}
