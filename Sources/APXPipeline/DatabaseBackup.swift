import APXCore
import APXDrop
import APXStore
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// `apx backup`: an online copy of the approval database, integrity-checked before it
/// appears under its name (temp name → check → fsync → rename).
public struct DatabaseBackup {
    public enum Failure: Error, CustomStringConvertible, Sendable {
        case exists(String)
        case integrity(String, [String])
        case intoDatabaseFolder(String)
        /// Into a folder apx or its partners act on (inbox, outbox, quarantine, archive,
        /// reports, logs) or over a dot-file of the root (the lock files).
        case intoWorkspaceArea(String, area: String)
        /// `--force` over something that is not a regular file (a device, a folder, a link).
        case notARegularFile(String)
        /// Writing the copy failed (e.g. its disk is full); the live database is untouched.
        case copyFailed(String, String)
        public var description: String {
            switch self {
            case .intoDatabaseFolder(let path): return "\(path) is in the database's own folder; back up to another place (another disk)"
            case .intoWorkspaceArea(let path, let area):
                return "\(path) is inside the workspace's \(area); back up to another place (another disk)"
            case .copyFailed(let path, let cause):
                return "writing the copy \(path) failed (\(cause)); nothing was written there, the database is untouched"
            case .notARegularFile(let path): return "\(path): it exists and is not a regular file; --force replaces only a file"
            case .exists(let path): return "\(path) exists; choose another name, a folder, or --force to replace it"
            case .integrity(let path, let lines):
                return "the copy failed PRAGMA integrity_check (\(lines.prefix(3).joined(separator: "; "))); nothing was written at \(path)"
            }
        }
    }

    public struct Outcome: Sendable {
        public let path: String
        public let bytes: Int64
        public let seconds: Double
        public let removed: [String]
    }

    public static let prefix = "approval-"
    public static let suffix = ".sqlite"

