import Testing
@testable import APXCore

/// `SHA256.compress` runs on the CPU's SHA instructions where it has them; the Swift rounds
/// stay for other CPUs. Both give the same state for the same blocks, and the Swift rounds
/// alone give the FIPS 180-4 digests (so neither path is left untested on either kind of CPU).
@Suite struct SHA256HardwareTests {
    static let initial: SHA256.State = (0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                                        0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19)

    static func words(_ s: SHA256.State) -> [UInt32] { [s.0, s.1, s.2, s.3, s.4, s.5, s.6, s.7] }

    /// Deterministic bytes (xorshift), so a failure names a reproducible input.
    static func bytes(_ count: Int, seed: UInt64) -> [UInt8] {
        var x = seed | 1
        return (0..<count).map { _ in x ^= x << 13; x ^= x >> 7; x ^= x << 17; return UInt8(truncatingIfNeeded: x) }
    }

    @Test func swiftRoundsGiveTheFIPSDigestOfABC() {
        // "abc" padded to one block: 0x80, zeros, the bit length 24.
        var block = [UInt8](repeating: 0, count: 64)
        block[0] = 0x61; block[1] = 0x62; block[2] = 0x63; block[3] = 0x80; block[63] = 24
        let state = block.withUnsafeBytes { SHA256.compressInSwift(Self.initial, $0.baseAddress!, blocks: 1) }
        #expect(Self.words(state) == [0xba7816bf, 0x8f01cfea, 0x414140de, 0x5dae2223,
                                      0xb00361a3, 0x96177a9c, 0xb410ff61, 0xf20015ad])
    }

    @Test(.enabled(if: SHA256.hardware, "this CPU has no SHA instructions; compress is the Swift rounds"))
    func hardwareAndSwiftRoundsGiveTheSameStateForAnyBlocksAndAlignment() {
        for (i, blocks) in [1, 2, 3, 7, 16, 100].enumerated() {
            for offset in 0..<4 {  // unaligned starts: the instructions load with loadu
                let data = Self.bytes(blocks * 64 + offset, seed: UInt64(i * 31 + offset + 1))
                var state = Self.initial
                for round in 0..<2 {  // a second pass continues from a non-initial state
                    let (hw, sw) = data.withUnsafeBytes { raw -> (SHA256.State, SHA256.State) in
                        let p = raw.baseAddress!.advanced(by: offset)
                        return (SHA256.compress(state, p, blocks: blocks), SHA256.compressInSwift(state, p, blocks: blocks))
                    }
                    #expect(Self.words(hw) == Self.words(sw), "\(blocks) blocks at offset \(offset), pass \(round)")
                    state = hw
                }
            }
        }
    }

    @Test(.enabled(if: SHA256.hardware, "this CPU has no SHA instructions"))
    func digestOfAMillionAsIsTheFIPSOneOnTheHardwarePath() {
        #expect(SHA256.hex([UInt8](repeating: 0x61, count: 1_000_000))
            == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }
}
