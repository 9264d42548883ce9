import APXCore
import APXDrop
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// `apx prune`: removes processed inputs (`archive/<yyyy-MM-dd>/`), reports and run logs
/// older than their retention periods. Never outbox/, db/ or quarantine/ (quarantined
/// inputs are kept until a person settles them; prune does not touch quarantine at all).
public struct Prune {
    public struct Area: Sendable {
        public let name: String
        public let keepDays: Int
        public var removed: [String] = []
        public var kept = 0
    }

    public let workspace: Workspace
    public let settings: Settings
    public let asOf: Day
    public let dryRun: Bool
    /// Workspace-relative paths kept whatever their age: documents results refer to
    /// (`Store.documentPaths`), which a later archive handover package is built from.
    public let retained: Set<String>

    public init(workspace: Workspace, settings: Settings, asOf: Day, dryRun: Bool = false, retained: Set<String> = []) {
        self.workspace = workspace
        self.settings = settings
        self.asOf = asOf
        self.dryRun = dryRun
        self.retained = retained
    }

    /// Everything dated before `asOf - days` goes. `archive/` entries are dated by their
    /// folder name (the as-of day they were processed; other names are kept); reports and logs
    /// by the run id their name starts with or their modification day, whichever is earlier.
    public func run() throws -> [Area] {
        var archive = Area(name: "archive", keepDays: settings.archiveRetentionDays)
        var reports = Area(name: "reports", keepDays: settings.reportRetentionDays)
        var logs = Area(name: "logs", keepDays: settings.logRetentionDays)
        try sweep(workspace.archive, &archive) { name, _ in Day(iso: name) }
        try sweep(workspace.reports, &reports, Prune.fileDay)
        try sweep(workspace.logs, &logs, Prune.fileDay)
        return [archive, reports, logs]
    }

    /// The earlier of a run-named file's day and its modification day.
    static func fileDay(_ name: String, _ st: stat) -> Day? {
        let modified = Timestamp.day(of: Date(timeIntervalSince1970: Double(st.st_mtim.tv_sec)))
        guard let named = runDay(name) else { return modified }
        return min(named, modified)
    }

    /// The day in a run-named file: `yyyyMMddTHHmmss-<pid>.<ext>`.
    static func runDay(_ name: String) -> Day? {
        let digits = Array(name.prefix(8))
        guard digits.count == 8, digits.allSatisfy(\.isASCIIDigit) else { return nil }
        let s = String(digits)
        return Day(iso: "\(s.prefix(4))-\(s.dropFirst(4).prefix(2))-\(s.dropFirst(6))")
    }

    private func sweep(_ folder: String, _ area: inout Area, _ day: (String, stat) -> Day?) throws {
        let cutoff = asOf.adding(days: -area.keepDays)
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return }
        for name in names.sorted() {
            let path = folder + "/" + name
            var st = stat()
            guard lstat(path, &st) == 0, let d = day(name, st), d < cutoff else { area.kept += 1; continue }
            let relative = String(path.dropFirst(workspace.root.count + 1))
            if (st.st_mode & S_IFMT) == S_IFDIR, retained.contains(where: { $0.hasPrefix(relative + "/") }) {
                // A day that still holds retained documents: everything else in it goes.
                if try sweepAround(path, relative: relative, &area) { area.kept += 1 }
                continue
            }
            area.removed.append(path)
            if dryRun { continue }
            if (st.st_mode & S_IFMT) == S_IFDIR {
                try FileManager.default.removeItem(atPath: path)   // links inside are unlinked, never followed
            } else if unlink(path) != 0 {
                throw FileError("unlink", path)
            }
        }
        if !dryRun && !area.removed.isEmpty { try? DurableFile.syncDirectory(folder) }
    }

    /// Removes what under `path` is not retained (links unlinked, never followed); folders that
    /// still hold retained files stay. True when something retained is left.
    /// Names are listed as bytes and paths kept in apx's escaped form (partners' names need
    /// not be UTF-8), the form the documents' paths are stored in.
    private func sweepAround(_ path: String, relative: String, _ area: inout Area) throws -> Bool {
        guard let st = RawPath.lstat(path) else { return false }
        if (st.st_mode & S_IFMT) != S_IFDIR {
            if retained.contains(relative) { return true }
            area.removed.append(path)
            if !dryRun && RawPath.unlink(path) != 0 { throw FileError("unlink", path) }
            return false
        }
        var keptAny = false
        let names = try Inbox.list(path).get().sorted()
        for name in names {
            if try sweepAround(path + "/" + name.escaped, relative: relative + "/" + name.escaped, &area) { keptAny = true }
        }
        if !keptAny {
            area.removed.append(path)
            if !dryRun && RawPath.with(path, { rmdir($0) }) != 0 { throw FileError("rmdir", path) }
        }
        return keptAny
    }
}
