#if canImport(Glibc)
import Glibc
#endif

/// System calls on paths in apx's escaped form (`FileName`): the path is decoded to its
/// bytes before the call, so a name that is not valid UTF-8 reaches the file system
/// byte-exact. Every path that may hold a partner's name goes through here.
public enum RawPath {
    /// Calls `body` with the NUL-terminated bytes of `path`.
    public static func with<T>(_ path: String, _ body: (UnsafePointer<CChar>) throws -> T) rethrows -> T {
        var bytes = FileName.decode(path)
        bytes.append(0)
        return try bytes.withUnsafeBufferPointer { buffer in
            try buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) { try body($0) }
        }
    }

    /// `lstat(2)`; nil (with errno set) when the path cannot be looked at.
    public static func lstat(_ path: String) -> stat? {
        var st = stat()
        return with(path) { Glibc.lstat($0, &st) } == 0 ? st : nil
    }

    public static func open(_ path: String, _ flags: Int32, _ mode: mode_t = 0) -> Int32 {
        with(path) { Glibc.open($0, flags, mode) }
    }

    public static func rename(_ from: String, _ to: String) -> Int32 {
        with(from) { f in with(to) { t in Glibc.rename(f, t) } }
    }

    @discardableResult
    public static func unlink(_ path: String) -> Int32 { with(path) { Glibc.unlink($0) } }

    /// The file type bits of `lstat` (`S_IFREG`, `S_IFDIR`, …), nil when absent.
    public static func type(_ path: String) -> mode_t? { lstat(path).map { $0.st_mode & S_IFMT } }

    public static func isRegularFile(_ path: String) -> Bool { type(path) == S_IFREG }

    /// An escaped path split at its last `/` byte, with no Unicode processing (NSString's
    /// path methods work on characters, and a name may begin with a combining mark that
    /// would fuse with the `/`).
    public static func split(_ path: String) -> (directory: String, name: String) {
        let bytes = Array(path.utf8)
        guard let slash = bytes.lastIndex(of: 0x2F) else { return ("", path) }
        return (String(decoding: bytes[..<slash], as: UTF8.self), String(decoding: bytes[(slash + 1)...], as: UTF8.self))
    }

    public static func directory(_ path: String) -> String { split(path).directory }
    public static func lastComponent(_ path: String) -> String { split(path).name }
}
