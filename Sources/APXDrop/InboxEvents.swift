import APXCore
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Tells `apx watch` that something may have arrived in the inbox: inotify on `inbox/` and
/// each `inbox/<source>/` (a new file, a file closed after writing, a file moved in), or
/// nothing at all when polling (the watcher then looks every `poll_seconds`). Events only
/// prompt a look; what is ready is always decided by `Inbox.scan`.
public final class InboxEvents {
    public enum Mode: String, Sendable { case inotify, poll }

    public let mode: Mode
    /// Readable when events are waiting (inotify), else -1.
    public let fd: Int32
    private let inbox: String
    private let folders: [String]
    private var watched: [Int32: String] = [:]
    /// A real folder could not be watched: the watcher then looks as often as when polling.
    public private(set) var degraded = false
    private var buffer = [UInt8](repeating: 0, count: 64 * 1024)

    /// `wanted`: inotify, poll, or nil for inotify unless unavailable or the inbox is on a
    /// network file system (whose changes by other machines inotify never reports).
    public init(inbox: String, folders: [String], wanted: Mode?) {
        self.inbox = inbox
        self.folders = folders
        var fd: Int32 = -1
        if wanted != .poll && (wanted == .inotify || !InboxEvents.isNetworkFileSystem(inbox)) {
            fd = inotify_init1(Int32(IN_CLOEXEC | IN_NONBLOCK))
        }
        self.fd = fd
        mode = fd >= 0 ? .inotify : .poll
        _ = ensureWatches()
    }

    deinit { if fd >= 0 { close(fd) } }

    /// Adds a watch on each folder that exists and has none (a folder created or replaced
    /// since); returns whether one was added, so the caller looks at the inbox.
    public func ensureWatches() -> Bool {
        guard fd >= 0 else { return false }
        var added = false
        let mask = UInt32(IN_CLOSE_WRITE | IN_MOVED_TO | IN_CREATE) | UInt32(IN_ONLYDIR) | UInt32(IN_DONT_FOLLOW)
        var unwatched = false
        for path in [inbox] + folders where !watched.values.contains(path) {
            let wd = inotify_add_watch(fd, path, mask)
            if wd >= 0 {
                watched[wd] = path
                added = true
            } else if InboxEvents.isDirectory(path) {
                unwatched = true   // e.g. out of inotify watches (fs.inotify.max_user_watches)
            }
        }
        degraded = unwatched
        return added
    }

    /// Reads every waiting event; returns whether any may concern a drop (names the inbox
    /// ignores — dot, .tmp, .part — do not count; a lost queue counts).
    public func drain() -> Bool {
        guard fd >= 0 else { return false }
        var relevant = false
        while true {
            let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n <= 0 { break }
            var offset = 0
            buffer.withUnsafeBytes { raw in
                while offset + 16 <= n {
                    let wd = raw.load(fromByteOffset: offset, as: Int32.self)
                    let mask = raw.load(fromByteOffset: offset + 4, as: UInt32.self)
                    let length = Int(raw.load(fromByteOffset: offset + 12, as: UInt32.self))
                    let nameBytes = raw[(offset + 16)..<min(n, offset + 16 + length)].prefix { $0 != 0 }
                    let name = FileName(bytes: nameBytes)
                    offset += 16 + length
                    if mask & UInt32(IN_Q_OVERFLOW) != 0 { relevant = true; continue }
                    if mask & UInt32(IN_IGNORED) != 0 { watched[wd] = nil; relevant = true; continue }
                    if !name.bytes.isEmpty && !Inbox.isIgnored(name) { relevant = true }
                }
            }
        }
        if ensureWatches() { relevant = true }
        return relevant
    }

    static func isDirectory(_ path: String) -> Bool {
        var st = stat()
        return lstat(path, &st) == 0 && (st.st_mode & S_IFMT) == S_IFDIR
    }

    /// NFS, SMB/CIFS, FUSE and similar (by /proc/mounts): inotify sees only this machine's
    /// changes there.
    static func isNetworkFileSystem(_ path: String) -> Bool {
        guard let mounts = try? String(contentsOfFile: "/proc/mounts", encoding: .utf8) else { return false }
        return isNetworkFileSystem((path as NSString).resolvingSymlinksInPath, mounts: mounts)
    }

    /// The file system type of the longest mount point holding `resolved`, from `/proc/mounts` text.
    static func isNetworkFileSystem(_ resolved: String, mounts: String) -> Bool {
        var best = (point: "", type: "")
        for line in mounts.split(separator: "\n") {
            let fields = line.split(separator: " ")
            guard fields.count >= 3 else { continue }
            let point = fields[1].replacingOccurrences(of: "\\040", with: " ")
            let inside = point == "/" || resolved == point || resolved.hasPrefix(point + "/")
            if inside && point.count >= best.point.count { best = (point, String(fields[2])) }
        }
        let network = ["nfs", "nfs4", "cifs", "smb3", "smbfs", "9p", "afs", "ceph", "glusterfs", "sshfs", "davfs", "lustre"]
        return network.contains { best.type == $0 || best.type.hasPrefix("fuse.") && best.type.hasSuffix($0) }
    }
}
