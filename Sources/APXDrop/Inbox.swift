import APXCore
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// What one look at a drop folder found. Every entry of the folder lands in exactly one
/// list: ready, not ready, attachments, orphan markers or skipped.
public struct InboxScan: Sendable {
    /// A data entry whose `.ok` marker is present: ready to claim (any type: a non-regular
    /// one is quarantined, never read or followed).
    public struct Ready: Sendable {
        public let source: Source
        /// Escaped (`FileName.escaped`): the form stored, reported and used in paths.
        public let name: String
        public let path: String
        public let markerPath: String
        public let kind: EntryKind
        /// The name as its source's pattern reads it; nil when it fits no pattern.
        public let dropName: DropName?
        public var isRegularFile: Bool { kind == .file }
    }
    /// An entry left where it is this run, and why.
    public struct Left: Sendable, Equatable {
        public let source: Source
        public let name: String
        public let why: String
        public init(source: Source, name: String, why: String) { self.source = source; self.name = name; self.why = why }
    }
    public var ready: [Ready] = []
    /// Data files still waiting for their marker (left untouched).
    public var notReady: [(source: Source, name: String)] = []
    /// Attachments: regular files in `sgt/` that are not XML and have no marker of their
    /// own. Never claimed on their own, they move with the file that lists them; mtime age.
    public var attachments: [FileName: Double] = [:]
    /// Markers without a data entry, with their age in seconds.
    public var orphanMarkers: [(source: Source, name: String, path: String, ageSeconds: Double)] = []
    /// Entries never read: hidden/temporary names, non-regular entries without a marker.
    public var skipped: [Left] = []
    /// The drop folder exists but is a link or a file: nothing in it was looked at.
    public var folderIsNotADirectory = false
    /// The drop folder could not be listed (errno text), e.g. permission denied.
    public var folderUnreadable: String?
}

/// The type of a directory entry, from `lstat` (links are never followed).
public enum EntryKind: String, Sendable {
    case file, directory, symlink, fifo, socket, device

    public init(mode: mode_t) {
        switch mode & S_IFMT {
        case S_IFREG: self = .file
        case S_IFDIR: self = .directory
        case S_IFLNK: self = .symlink
        case S_IFIFO: self = .fifo
        case S_IFSOCK: self = .socket
        default: self = .device
        }
    }

    public var phrase: String {
        switch self {
        case .file: return "a regular file"
        case .directory: return "a directory"
        case .symlink: return "a symbolic link"
        case .fifo: return "a FIFO"
        case .socket: return "a socket"
        case .device: return "a device file"
        }
    }
}

/// The drop protocol of spec 02: dot/.tmp/.part/.partial names are never read; a data
/// entry is ready only when `NAME.ok` stands beside it, NAME matched byte for byte.
/// The folder is listed with readdir(3), so names are bytes (`FileName`), never text.
public struct Inbox {
    public let root: String

    public init(root: String) { self.root = root }

    public func folder(_ source: Source) -> String { root + "/" + source.folder }

    public static func isIgnored(_ name: String) -> Bool { isIgnored(FileName(escaped: name)) }

    public static func isIgnored(_ name: FileName) -> Bool {
        name.hasPrefix(".") || name.hasSuffix(".tmp") || name.hasSuffix(".part") || name.hasSuffix(".partial")
    }

    /// The names in `dir` as bytes (not `.`/`..`), or the errno of opendir.
    public static func list(_ dir: String) -> Result<[FileName], FileError> {
        guard let handle = RawPath.with(dir, { opendir($0) }) else { return .failure(FileError("opendir", dir)) }
        defer { closedir(handle) }
        var names: [FileName] = []
        while let entry = readdir(handle) {
            let name = withUnsafePointer(to: &entry.pointee.d_name) { tuple in
                tuple.withMemoryRebound(to: UInt8.self, capacity: MemoryLayout.size(ofValue: tuple.pointee)) { p in
                    FileName(bytes: UnsafeBufferPointer(start: p, count: strlen(UnsafeRawPointer(p).assumingMemoryBound(to: CChar.self))))
                }
            }
            if name.bytes == [0x2E] || name.bytes == [0x2E, 0x2E] || name.bytes.isEmpty { continue }
            names.append(name)
        }
        return .success(names)
    }

    /// Lists one source folder (not following links). Ready entries sorted by name bytes.
    public func scan(_ source: Source, now: Date = Date()) -> InboxScan {
        var result = InboxScan()
        let dir = folder(source)
        // A drop folder that is itself a link is never followed out of the workspace.
        guard RawPath.type(dir) == S_IFDIR else {
            result.folderIsNotADirectory = DurableFile.exists(dir)
            return result
        }
        let names: [FileName]
        switch Inbox.list(dir) {
        case .success(let list): names = list
        case .failure(let error):
            result.folderUnreadable = String(cString: strerror(error.errno))
            return result
        }
        var entries: [FileName: (kind: EntryKind, mtime: Double)] = [:]
        for name in names {
            // An entry gone since the listing is simply not there this run.
            guard let st = RawPath.lstat(dir + "/" + name.escaped) else { continue }
            entries[name] = (EntryKind(mode: st.st_mode), Double(st.st_mtim.tv_sec))
        }
        let age = { (mtime: Double) in now.timeIntervalSince1970 - mtime }
        for name in entries.keys.sorted() {
            let entry = entries[name]!
            let escaped = name.escaped
            if Inbox.isIgnored(name) {
                result.skipped.append(.init(source: source, name: escaped, why: "hidden or temporary name: never read"))
                continue
            }
            if name.hasSuffix(".ok") {
                let dataName = name.dropLast(3)
                if dataName.bytes.isEmpty || entries[dataName] == nil {
                    result.orphanMarkers.append((source, escaped, dir + "/" + escaped, age(entry.mtime)))
                } else if Inbox.isIgnored(dataName) {
                    result.skipped.append(.init(source: source, name: escaped, why: "marker of a hidden or temporary name: never read"))
                }
                continue
            }
            let hasMarker = entries[name.appending(".ok")] != nil
            if hasMarker {
                result.ready.append(.init(source: source, name: escaped, path: dir + "/" + escaped,
                                          markerPath: dir + "/" + escaped + ".ok", kind: entry.kind,
                                          dropName: DropName(source: source, name: escaped)))
            } else if entry.kind != .file {
                result.skipped.append(.init(source: source, name: escaped, why: "\(entry.kind.phrase) without a marker: never read"))
            } else if source.isAttachment(escaped) {
                result.attachments[name] = age(entry.mtime)
            } else {
                result.notReady.append((source, escaped))
            }
        }
        return result
    }
}
