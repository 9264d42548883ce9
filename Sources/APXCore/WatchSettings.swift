/// Settings of `apx watch` (pipeline keys `watch.*`).
public struct WatchSettings: Sendable, Equatable {
    /// How drops are noticed: inotify where the file system supports it (`auto` falls back
    /// to polling when it does not, e.g. a network mount), or polling only.
    public enum Mode: String, Sendable { case auto, inotify, poll }

    public var mode = Mode.auto
    /// Seconds between looks at the inbox when polling.
    public var pollSeconds = 1.0
    /// A burst is taken once no new drop arrived for this long…
    public var quietMilliseconds = 200
    /// …or once this long has passed since its first drop, whichever comes first.
    public var batchWindowMilliseconds = 1000
    /// Local time of the day's duties, in minutes after midnight (default 02:00).
    public var dailyAtMinutes = 120

    public init() {}

    mutating func set(_ key: String, _ value: String, line: Int) throws {
        func number(_ range: ClosedRange<Double>) throws -> Double {
            guard let v = Double(value), range.contains(v) else {
                throw Settings.ParseError(line: line, message: "\(key) needs a number in \(range.lowerBound)…\(range.upperBound)")
            }
            return v
        }
        switch key {
        case "watch.mode":
            guard let m = Mode(rawValue: value.lowercased()) else {
                throw Settings.ParseError(line: line, message: "watch.mode must be auto, inotify or poll")
            }
            mode = m
        case "watch.poll_seconds": pollSeconds = try number(0.05...3600)
        case "watch.quiet_ms": quietMilliseconds = Int(try number(0...60_000))
        case "watch.batch_window_ms": batchWindowMilliseconds = Int(try number(0...600_000))
        case "watch.daily_at":
            let parts = value.split(separator: ":", omittingEmptySubsequences: false)
            guard parts.count == 2, parts.allSatisfy({ $0.count == 2 && $0.allSatisfy(\.isASCIIDigit) }),
                  let h = Int(parts[0]), let m = Int(parts[1]), h < 24, m < 60 else {
                throw Settings.ParseError(line: line, message: "watch.daily_at needs a local time HH:MM")
            }
            dailyAtMinutes = h * 60 + m
        default:
            throw Settings.ParseError(line: line, message: "unknown setting \(key)")
        }
    }
}
