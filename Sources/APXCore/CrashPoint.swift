import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Test hook for the crash test: every durable step of a run (a commit, a rename, a move)
/// calls `CrashPoint.hit`. With `APX_CRASH_AT=k` in the environment the process kills
/// itself with SIGKILL at the k-th step — a `kill -9` at an exact instant. Unset (always,
/// in production), it is a no-op. With `APX_CRASH_LABEL` also set, only the steps with that
/// label count (`APX_CRASH_AT=k`: the k-th of them).
public enum CrashPoint {
    private static let target: Int? = ProcessInfo.processInfo.environment["APX_CRASH_AT"].flatMap(Int.init)
    private static let only: String? = ProcessInfo.processInfo.environment["APX_CRASH_LABEL"]
    private nonisolated(unsafe) static var count = 0

    @inline(__always)
    public static func hit(_ label: StaticString = "") {
        guard let target else { return }
        if let only, only != label.description { return }
        count += 1
        if count == target { kill(getpid(), SIGKILL) }
    }

    /// An instant inside a step (not itself durable, e.g. between a page's decisions and the
    /// writing of its held rows): counted only when `APX_CRASH_LABEL` names it, so the
    /// numbering of the durable steps stays as it is.
    @inline(__always)
    public static func hitInside(_ label: StaticString) {
        guard target != nil, let only, only == label.description else { return }
        hit(label)
    }
}
