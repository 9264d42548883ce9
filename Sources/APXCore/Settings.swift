import Foundation

/// Every configurable value of the spec, with the spec's defaults. A pipeline file
/// (`key = value` lines, `#` comments) overrides any of them; see pipelines/.
public struct Settings: Sendable {
    /// Default text encoding per CSV source (a UTF-8 BOM overrides it).
    public var encodings: [String: String] = [
        "tzxm": "GB18030", "rkqq": "UTF-8", "dtjg": "GB18030", "jsqq": "UTF-8",
    ]
    public var maxXMLBytes: Int64 = 512 << 20
    public var maxCSVBytes: Int64 = 512 << 20
    public var maxPDFBytes: Int64 = 200 << 20
    public var maxCSVFieldBytes = 64 << 10
    public var maxXMLTextBytes = 1 << 20
    public var maxXMLDepth = 64
    /// Pending work older than this goes to a person (warehousing: MIGRATION; results: review).
    public var pendingDays = 30
    public var archiveDeadlineDays = 90
    public var archiveReminderDays = 15
    public var receiptOverdueDays = 3
    public var orphanMarkerDays = 1
    /// A file is quarantined as TOO_MANY_REJECTS when more than `rejectFraction` of its
    /// records, and at least `rejectMinimum`, are rejected.
    public var rejectMinimum = 10
    public var rejectFraction = 0.5
    public var maxRecordsPerPushFile = 5000
    /// How long a run waits for another connection's write lock on the database.
    public var busyTimeoutMilliseconds = 5000
    public var operatorUnit = "江西省工程建设项目审批管理系统"
    /// Folder of `<yyyy>.txt` holiday calendars; empty = the embedded calendars only.
    public var calendarDirectory = ""
    /// Item catalogue file (format of pipelines/catalogue.txt); empty = the shipped catalogue.
    public var catalogueFile = ""
    /// Days processed inputs are kept under archive/ before cron's retention job may remove them.
    public var archiveRetentionDays = 365
    /// `apx watch`: how it notices drops, how often it looks when polling, how long a burst
    /// may settle (quiet time) and gather (window) before a cycle, when the day's duties run.
    public var watch = WatchSettings()
    /// How long a person's command waits for a running cycle's workspace lock before exit 75.
    public var lockWaitSeconds = 30.0
    /// Days reports (`reports/`) and run logs (`logs/`) are kept before `apx prune` removes them.
    public var reportRetentionDays = 180
    public var logRetentionDays = 180
    /// IANA zone of "today", timestamps and run ids.
    public var timeZone = "Asia/Shanghai"
    /// `apx status` asks for a person when the oldest unsettled quarantined file is older than this.
    public var quarantineAlertDays = 3
    /// `apx status` asks for a person when the last nightly run started longer ago than this.
    public var runAlertHours = 36

    public init() {}

    /// The size limit for a delivered file, by its kind (spec 03 limits).
    public func maxBytes(forFileNamed name: String) -> Int64 {
        let lower = name.lowercased()
        if lower.hasSuffix(".xml") { return maxXMLBytes }
        if lower.hasSuffix(".pdf") { return maxPDFBytes }
        return maxCSVBytes
    }

