import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// FIPS 180-4 SHA-256, streaming. (Foundation on Linux has no digest API.) Whole blocks
/// are compressed straight from the caller's bytes; only a partial block is copied, into
/// inline storage (no allocation per hasher).
public struct SHA256 {
    private var h: State = (0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19)
    /// A partial block (64 bytes, inline).
    private var block: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0, 0, 0, 0)
    private var buffered = 0
    private var length: UInt64 = 0

    public init() {}

    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        guard var p = bytes.baseAddress else { return }
        var n = bytes.count
        length &+= UInt64(n)
        if buffered > 0 {
            let take = min(64 - buffered, n), at = buffered
            withUnsafeMutableBytes(of: &block) { $0.baseAddress!.advanced(by: at).copyMemory(from: p, byteCount: take) }
            buffered += take; p += take; n -= take
            guard buffered == 64 else { return }
            var full = block
            h = withUnsafeBytes(of: &full) { SHA256.compress(h, $0.baseAddress!, blocks: 1) }
            buffered = 0
        }
        if n >= 64 {
            h = SHA256.compress(h, p, blocks: n / 64)
            p += n & ~63; n &= 63
        }
        if n > 0 {
            withUnsafeMutableBytes(of: &block) { $0.baseAddress!.copyMemory(from: p, byteCount: n) }
            buffered = n
        }
    }

    public mutating func update<C: Collection>(_ bytes: C) where C.Element == UInt8 {
        if bytes.withContiguousStorageIfAvailable({ update(UnsafeRawBufferPointer($0)) }) != nil { return }
        Array(bytes).withUnsafeBytes { update($0) }
    }

    public mutating func finalize() -> [UInt8] {
        let bitLength = length &* 8
        // 0x80, zeros to 56 mod 64, the bit length big-endian: one or two blocks.
        var pad: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64,
                  UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        let count = buffered < 56 ? 64 - buffered : 128 - buffered
        withUnsafeMutableBytes(of: &pad) { buf in
            buf[0] = 0x80
            buf.storeBytes(of: bitLength.bigEndian, toByteOffset: count - 8, as: UInt64.self)
        }
        let savedLength = length
        withUnsafeBytes(of: &pad) { update(UnsafeRawBufferPointer(rebasing: $0.prefix(count))) }
        length = savedLength
        var out = [UInt8](repeating: 0, count: 32)
        out.withUnsafeMutableBytes { buf in
            for (i, v) in [h.0, h.1, h.2, h.3, h.4, h.5, h.6, h.7].enumerated() {
                buf.storeBytes(of: v.bigEndian, toByteOffset: i * 4, as: UInt32.self)
            }
        }
        return out
    }

    public mutating func finalizeHex() -> String { Hex.encode(finalize()) }

    public static func hex<C: Collection>(_ bytes: C) -> String where C.Element == UInt8 {
        var hasher = SHA256()
        hasher.update(bytes)
        return hasher.finalizeHex()
    }

    public static func hex(_ string: String) -> String {
        var string = string
        return string.withUTF8 { hex($0) }
    }

    /// Hashes a file in 1 MiB chunks; returns (hex digest, byte count).
    /// `path` is in escaped form (`RawPath`); links are not followed and a FIFO never blocks.
    /// Throws `FileError` with the errno (EACCES for a file apx may not read).
    public static func file(at path: String) throws -> (hex: String, size: Int64) {
        let fd = RawPath.open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK)
        guard fd >= 0 else { throw FileError("open", path) }
        defer { close(fd) }
        var hasher = SHA256()
        var size: Int64 = 0
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let n = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw FileError("read", path)
            }
            if n == 0 { break }
            size += Int64(n)
            buffer.withUnsafeBytes { hasher.update(UnsafeRawBufferPointer(rebasing: $0.prefix(n))) }
        }
        return (hasher.finalizeHex(), size)
    }
}

public enum Hex {
    private static let digits = Array("0123456789abcdef".utf8)
    public static func encode<C: Collection>(_ bytes: C) -> String where C.Element == UInt8 {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count * 2)
        for b in bytes { out.append(digits[Int(b >> 4)]); out.append(digits[Int(b & 0xf)]) }
        return String(decoding: out, as: UTF8.self)
    }
}
