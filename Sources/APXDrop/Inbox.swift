import APXCore
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// What one look at a drop folder found.
public struct InboxScan: Sendable {
    /// A data file whose `.ok` marker is present: ready to claim.
    public struct Ready: Sendable {
        public let source: Source
        public let name: String
        public let path: String
        public let markerPath: String
        public let isRegularFile: Bool
    }
    public var ready: [Ready] = []
    /// Data files still waiting for their marker (left untouched).
    public var notReady: [(source: Source, name: String)] = []
    /// Attachments present as regular files (`Source.isAttachment`): never claimed on their
    /// own, they move with the file that lists them.
    public var attachments: Set<String> = []
    /// Markers without a data file, with their age in seconds.
    public var orphanMarkers: [(source: Source, name: String, path: String, ageSeconds: Double)] = []
    /// The drop folder exists but is a link or a file: nothing in it was looked at.
    public var folderIsNotADirectory = false
}

/// The drop protocol of spec 02: dot/.tmp/.part/.partial names are never read; a data
/// file is ready only when `NAME.ok` stands beside it.
public struct Inbox {
    public let root: String

    public init(root: String) { self.root = root }

    public func folder(_ source: Source) -> String { root + "/" + source.folder }

    public static func isIgnored(_ name: String) -> Bool {
        name.hasPrefix(".") || name.hasSuffix(".tmp") || name.hasSuffix(".part") || name.hasSuffix(".partial")
    }

    /// Lists one source folder (not following links). Ready files sorted by name.
    public func scan(_ source: Source, now: Date = Date()) -> InboxScan {
        var result = InboxScan()
        let dir = folder(source)
        // A drop folder that is itself a link is never followed out of the workspace.
        var folderStat = stat()
        guard lstat(dir, &folderStat) == 0, (folderStat.st_mode & S_IFMT) == S_IFDIR else {
            result.folderIsNotADirectory = DurableFile.exists(dir)
            return result
        }
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: dir) else { return result }
        var entries: [String: (isRegular: Bool, isDirectory: Bool, mtime: Double)] = [:]
        for name in names where !Inbox.isIgnored(name) {
            var st = stat()
            guard lstat(dir + "/" + name, &st) == 0 else { continue }
            let mode = st.st_mode & S_IFMT
            entries[name] = (mode == S_IFREG, mode == S_IFDIR, Double(st.st_mtim.tv_sec))
        }
        for name in entries.keys.sorted() {
            guard let entry = entries[name], !entry.isDirectory else { continue }
            if name.hasSuffix(".ok") {
                let dataName = String(name.dropLast(3))
                if Inbox.isIgnored(dataName) { continue }
                if dataName.isEmpty || entries[dataName] == nil {
                    result.orphanMarkers.append((source, name, dir + "/" + name, now.timeIntervalSince1970 - entry.mtime))
                }
                continue
            }
            if source.isAttachment(name) {
                if entry.isRegular { result.attachments.insert(name) }
                continue
            }
            if entries[name + ".ok"] != nil {
                result.ready.append(.init(source: source, name: name, path: dir + "/" + name,
                                          markerPath: dir + "/" + name + ".ok", isRegularFile: entry.isRegular))
            } else {
                result.notReady.append((source, name))
            }
        }
        return result
    }
}
