#if canImport(Glibc)
import Glibc
#endif

/// glibc's allocator gives threads arenas of their own (up to 8 per core), and an arena keeps
/// what was freed into it. apx's threads are few and short-lived (a file's reader, a page's
/// reader) yet each may land in another arena, so a night's peak RSS grew with the arenas it
/// touched (100k night: 161 → 186–190 MB once the results page reader read projects; 163 MB
/// with two arenas). Two arenas: one for the storing thread, one shared by the helpers.
public enum MallocArenas {
    public static let limit: Int32 = 2
    /// `M_ARENA_MAX` of <malloc.h> (not in the Glibc module, nor is `mallopt`).
    static let arenaMax: Int32 = -8

    /// Caps the arenas unless the operator set `MALLOC_ARENA_MAX` (glibc reads it itself).
    /// Call once, first thing in the executable.
    /// Returns whether the cap was set.
    @discardableResult
    public static func cap(environment: [String: String]) -> Bool {
        #if canImport(Glibc)
        guard environment["MALLOC_ARENA_MAX"] == nil, let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "mallopt") else { return false }
        typealias Mallopt = @convention(c) (Int32, Int32) -> Int32
        return unsafeBitCast(symbol, to: Mallopt.self)(arenaMax, limit) == 1
        #else
        return false
        #endif
    }
}
