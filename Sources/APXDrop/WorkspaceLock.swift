import APXCore
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// One run at a time per workspace: an exclusive `flock` on `<root>/.apx.lock`.
/// The kernel drops it when the process dies, so a killed run never leaves it stuck.
public final class WorkspaceLock {
    /// `held`: another run or command has the workspace; `watcherRuns`: `apx watch` has it
    /// (`WatchLock`), so a cron `apx run` gives way; `cannotOpen`: the lock file cannot be made.
    public enum Failure: Error, Sendable { case held, watcherRuns, cannotOpen(String) }

    private let fd: Int32

    /// Takes the lock without waiting; throws `.held` if another process has it.
    public init(root: String) throws {
        let path = root + "/.apx.lock"
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw FileError("open", path) }
        if flock(fd, LOCK_EX | LOCK_NB) != 0 {
            close(fd)
            throw Failure.held
        }
        self.fd = fd
        // PID and since when, for `apx status` (which believes only the kernel's lock table).
        let pid = "\(getpid())\n\(Timestamp.now())\n"
        _ = ftruncate(fd, 0)
        _ = pid.withCString { pwrite(fd, $0, strlen($0), 0) }
    }

    /// Takes the lock, waiting up to `waitSeconds` for the holder (a running cycle of
    /// `apx watch`, or another person's command) to let go; throws `.held` after that.
    public convenience init(root: String, waitSeconds: Double) throws {
        let deadline = Date().addingTimeInterval(max(0, waitSeconds))
        while true {
            do {
                try self.init(root: root)
                return
            } catch Failure.held where Date() < deadline {
                usleep(50_000)
            }
        }
    }

    deinit {
        flock(fd, LOCK_UN)
        close(fd)
    }
}
