import APXCore
import Foundation

/// Working days (spec 03): weekdays, minus public holidays, plus make-up working days,
/// from one calendar file per year (`yyyy-MM-dd holiday|workday`). A year without a file
/// counts Monday–Friday, and `missingYears` says so for the run's report.
public final class WorkingCalendar: @unchecked Sendable {
    private var holidays: Set<Day> = []
    private var workdays: Set<Day> = []
    public private(set) var years: Set<Int> = []
    private let lock = NSLock()
    private var usedMissing: Set<Int> = []

    public struct ParseError: Error, CustomStringConvertible, Sendable {
        public let message: String
        public var description: String { message }
    }

    /// The calendars shipped with apx, plus `<yyyy>.txt` files of `directory` (which win).
    public init(directory: String = "") throws {
        try add(WorkingCalendar.shipped2026, name: "2026 (shipped)")
        guard !directory.isEmpty else { return }
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        for name in names.sorted() where name.hasSuffix(".txt") && Int(name.dropLast(4)) != nil {
            let year = Int(name.dropLast(4))!
            holidays = holidays.filter { $0.year != year }
            workdays = workdays.filter { $0.year != year }
            guard let text = try? String(contentsOfFile: directory + "/" + name, encoding: .utf8) else {
                throw ParseError(message: "cannot read calendar \(name)")
            }
            try add(text, name: name)
        }
    }

    public func add(_ text: String, name: String) throws {
        // `isNewline`: a CRLF is one Character in Swift, never equal to "\n".
        for (i, raw) in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated() {
            let line = raw.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
            // Words after the kind (e.g. the holiday's name) are a comment; a BOM is ignored.
            let words = line.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\r" || $0 == "\u{FEFF}" || $0 == "\u{3000}" })
            if words.isEmpty { continue }
            guard words.count >= 2, let day = Day(iso: String(words[0])) else {
                throw ParseError(message: "calendar \(name) line \(i + 1): expected `yyyy-MM-dd holiday|workday`")
            }
            switch words[1] {
            case "holiday": holidays.insert(day)
            case "workday": workdays.insert(day)
            default: throw ParseError(message: "calendar \(name) line \(i + 1): expected holiday or workday")
            }
            years.insert(day.year)
        }
    }

    public func isWorkingDay(_ day: Day) -> Bool {
        if !years.contains(day.year) {
            lock.lock(); usedMissing.insert(day.year); lock.unlock()
        }
        if workdays.contains(day) { return true }
        if holidays.contains(day) { return false }
        return day.weekday <= 5
    }

    /// Working days in (start, end]: the day of acceptance does not count.
    public func workingDays(after start: Day, through end: Day) -> Int {
        guard end > start else { return 0 }
        var n = 0
        var d = start.adding(days: 1)
        while d <= end {
            if isWorkingDay(d) { n += 1 }
            d = d.adding(days: 1)
        }
        return n
    }

    /// Working days from an acceptance to a finish, given as timestamps or dates (their
    /// `yyyy-MM-dd` part counts); nil when either is missing.
    public func workingDaysUsed(acceptedAt: String, finishedAt: String) -> Int? {
        guard let start = Day(iso: String(acceptedAt.prefix(10))), let end = Day(iso: String(finishedAt.prefix(10))) else { return nil }
        return workingDays(after: start, through: end)
    }

    /// The `count`-th working day after `start` (the deadline of a promised time limit).
    public func addingWorkingDays(_ count: Int, to start: Day) -> Day {
        var d = start
        var left = max(0, count)
        while left > 0 {
            d = d.adding(days: 1)
            if isWorkingDay(d) { left -= 1 }
        }
        return d
    }

    /// Years looked at without a calendar file (counted Monday–Friday).
    public var missingYears: [Int] {
        lock.lock(); defer { lock.unlock() }
        return usedMissing.sorted()
    }

    static let shipped2026 = """
# 国务院办公厅关于2026年部分节假日安排的通知 (4 Nov 2025). `yyyy-MM-dd holiday|workday`.
2026-01-01 holiday
2026-01-02 holiday
2026-01-03 holiday
2026-01-04 workday
2026-02-14 workday
2026-02-15 holiday
2026-02-16 holiday
2026-02-17 holiday
2026-02-18 holiday
2026-02-19 holiday
2026-02-20 holiday
2026-02-21 holiday
2026-02-22 holiday
2026-02-23 holiday
2026-02-28 workday
2026-04-04 holiday
2026-04-05 holiday
2026-04-06 holiday
2026-05-01 holiday
2026-05-02 holiday
2026-05-03 holiday
2026-05-04 holiday
2026-05-05 holiday
2026-05-09 workday
2026-06-19 holiday
2026-06-20 holiday
2026-06-21 holiday
2026-09-20 workday
2026-09-25 holiday
2026-09-26 holiday
2026-09-27 holiday
2026-10-01 holiday
2026-10-02 holiday
2026-10-03 holiday
2026-10-04 holiday
2026-10-05 holiday
2026-10-06 holiday
2026-10-07 holiday
2026-10-10 workday
"""
}
