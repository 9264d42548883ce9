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
        if encoding == "GB18030", let decoded = decodeByTable(chunk, isLast: isLast) { return decoded }
        return try decodeWhole(chunk, isLast: isLast)
    }

    /// GB18030 of ASCII and two-byte codes read through `GB18030Table`, a lead byte at the
    /// chunk's end carried (as iconv carries an incomplete sequence). nil — `carry` untouched —
    /// on anything else (four-byte codes, invalid bytes, the end of the file inside a code),
    /// which `decodeWhole` then converts or refuses as before.
    private func decodeByTable(_ chunk: UnsafeRawBufferPointer, isLast: Bool) -> [UInt8]? {
        if carry.isEmpty { return byTable(chunk, isLast: isLast) }
        var input = carry
        input.append(contentsOf: chunk)
        return input.withUnsafeBytes { byTable($0, isLast: isLast) }
    }

    private func byTable(_ input: UnsafeRawBufferPointer, isLast: Bool) -> [UInt8]? {
        let n = input.count
        var rest: [UInt8] = []
        let table = GB18030Table.entries
        var result = [UInt8](repeating: 0, count: n + n / 2 + 1)
        let written = result.withUnsafeMutableBufferPointer { out -> Int? in
            var i = 0, o = 0
            while i < n {
                let b = input[i]
                if b < 0x80 {
                    out[o] = b; o += 1; i += 1
                    continue
                }
                guard b >= 0x81 && b <= 0xFE else { return nil }
                guard i + 1 < n else {
                    if isLast { return nil }
                    rest = [b]
                    break
                }
                let t = input[i + 1]
                guard t >= 0x40 && t <= 0xFE else { return nil }
                let e = table[Int(b &- 0x81) * GB18030Table.trails + Int(t &- 0x40)]
                guard e != 0 else { return nil }
                // Two input bytes give at most three: the output (1.5 × input) always has room.
                out[o] = UInt8(truncatingIfNeeded: e >> 16)
                let length = Int(e >> 24)
                if length > 1 { out[o + 1] = UInt8(truncatingIfNeeded: e >> 8) }
                if length > 2 { out[o + 2] = UInt8(truncatingIfNeeded: e) }
                o += length
                i += 2
            }
            return o
        }
        guard let written else { return nil }
        result.removeSubrange(written...)
        carry = rest
        return result
    }

    /// The whole chunk through iconv (and the reference for `decodeByTable`).
    func decodeWhole(_ chunk: UnsafeRawBufferPointer, isLast: Bool) throws -> [UInt8] {
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