    /// Foundation also resolves abbreviations (`CST` → US Central, `IST`, `BST`); only those
    /// the tz database itself names (`EST`, `CET`, `UTC`) are zones.
    static func isBareAbbreviation(_ value: String) -> Bool {
        guard TimeZone.abbreviationDictionary[value] != nil else { return false }
        let folder = ProcessInfo.processInfo.environment["TZDIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "/usr/share/zoneinfo"
        return !FileManager.default.fileExists(atPath: folder + "/" + value)
    }

    public struct ParseError: Error, CustomStringConvertible, Sendable {
        public let line: Int
        public let message: String
        public var description: String { "pipeline file line \(line): \(message)" }
    }

    /// Applies a pipeline file's text over the defaults.
    public static func parse(_ text: String) throws -> Settings {
        var s = Settings()
        // Lines end in LF or CRLF (one Character in Swift, so `isNewline`); a BOM is ignored.
        for (index, rawLine) in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated() {
            let line = rawLine.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first
                .map { $0.trimmingCharacters(in: CharacterSet.whitespacesAndNewlines.union(CharacterSet(charactersIn: "\u{FEFF}"))) } ?? ""
            if line.isEmpty { continue }
            guard let eq = line.firstIndex(of: "=") else {
                throw ParseError(line: index + 1, message: "expected key = value")
            }
            let key = line[..<eq].trimmingCharacters(in: .whitespaces)
            let value = line[line.index(after: eq)...].trimmingCharacters(in: .whitespaces)
            try s.set(key, value, line: index + 1)
        }
        return s
    }

    private mutating func set(_ key: String, _ value: String, line: Int) throws {
        func int() throws -> Int {
            guard let v = Int(value.replacingOccurrences(of: "_", with: "")), v >= 0 else {
                throw ParseError(line: line, message: "\(key) needs a whole number")
            }
            return v
        }
        switch key {
        case let k where k.hasPrefix("encoding."):
            let source = String(k.dropFirst("encoding.".count))
            let upper = value.uppercased()
            guard ["UTF-8", "GB18030", "GBK"].contains(upper) else {
                throw ParseError(line: line, message: "encoding must be UTF-8, GB18030 or GBK")
            }
            encodings[source] = upper == "GBK" ? "GB18030" : upper
        case "limits.xml_bytes": maxXMLBytes = Int64(try int())
        case "limits.csv_bytes": maxCSVBytes = Int64(try int())
        case "limits.pdf_bytes": maxPDFBytes = Int64(try int())
        case "limits.csv_field_bytes": maxCSVFieldBytes = try int()
        case "limits.xml_text_bytes": maxXMLTextBytes = try int()
        case "limits.xml_depth": maxXMLDepth = try int()
        case "periods.pending_days": pendingDays = try int()
        case "periods.archive_deadline_days": archiveDeadlineDays = try int()
        case "periods.archive_reminder_days": archiveReminderDays = try int()
        case "periods.receipt_overdue_days": receiptOverdueDays = try int()
        case "periods.orphan_marker_days": orphanMarkerDays = try int()
        case "periods.archive_retention_days": archiveRetentionDays = try int()
        case "periods.report_retention_days": reportRetentionDays = try int()
        case "periods.log_retention_days": logRetentionDays = try int()
        case "time.zone":
            guard TimeZone(identifier: value) != nil else {
                throw ParseError(line: line, message: "time.zone must be an IANA zone such as Asia/Shanghai, got \(value)")
            }
            guard !Settings.isBareAbbreviation(value) else {
                throw ParseError(line: line, message: "time.zone \(value) is an abbreviation, which names different zones in different countries (CST is US Central to Foundation); use an IANA zone such as Asia/Shanghai")
            }
            timeZone = value
        case "status.quarantine_alert_days": quarantineAlertDays = try int()
        case "status.run_alert_hours": runAlertHours = try int()
        case "rejects.minimum": rejectMinimum = try int()
        case "rejects.fraction":
            guard let f = Double(value), f > 0, f <= 1 else {
                throw ParseError(line: line, message: "rejects.fraction must be in (0, 1]")
            }
            rejectFraction = f
        case "push.max_records_per_file":
            let v = try int()
            guard v >= 1 else { throw ParseError(line: line, message: "must be at least 1") }
            maxRecordsPerPushFile = v
        case "operator.unit": operatorUnit = value
        case "database.busy_timeout_ms": busyTimeoutMilliseconds = try int()
        case "calendar.directory": calendarDirectory = value
        case "catalogue.file": catalogueFile = value
        case let k where k.hasPrefix("watch."): try watch.set(k, value, line: line)
        case "lock.wait_seconds":
            guard let v = Double(value), v >= 0, v <= 86_400 else {
                throw ParseError(line: line, message: "lock.wait_seconds needs seconds (0 to 86400)")
            }
            lockWaitSeconds = v
        default:
            throw ParseError(line: line, message: "unknown setting \(key)")
        }
    }
}
