import APXCore
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Who holds a workspace's lock, as the kernel sees it: a PID written in `.apx.lock` by a
/// run that has died is never reported as a holder.
public struct LockHolder: Sendable {
    public let held: Bool
    public let pid: Int?
    /// When the holder took the lock (as it wrote it), if known.
    public let since: String?

    /// Looks without taking the lock: the kernel's lock table (`/proc/locks`) names the
    /// process holding a `flock` on the file's inode; without /proc, nothing is claimed.
    public static func inspect(root: String) -> LockHolder { inspect(lockFile: root + "/.apx.lock") }

    /// The same for any lock file (e.g. `apx watch`'s `.apx-watch.lock`).
    public static func inspect(lockFile path: String) -> LockHolder {
        var st = stat()
        guard stat(path, &st) == 0 else { return LockHolder(held: false, pid: nil, since: nil) }
        guard let table = try? String(contentsOfFile: "/proc/locks", encoding: .utf8) else {
            return LockHolder(held: false, pid: nil, since: nil)
        }
        let inode = UInt64(st.st_ino)
        let device = UInt64(st.st_dev)
        let major = (device >> 8) & 0xfff | ((device >> 32) & ~0xfff)
        let minor = (device & 0xff) | ((device >> 12) & ~0xff)
        // Exact device and inode; an inode-only match as the fallback (overlay file systems
        // may report another device number there).
        var exact: Int?, inodeOnly: Int?
        for line in table.split(separator: "\n") {
            // "1: FLOCK  ADVISORY  WRITE 12345 08:01:131090 0 EOF" (blocked waiters have "->")
            let f = line.split(separator: " ", omittingEmptySubsequences: true)
            guard f.count >= 6, f[1] == "FLOCK", !f.contains("->"), let pid = Int(f[4]) else { continue }
            let id = f[5].split(separator: ":")
            guard id.count == 3, UInt64(id[2]) == inode else { continue }
            if UInt64(id[0], radix: 16) == major, UInt64(id[1], radix: 16) == minor { exact = pid } else { inodeOnly = pid }
        }
        if let pid = exact ?? inodeOnly {
            let written = ((try? String(contentsOfFile: path, encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
            // The file's own time only counts when its PID is the kernel's holder.
            let since = (written.count >= 2 && Int(written[0]) == pid) ? written[1] : nil
            return LockHolder(held: true, pid: pid, since: since)
        }
        return LockHolder(held: false, pid: nil, since: nil)
    }
}