    /// `to` is a file, or a folder (existing, or written with a trailing `/`) that receives
    /// `approval-<yyyyMMddTHHmmss>.sqlite`; in a folder, `keep` newest copies are kept.
    public static func run(workspace: Workspace, to: String, force: Bool, keep: Int?, now: Date = Date()) throws -> Outcome {
        let start = Date()
        var isDir: ObjCBool = false
        let toFolder = to.hasSuffix("/") || (FileManager.default.fileExists(atPath: to, isDirectory: &isDir) && isDir.boolValue)
        let folder: String, name: String
        if toFolder {
            folder = to.hasSuffix("/") && to.count > 1 ? String(to.dropLast()) : to
            try refuseWorkspaceArea(workspace, folder: folder, name: nil, shown: folder)
            try DurableFile.makeDirectories(folder)
            // approval-yyyyMMddTHHmmss-mmm.sqlite: sorts by time; a taken name moves a millisecond on.
            var instant = now
            var candidate: String
            repeat {
                let stamp = Timestamp.format(instant).prefix(19).replacingOccurrences(of: "-", with: "").replacingOccurrences(of: ":", with: "")
                let millis = Int((instant.timeIntervalSince1970 * 1000).rounded(.down)) % 1000
                candidate = prefix + stamp + "-" + String(format: "%03d", millis) + suffix
                instant = instant.addingTimeInterval(0.001)
            } while DurableFile.exists(folder + "/" + candidate)
            name = candidate
        } else {
            folder = (to as NSString).deletingLastPathComponent.isEmpty ? "." : (to as NSString).deletingLastPathComponent
            name = (to as NSString).lastPathComponent
        }
        let final = folder + "/" + name
        // Never over the live database or beside it (its -wal/-shm belong to it).
        let resolvedFolder = (folder as NSString).resolvingSymlinksInPath
        if resolvedFolder == (workspace.db as NSString).resolvingSymlinksInPath { throw Failure.intoDatabaseFolder(final) }
        try refuseWorkspaceArea(workspace, folder: folder, name: name, shown: final)
        if DurableFile.exists(final) && !force { throw Failure.exists(final) }
        var existing = stat()
        if lstat(final, &existing) == 0 && (existing.st_mode & S_IFMT) != S_IFREG { throw Failure.notARegularFile(final) }
        let temp = folder + "/." + name + ".tmp"
        unlink(temp)
        // Created here first, so a folder that refuses it is named with the real cause.
        let fd = open(temp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o640)
        guard fd >= 0 else { throw FileError("open", temp) }
        close(fd)
        do {
            do { try Store.backup(databaseAt: workspace.databasePath, to: temp) } catch let e as Store.BackupWriteFailure {
                throw Failure.copyFailed(final, e.cause)
            }
            let lines = try Store.integrityCheck(ofFile: temp)
            guard lines == ["ok"] else { throw Failure.integrity(final, lines) }
            let fd = open(temp, O_RDONLY | O_CLOEXEC)
            if fd >= 0 { fsync(fd); close(fd) }
            guard rename(temp, final) == 0 else { throw FileError("rename", final) }
            try DurableFile.syncDirectory(folder)
        } catch {
            unlink(temp)
            unlink(temp + "-journal")
            throw error
        }
        var removed: [String] = []
        if toFolder { removeAbandonedTemps(in: folder, now: now) }
        if toFolder, let keep {
            let copies = ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [])
                .filter(isTimedCopyName).sorted(by: >)
            for old in copies.dropFirst(max(keep, 1)) where unlink(folder + "/" + old) == 0 { removed.append(folder + "/" + old) }
        }
        var st = stat()
        let bytes = stat(final, &st) == 0 ? Int64(st.st_size) : 0
        return Outcome(path: final, bytes: bytes, seconds: Date().timeIntervalSince(start), removed: removed)
    }

    /// A copy never lands where apx or partners act on files (a drop folder, the outbox, what
    /// prune sweeps) nor over the root's dot-files (`.apx.lock`: replacing it would let two runs
    /// hold "the" lock at once). Elsewhere under the root is allowed.
    static func refuseWorkspaceArea(_ workspace: Workspace, folder: String, name: String?, shown: String) throws {
        let target = resolved(folder)
        for (area, path) in [("db/", workspace.db), ("inbox/", workspace.inbox), ("outbox/", workspace.outbox),
                             ("quarantine/", workspace.quarantine), ("archive/", workspace.archive),
                             ("reports/", workspace.reports), ("logs/", workspace.logs)] {
            let r = resolved(path)
            if target == r || target.hasPrefix(r + "/") {
                if area == "db/" { throw Failure.intoDatabaseFolder(shown) }
                throw Failure.intoWorkspaceArea(shown, area: area)
            }
        }
        if let name, name.hasPrefix("."), target == resolved(workspace.root) {
            throw Failure.intoWorkspaceArea(shown, area: "root (its lock and state files)")
        }
    }

    /// `path` with symlinks resolved as far as it exists (the rest appended as written).
    static func resolved(_ path: String) -> String {
        var head = (path as NSString).standardizingPath
        var tail: [String] = []
        while !head.isEmpty && head != "/" {
            if let real = realpath(head, nil) {
                defer { free(real) }
                return ([String(cString: real)] + tail.reversed()).joined(separator: "/")
            }
            tail.append((head as NSString).lastPathComponent)
            head = (head as NSString).deletingLastPathComponent
        }
        return "/" + tail.reversed().joined(separator: "/")
    }

    /// Only what apx names in a folder, `approval-yyyyMMddTHHmmss-mmm.sqlite`, counts for
    /// `--keep`: an operator's own `approval-before-upgrade.sqlite` beside them is never removed.
    static func isTimedCopyName(_ name: String) -> Bool {
        guard name.hasPrefix(prefix), name.hasSuffix(suffix) else { return false }
        let stamp = Array(name.dropFirst(prefix.count).dropLast(suffix.count).utf8)
        guard stamp.count == 19 else { return false }
        return stamp.enumerated().allSatisfy { i, c in
            switch i {
            case 8: return c == UInt8(ascii: "T")
            case 15: return c == UInt8(ascii: "-")
            default: return c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9")
            }
        }
    }

    /// Temp copies of killed backups (`.approval-….sqlite.tmp`) older than an hour.
    static func removeAbandonedTemps(in folder: String, now: Date) {
        for name in (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        where name.hasPrefix("." + prefix) && (name.hasSuffix(".tmp") || name.hasSuffix(".tmp-journal")) {
            var st = stat()
            guard lstat(folder + "/" + name, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG,
                  now.timeIntervalSince1970 - Double(st.st_mtim.tv_sec) > 3600 else { continue }
            unlink(folder + "/" + name)
        }
    }
}
