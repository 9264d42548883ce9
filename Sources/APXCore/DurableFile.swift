import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Errors of plain file work: which operation on which path failed, with errno.
public struct FileError: Error, CustomStringConvertible, Sendable {
    public let operation: String
    public let path: String
    public let errno: Int32
    public init(_ operation: String, _ path: String, errno: Int32 = Glibc.errno) {
        self.operation = operation
        self.path = path
        self.errno = errno
    }
    public var description: String { "\(operation) \(path): \(String(cString: strerror(errno)))" }
    /// Permission denied (EX_NOPERM, 77) rather than a file that cannot be created (73).
    public var isPermissionDenied: Bool { errno == EACCES || errno == EPERM }
    /// The path could not be made (open with create, mkdir): EX_CANTCREAT (73). A file
    /// system gone read-only (EROFS, the kernel's answer to disk errors) or full is a
    /// failed disk instead: exit 1, the next run picks up.
    public var isCannotCreate: Bool {
        ["open", "mkdir", "create"].contains(operation) && errno != EROFS && errno != ENOSPC && errno != EDQUOT
    }
}

/// Crash-safe file publication: a file appears under its final name only complete and on disk.
public enum DurableFile {
    /// Writes `bytes` to `dir/.name.tmp`, fsyncs, renames to `dir/name`, fsyncs the folder.
    /// `syncingDirectory: false` leaves the folder's fsync to the caller, who publishes
    /// several files and syncs their folder once: until then the new name may not survive
    /// a power loss, so nothing may rest on it.
    public static func publish(_ bytes: [UInt8], directory: String, name: String, syncingDirectory: Bool = true) throws {
        let temp = directory + "/" + temporaryName(for: name)
        let final = directory + "/" + name
        try write(bytes, to: temp)
        CrashPoint.hit("temp written")
        guard RawPath.rename(temp, final) == 0 else {
            let e = FileError("rename", final)
            RawPath.unlink(temp)
            throw e
        }
        CrashPoint.hit("renamed")
        if syncingDirectory { try syncDirectory(directory) }
    }

    /// `.NAME.tmp`, or a name derived from a hash of NAME when that would exceed the
    /// file-system limit (dot-names are never read from the inbox and swept from the outbox).
    public static func temporaryName(for name: String) -> String {
        let raw = FileName(escaped: name)
        if raw.bytes.count + 5 <= FileName.maxBytes { return "." + name + ".tmp" }
        return ".apx-" + String(SHA256.hex(raw.bytes).prefix(32)) + ".tmp"
    }

    public static func publish(_ text: String, directory: String, name: String, syncingDirectory: Bool = true) throws {
        try publish(Array(text.utf8), directory: directory, name: name, syncingDirectory: syncingDirectory)
    }

    /// Creates or truncates `path`, writes all bytes and fsyncs.
    public static func write(_ bytes: [UInt8], to path: String) throws {
        let fd = RawPath.open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw FileError("open", path) }
        defer { close(fd) }
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { raw in
                Glibc.write(fd, raw.baseAddress! + offset, raw.count - offset)
            }
            if n < 0 {
                if errno == EINTR { continue }
                throw FileError("write", path)
            }
            offset += n
        }
        guard fsync(fd) == 0 else { throw FileError("fsync", path) }
    }

    public static func syncDirectory(_ path: String) throws {
        let fd = RawPath.open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw FileError("open", path) }
        defer { close(fd) }
        guard fsync(fd) == 0 else { throw FileError("fsync", path) }
    }

    /// Renames atomically (same file system); fsyncs the destination folder.
    public static func move(_ from: String, to: String) throws {
        guard RawPath.rename(from, to) == 0 else { throw FileError("rename", from) }
        CrashPoint.hit("moved")
        try syncDirectory(RawPath.directory(to))
    }

    /// `mkdir -p`: the first folder that cannot be made is named with the real cause
    /// (EACCES, ENOTDIR for a file in the way, EROFS…).
    public static func makeDirectories(_ path: String) throws {
        var st = stat()
        if stat(path, &st) == 0 {
            guard (st.st_mode & S_IFMT) == S_IFDIR else { throw FileError("mkdir", path, errno: ENOTDIR) }
            return
        }
        let parent = (path as NSString).deletingLastPathComponent
        if !parent.isEmpty, parent != path { try makeDirectories(parent) }
        if mkdir(path, 0o755) != 0 {
            let e = errno
            if e == EEXIST, stat(path, &st) == 0, (st.st_mode & S_IFMT) == S_IFDIR { return }
            throw FileError("mkdir", path, errno: e == EEXIST ? ENOTDIR : e)
        }
    }

    /// Whether anything (of any type, links not followed) stands at the escaped `path`.
    public static func exists(_ path: String) -> Bool { RawPath.lstat(path) != nil }
}
