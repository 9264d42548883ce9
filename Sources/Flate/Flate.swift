import CZlib

/// zlib failed or the input is not valid deflate data.
public struct FlateError: Error, CustomStringConvertible, Sendable {
    public let code: Int32
    public let message: String
    public var description: String { "zlib \(code): \(message)" }
}

/// Raw deflate / zlib streams and CRC-32 over zlib, with the inflated size capped so a
/// deflate bomb stops at the cap instead of exhausting memory.
public enum Flate {
    public enum Container: Sendable { case raw, zlib }

    private static func windowBits(_ c: Container) -> Int32 { c == .raw ? -15 : 15 }

    public static func crc32<C: Collection>(_ bytes: C, seed: UInt32 = 0) -> UInt32 where C.Element == UInt8 {
        let array = Array(bytes)
        return array.withUnsafeBufferPointer { buf in
            UInt32(CZlib.crc32(uLong(seed), buf.baseAddress, uInt(buf.count)))
        }
    }

    /// Compresses `input` (level 6).
    public static func deflate(_ input: [UInt8], container: Container = .raw, level: Int32 = 6) throws -> [UInt8] {
        var stream = z_stream()
        var rc = deflateInit2_(&stream, level, Z_DEFLATED, windowBits(container), 8, Z_DEFAULT_STRATEGY,
                               ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size))
        guard rc == Z_OK else { throw FlateError(code: rc, message: "deflateInit2 failed") }
        defer { deflateEnd(&stream) }
        var output = [UInt8](repeating: 0, count: Int(deflateBound(&stream, uLong(input.count))) + 16)
        var source = input
        rc = source.withUnsafeMutableBufferPointer { inBuf in
            output.withUnsafeMutableBufferPointer { outBuf in
                stream.next_in = inBuf.baseAddress
                stream.avail_in = uInt(inBuf.count)
                stream.next_out = outBuf.baseAddress
                stream.avail_out = uInt(outBuf.count)
                return CZlib.deflate(&stream, Z_FINISH)
            }
        }
        guard rc == Z_STREAM_END else { throw FlateError(code: rc, message: "deflate did not finish") }
        return Array(output.prefix(Int(stream.total_out)))
    }

    /// Inflates `input`; throws if the output would exceed `limit` bytes or the data is bad.
    public static func inflate(_ input: [UInt8], container: Container = .zlib, limit: Int) throws -> [UInt8] {
        var stream = z_stream()
        var rc = inflateInit2_(&stream, windowBits(container), ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size))
        guard rc == Z_OK else { throw FlateError(code: rc, message: "inflateInit2 failed") }
        defer { inflateEnd(&stream) }
        var result: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        var source = input
        try source.withUnsafeMutableBufferPointer { inBuf in
            stream.next_in = inBuf.baseAddress
            stream.avail_in = uInt(inBuf.count)
            repeat {
                let produced: Int = chunk.withUnsafeMutableBufferPointer { outBuf in
                    stream.next_out = outBuf.baseAddress
                    stream.avail_out = uInt(outBuf.count)
                    rc = CZlib.inflate(&stream, Z_NO_FLUSH)
                    return outBuf.count - Int(stream.avail_out)
                }
                guard rc == Z_OK || rc == Z_STREAM_END || (rc == Z_BUF_ERROR && produced > 0) else {
                    throw FlateError(code: rc, message: rc == Z_BUF_ERROR ? "truncated deflate data" : "invalid deflate data")
                }
                if result.count + produced > limit {
                    throw FlateError(code: Z_MEM_ERROR, message: "inflated size over the limit of \(limit) bytes")
                }
                result.append(contentsOf: chunk.prefix(produced))
                if rc == Z_BUF_ERROR || (produced == 0 && stream.avail_in == 0 && rc != Z_STREAM_END) {
                    throw FlateError(code: Z_BUF_ERROR, message: "truncated deflate data")
                }
            } while rc != Z_STREAM_END
        }
        return result
    }
}
