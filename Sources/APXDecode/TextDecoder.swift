import APXCore
#if canImport(Glibc)
import Glibc
#endif

/// Streaming conversion of GB18030 or UTF-8 bytes to validated UTF-8 via iconv.
/// A multi-byte sequence cut by a chunk boundary is carried into the next chunk.
public final class TextDecoder {
    public let encoding: String
    private let cd: iconv_t
    private var carry: [UInt8] = []
    private var output = [UInt8](repeating: 0, count: 1 << 18)

    public init(encoding: String) throws {
        let name = encoding.uppercased() == "GBK" ? "GB18030" : encoding.uppercased()
        let cd = iconv_open("UTF-8", name)
        guard let cd, cd != iconv_t(bitPattern: -1) else {
            throw DecodeError(.encoding, "unsupported encoding \(encoding)")
        }
        self.cd = cd
        self.encoding = name
    }

    deinit { iconv_close(cd) }

    /// Decodes one chunk; returns the UTF-8 bytes complete so far.
    public func decode(_ chunk: UnsafeRawBufferPointer, isLast: Bool) throws -> [UInt8] {
        var input = carry
        input.append(contentsOf: chunk)
        carry.removeAll(keepingCapacity: true)
        var result: [UInt8] = []
        result.reserveCapacity(input.count + input.count / 2)
        var consumed = 0
        try input.withUnsafeMutableBytes { inRaw in
            try output.withUnsafeMutableBytes { outRaw in
                var inPtr: UnsafeMutablePointer<CChar>? = inRaw.baseAddress?.assumingMemoryBound(to: CChar.self)
                var inLeft = inRaw.count
                while inLeft > 0 {
                    var outPtr: UnsafeMutablePointer<CChar>? = outRaw.baseAddress!.assumingMemoryBound(to: CChar.self)
                    var outLeft = outRaw.count
                    let rc = iconv(cd, &inPtr, &inLeft, &outPtr, &outLeft)
                    let produced = outRaw.count - outLeft
                    result.append(contentsOf: UnsafeRawBufferPointer(start: outRaw.baseAddress, count: produced))
                    consumed = inRaw.count - inLeft
                    if rc == -1 {
                        switch errno {
                        case E2BIG: continue
                        case EINVAL:
                            // Incomplete sequence at the end of this chunk.
                            if isLast { throw DecodeError(.encoding, "truncated \(encoding) sequence at end of file") }
                            return
                        default:
                            throw DecodeError(.encoding, "bytes are not valid \(encoding)")
                        }
                    }
                }
            }
        }
        if consumed < input.count { carry = Array(input[consumed...]) }
        return result
    }
}
