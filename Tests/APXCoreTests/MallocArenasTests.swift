@testable import APXCore
import Testing

/// `MallocArenas.cap`: glibc's `mallopt` is found and takes the cap (a lookup that failed would
/// leave the cap off without a word); an operator's `MALLOC_ARENA_MAX` is left to glibc.
@Suite struct MallocArenasTests {
    @Test func theCapIsTakenByGlibc() {
        #expect(MallocArenas.cap(environment: [:]))
    }

    @Test func anOperatorsMallocArenaMaxIsLeftAlone() {
        #expect(!MallocArenas.cap(environment: ["MALLOC_ARENA_MAX": "8"]))
    }
}
