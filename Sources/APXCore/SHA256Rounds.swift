import CSHA256

// The SHA-256 compression function, unrolled (FIPS 180-4 §6.2.2), over whole 64-byte blocks.
// Rounds written out with the working variables renamed instead of shifted, the message
// schedule in 16 locals, wrapping arithmetic: no array, no bounds check, no allocation.

extension SHA256 {
    typealias State = (UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32)

    @inline(__always) private static func rotr(_ x: UInt32, _ n: UInt32) -> UInt32 { (x &>> n) | (x &<< (32 &- n)) }
    // σ0, σ1, Σ0, Σ1 with the rotations nested (one copy of the input live, not three).
    @inline(__always) private static func s0(_ x: UInt32) -> UInt32 { rotr(x ^ rotr(x, 11), 7) ^ (x &>> 3) }
    @inline(__always) private static func s1(_ x: UInt32) -> UInt32 { rotr(x ^ rotr(x, 2), 17) ^ (x &>> 10) }

    /// One round. `bc` holds b ^ c on entry and a ^ b on return — the next round's b ^ c — so
    /// Maj(a, b, c) = b ^ ((a ^ b) & (b ^ c)) costs two operations.
    @inline(__always) private static func round(_ a: UInt32, _ b: UInt32, _ c: UInt32, _ d: inout UInt32,
                                                _ e: UInt32, _ f: UInt32, _ g: UInt32, _ h: inout UInt32,
                                                _ k: UInt32, _ w: UInt32, _ bc: inout UInt32) {
        let t1 = h &+ rotr(e ^ rotr(e ^ rotr(e, 14), 5), 6) &+ (g ^ (e & (f ^ g))) &+ k &+ w
        d = d &+ t1
        let ab = a ^ b
        h = t1 &+ rotr(a ^ rotr(a ^ rotr(a, 9), 11), 2) &+ (b ^ (ab & bc))
        bc = ab
    }

    /// Whether `compress` runs on the CPU's SHA instructions (read once).
    static let hardware = apx_sha256_hw_available() != 0

    /// `state` after `blocks` consecutive 64-byte blocks at `p` (any alignment): by the CPU's
    /// SHA instructions where it has them, else by `compressInSwift`; the same digest either way.
    @inline(__always)
    static func compress(_ state: State, _ p: UnsafeRawPointer, blocks: Int) -> State {
        guard hardware else { return compressInSwift(state, p, blocks: blocks) }
        var s = state
        withUnsafeMutableBytes(of: &s) {
            apx_sha256_hw_compress($0.baseAddress!.assumingMemoryBound(to: UInt32.self),
                                   p.assumingMemoryBound(to: UInt8.self), blocks)
        }
        return s
    }

