import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// `apx watch` holds an exclusive `flock` on `<root>/.apx-watch.lock` for its whole life
/// (the workspace lock `.apx.lock` only during a cycle). A cron `apx run` checks it without
/// waiting and exits 75 while a watcher runs; a second watcher cannot start.
public final class WatchLock {
    public static func path(root: String) -> String { root + "/.apx-watch.lock" }

    private let fd: Int32

    /// Takes the lock without waiting; throws `WorkspaceLock.Failure.watcherRuns` if a watcher holds it.
    public init(root: String) throws {
        let path = WatchLock.path(root: root)
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw WorkspaceLock.Failure.cannotOpen(path) }
        if flock(fd, LOCK_EX | LOCK_NB) != 0 {
            close(fd)
            throw WorkspaceLock.Failure.watcherRuns
        }
        self.fd = fd
        _ = ftruncate(fd, 0)
        let pid = "\(getpid())\n"
        _ = pid.withCString { pwrite(fd, $0, strlen($0), 0) }
    }

    deinit {
        flock(fd, LOCK_UN)
        close(fd)
    }

    /// Whether a live watcher holds the lock (the kernel drops it when the watcher dies).
    public static func isHeld(root: String) -> Bool {
        let fd = open(path(root: root), O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        if flock(fd, LOCK_SH | LOCK_NB) != 0 { return true }
        flock(fd, LOCK_UN)
        return false
    }
}
