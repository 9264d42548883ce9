import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Encodes text as GB18030 bytes (iconv), as the partner systems write their CSV.
public enum GB18030 {
    public static func encode(_ text: String) -> [UInt8] {
        let cd = iconv_open("GB18030", "UTF-8")!
        defer { iconv_close(cd) }
        var input = Array(text.utf8)
        var output = [UInt8](repeating: 0, count: input.count * 4 + 16)
        var inLeft = input.count
        var outLeft = output.count
        input.withUnsafeMutableBytes { inRaw in
            output.withUnsafeMutableBytes { outRaw in
                var inPtr: UnsafeMutablePointer<CChar>? = inRaw.baseAddress?.assumingMemoryBound(to: CChar.self)
                var outPtr: UnsafeMutablePointer<CChar>? = outRaw.baseAddress?.assumingMemoryBound(to: CChar.self)
                let rc = iconv(cd, &inPtr, &inLeft, &outPtr, &outLeft)
                precondition(rc != -1, "text not encodable as GB18030")
            }
        }
        return Array(output.prefix(output.count - outLeft))
    }
}