    /// `compress` in Swift, for CPUs without SHA instructions.
    static func compressInSwift(_ state: State, _ p: UnsafeRawPointer, blocks: Int) -> State {
        var (h0, h1, h2, h3, h4, h5, h6, h7) = state
        var p = p
        for _ in 0..<blocks {
            var a = h0, b = h1, c = h2, d = h3, e = h4, f = h5, g = h6, h = h7
            var bc = b ^ c
            var w0 = UInt32(bigEndian: p.loadUnaligned(fromByteOffset: 0, as: UInt32.self))
            var w1 = UInt32(bigEndian: p.loadUnaligned(fromByteOffset: 4, as: UInt32.self))
            var w2 = UInt32(bigEndian: p.loadUnaligned(fromByteOffset: 8, as: UInt32.self))
            var w3 = UInt32(bigEndian: p.loadUnaligned(fromByteOffset: 12, as: UInt32.self))
            var w4 = UInt32(bigEndian: p.loadUnaligned(fromByteOffset: 16, as: UInt32.self))
            var w5 = UInt32(bigEndian: p.loadUnaligned(fromByteOffset: 20, as: UInt32.self))
            var w6 = UInt32(bigEndian: p.loadUnaligned(fromByteOffset: 24, as: UInt32.self))
            var w7 = UInt32(bigEndian: p.loadUnaligned(fromByteOffset: 28, as: UInt32.self))
            var w8 = UInt32(bigEndian: p.loadUnaligned(fromByteOffset: 32, as: UInt32.self))
            var w9 = UInt32(bigEndian: p.loadUnaligned(fromByteOffset: 36, as: UInt32.self))
            var w10 = UInt32(bigEndian: p.loadUnaligned(fromByteOffset: 40, as: UInt32.self))
            var w11 = UInt32(bigEndian: p.loadUnaligned(fromByteOffset: 44, as: UInt32.self))
            var w12 = UInt32(bigEndian: p.loadUnaligned(fromByteOffset: 48, as: UInt32.self))
            var w13 = UInt32(bigEndian: p.loadUnaligned(fromByteOffset: 52, as: UInt32.self))
            var w14 = UInt32(bigEndian: p.loadUnaligned(fromByteOffset: 56, as: UInt32.self))
            var w15 = UInt32(bigEndian: p.loadUnaligned(fromByteOffset: 60, as: UInt32.self))
            round(a, b, c, &d, e, f, g, &h, 0x428a2f98, w0, &bc)
            round(h, a, b, &c, d, e, f, &g, 0x71374491, w1, &bc)
            round(g, h, a, &b, c, d, e, &f, 0xb5c0fbcf, w2, &bc)
            round(f, g, h, &a, b, c, d, &e, 0xe9b5dba5, w3, &bc)
            round(e, f, g, &h, a, b, c, &d, 0x3956c25b, w4, &bc)
            round(d, e, f, &g, h, a, b, &c, 0x59f111f1, w5, &bc)
            round(c, d, e, &f, g, h, a, &b, 0x923f82a4, w6, &bc)
            round(b, c, d, &e, f, g, h, &a, 0xab1c5ed5, w7, &bc)
            round(a, b, c, &d, e, f, g, &h, 0xd807aa98, w8, &bc)
            round(h, a, b, &c, d, e, f, &g, 0x12835b01, w9, &bc)
            round(g, h, a, &b, c, d, e, &f, 0x243185be, w10, &bc)
            round(f, g, h, &a, b, c, d, &e, 0x550c7dc3, w11, &bc)
            round(e, f, g, &h, a, b, c, &d, 0x72be5d74, w12, &bc)
            round(d, e, f, &g, h, a, b, &c, 0x80deb1fe, w13, &bc)
            round(c, d, e, &f, g, h, a, &b, 0x9bdc06a7, w14, &bc)
            round(b, c, d, &e, f, g, h, &a, 0xc19bf174, w15, &bc)
            w0 = w0 &+ s0(w1) &+ w9 &+ s1(w14)
            round(a, b, c, &d, e, f, g, &h, 0xe49b69c1, w0, &bc)
            w1 = w1 &+ s0(w2) &+ w10 &+ s1(w15)
            round(h, a, b, &c, d, e, f, &g, 0xefbe4786, w1, &bc)
            w2 = w2 &+ s0(w3) &+ w11 &+ s1(w0)
            round(g, h, a, &b, c, d, e, &f, 0x0fc19dc6, w2, &bc)
            w3 = w3 &+ s0(w4) &+ w12 &+ s1(w1)
            round(f, g, h, &a, b, c, d, &e, 0x240ca1cc, w3, &bc)
            w4 = w4 &+ s0(w5) &+ w13 &+ s1(w2)
            round(e, f, g, &h, a, b, c, &d, 0x2de92c6f, w4, &bc)
            w5 = w5 &+ s0(w6) &+ w14 &+ s1(w3)
            round(d, e, f, &g, h, a, b, &c, 0x4a7484aa, w5, &bc)
            w6 = w6 &+ s0(w7) &+ w15 &+ s1(w4)
            round(c, d, e, &f, g, h, a, &b, 0x5cb0a9dc, w6, &bc)
            w7 = w7 &+ s0(w8) &+ w0 &+ s1(w5)
            round(b, c, d, &e, f, g, h, &a, 0x76f988da, w7, &bc)
            w8 = w8 &+ s0(w9) &+ w1 &+ s1(w6)
            round(a, b, c, &d, e, f, g, &h, 0x983e5152, w8, &bc)
            w9 = w9 &+ s0(w10) &+ w2 &+ s1(w7)
            round(h, a, b, &c, d, e, f, &g, 0xa831c66d, w9, &bc)
            w10 = w10 &+ s0(w11) &+ w3 &+ s1(w8)
            round(g, h, a, &b, c, d, e, &f, 0xb00327c8, w10, &bc)
            w11 = w11 &+ s0(w12) &+ w4 &+ s1(w9)
            round(f, g, h, &a, b, c, d, &e, 0xbf597fc7, w11, &bc)
            w12 = w12 &+ s0(w13) &+ w5 &+ s1(w10)
            round(e, f, g, &h, a, b, c, &d, 0xc6e00bf3, w12, &bc)
            w13 = w13 &+ s0(w14) &+ w6 &+ s1(w11)
            round(d, e, f, &g, h, a, b, &c, 0xd5a79147, w13, &bc)
            w14 = w14 &+ s0(w15) &+ w7 &+ s1(w12)
            round(c, d, e, &f, g, h, a, &b, 0x06ca6351, w14, &bc)
            w15 = w15 &+ s0(w0) &+ w8 &+ s1(w13)
            round(b, c, d, &e, f, g, h, &a, 0x14292967, w15, &bc)
            w0 = w0 &+ s0(w1) &+ w9 &+ s1(w14)
            round(a, b, c, &d, e, f, g, &h, 0x27b70a85, w0, &bc)
            w1 = w1 &+ s0(w2) &+ w10 &+ s1(w15)
            round(h, a, b, &c, d, e, f, &g, 0x2e1b2138, w1, &bc)
            w2 = w2 &+ s0(w3) &+ w11 &+ s1(w0)
            round(g, h, a, &b, c, d, e, &f, 0x4d2c6dfc, w2, &bc)
            w3 = w3 &+ s0(w4) &+ w12 &+ s1(w1)
            round(f, g, h, &a, b, c, d, &e, 0x53380d13, w3, &bc)
            w4 = w4 &+ s0(w5) &+ w13 &+ s1(w2)
            round(e, f, g, &h, a, b, c, &d, 0x650a7354, w4, &bc)
            w5 = w5 &+ s0(w6) &+ w14 &+ s1(w3)
            round(d, e, f, &g, h, a, b, &c, 0x766a0abb, w5, &bc)
            w6 = w6 &+ s0(w7) &+ w15 &+ s1(w4)
            round(c, d, e, &f, g, h, a, &b, 0x81c2c92e, w6, &bc)
            w7 = w7 &+ s0(w8) &+ w0 &+ s1(w5)
            round(b, c, d, &e, f, g, h, &a, 0x92722c85, w7, &bc)
            w8 = w8 &+ s0(w9) &+ w1 &+ s1(w6)
            round(a, b, c, &d, e, f, g, &h, 0xa2bfe8a1, w8, &bc)
            w9 = w9 &+ s0(w10) &+ w2 &+ s1(w7)
            round(h, a, b, &c, d, e, f, &g, 0xa81a664b, w9, &bc)
            w10 = w10 &+ s0(w11) &+ w3 &+ s1(w8)
            round(g, h, a, &b, c, d, e, &f, 0xc24b8b70, w10, &bc)
            w11 = w11 &+ s0(w12) &+ w4 &+ s1(w9)
            round(f, g, h, &a, b, c, d, &e, 0xc76c51a3, w11, &bc)
            w12 = w12 &+ s0(w13) &+ w5 &+ s1(w10)
            round(e, f, g, &h, a, b, c, &d, 0xd192e819, w12, &bc)
            w13 = w13 &+ s0(w14) &+ w6 &+ s1(w11)
            round(d, e, f, &g, h, a, b, &c, 0xd6990624, w13, &bc)
            w14 = w14 &+ s0(w15) &+ w7 &+ s1(w12)
            round(c, d, e, &f, g, h, a, &b, 0xf40e3585, w14, &bc)
            w15 = w15 &+ s0(w0) &+ w8 &+ s1(w13)
            round(b, c, d, &e, f, g, h, &a, 0x106aa070, w15, &bc)
            w0 = w0 &+ s0(w1) &+ w9 &+ s1(w14)
            round(a, b, c, &d, e, f, g, &h, 0x19a4c116, w0, &bc)
            w1 = w1 &+ s0(w2) &+ w10 &+ s1(w15)
            round(h, a, b, &c, d, e, f, &g, 0x1e376c08, w1, &bc)
            w2 = w2 &+ s0(w3) &+ w11 &+ s1(w0)
            round(g, h, a, &b, c, d, e, &f, 0x2748774c, w2, &bc)
            w3 = w3 &+ s0(w4) &+ w12 &+ s1(w1)
            round(f, g, h, &a, b, c, d, &e, 0x34b0bcb5, w3, &bc)
            w4 = w4 &+ s0(w5) &+ w13 &+ s1(w2)
            round(e, f, g, &h, a, b, c, &d, 0x391c0cb3, w4, &bc)
            w5 = w5 &+ s0(w6) &+ w14 &+ s1(w3)
            round(d, e, f, &g, h, a, b, &c, 0x4ed8aa4a, w5, &bc)
            w6 = w6 &+ s0(w7) &+ w15 &+ s1(w4)
            round(c, d, e, &f, g, h, a, &b, 0x5b9cca4f, w6, &bc)
            w7 = w7 &+ s0(w8) &+ w0 &+ s1(w5)
            round(b, c, d, &e, f, g, h, &a, 0x682e6ff3, w7, &bc)
            w8 = w8 &+ s0(w9) &+ w1 &+ s1(w6)
            round(a, b, c, &d, e, f, g, &h, 0x748f82ee, w8, &bc)
            w9 = w9 &+ s0(w10) &+ w2 &+ s1(w7)
            round(h, a, b, &c, d, e, f, &g, 0x78a5636f, w9, &bc)
            w10 = w10 &+ s0(w11) &+ w3 &+ s1(w8)
            round(g, h, a, &b, c, d, e, &f, 0x84c87814, w10, &bc)
            w11 = w11 &+ s0(w12) &+ w4 &+ s1(w9)
            round(f, g, h, &a, b, c, d, &e, 0x8cc70208, w11, &bc)
            w12 = w12 &+ s0(w13) &+ w5 &+ s1(w10)
            round(e, f, g, &h, a, b, c, &d, 0x90befffa, w12, &bc)
            w13 = w13 &+ s0(w14) &+ w6 &+ s1(w11)
            round(d, e, f, &g, h, a, b, &c, 0xa4506ceb, w13, &bc)
            w14 = w14 &+ s0(w15) &+ w7 &+ s1(w12)
            round(c, d, e, &f, g, h, a, &b, 0xbef9a3f7, w14, &bc)
            w15 = w15 &+ s0(w0) &+ w8 &+ s1(w13)
            round(b, c, d, &e, f, g, h, &a, 0xc67178f2, w15, &bc)
            h0 = h0 &+ a; h1 = h1 &+ b; h2 = h2 &+ c; h3 = h3 &+ d
            h4 = h4 &+ e; h5 = h5 &+ f; h6 = h6 &+ g; h7 = h7 &+ h
            p += 64
        }
        return (h0, h1, h2, h3, h4, h5, h6, h7)
    }
}
