import APXCore
#if canImport(Glibc)
import Glibc
#endif

/// The two-byte GB18030 codes (lead 81–FE, trail 40–FE) as UTF-8, each converted once by
/// iconv itself — the encoding is stateless, so a code reads the same wherever it stands.
/// An entry packs the length (1–3) in the top byte and the bytes below; 0: a code iconv refuses
/// or converts to four bytes (the decoder leaves such input to iconv).
enum GB18030Table {
    static let trails = 0xFE - 0x40 + 1

    static let entries: [UInt32] = build()

    @inline(__always) static func entry(lead: UInt8, trail: UInt8) -> UInt32 {
        entries[Int(lead &- 0x81) * trails + Int(trail &- 0x40)]
    }

    /// One iconv pass over every code, each followed by a line feed; a code iconv refuses is
    /// skipped (and stays 0). Any surprise in the output leaves the whole table 0.
    static func build() -> [UInt32] {
        let count = 126 * trails
        var table = [UInt32](repeating: 0, count: count)
        guard let cd = Optional(iconv_open("UTF-8", "GB18030")), cd != iconv_t(bitPattern: -1) else { return table }
        defer { iconv_close(cd) }
        var input = [UInt8](repeating: 0x0A, count: count * 3)
        var k = 0
        for lead in 0x81...0xFE {
            for trail in 0x40...0xFE {
                input[k] = UInt8(lead); input[k + 1] = UInt8(trail)
                k += 3
            }
        }
        var output = [UInt8](repeating: 0, count: count * 5)
        var refused = [Bool](repeating: false, count: count)
        var produced = 0
        let complete = input.withUnsafeMutableBytes { inRaw -> Bool in
            output.withUnsafeMutableBytes { outRaw -> Bool in
                var inPtr: UnsafeMutablePointer<CChar>? = inRaw.baseAddress!.assumingMemoryBound(to: CChar.self)
                var inLeft = inRaw.count
                var outPtr: UnsafeMutablePointer<CChar>? = outRaw.baseAddress!.assumingMemoryBound(to: CChar.self)
                var outLeft = outRaw.count
                while inLeft > 0 {
                    if iconv(cd, &inPtr, &inLeft, &outPtr, &outLeft) == -1 {
                        let offset = inRaw.count - inLeft
                        guard errno == EILSEQ, offset % 3 == 0 else { return false }
                        refused[offset / 3] = true
                        inPtr = inPtr! + 3
                        inLeft -= 3
                    }
                }
                produced = outRaw.count - outLeft
                return true
            }
        }
        guard complete else { return table }
        var o = 0
        for k in 0..<count where !refused[k] {
            let start = o
            while o < produced, output[o] != 0x0A { o += 1 }
            let length = o - start
            guard o < produced, (1...4).contains(length), output[start] >= 0x80 else {
                return [UInt32](repeating: 0, count: count)
            }
            o += 1
            // A few codes name supplementary-plane characters (four UTF-8 bytes): left to iconv.
            if length == 4 { continue }
            var packed = UInt32(length) << 24
            for i in 0..<length { packed |= UInt32(output[start + i]) << (16 - 8 * i) }
            table[k] = packed
        }
        return o == produced ? table : [UInt32](repeating: 0, count: count)
    }
}
