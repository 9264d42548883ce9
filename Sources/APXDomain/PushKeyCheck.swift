extension PushKey {
    /// Whether `PushKey(dfsjzj:)` parses `dfsjzj`, without building the key: an ASCII text is
    /// checked on its bytes (the cut at its first two `:`, as the parse makes it); anything
    /// else is parsed.
    public static func isWellFormed(dfsjzj: String) -> Bool {
        let ascii: Bool? = dfsjzj.utf8.withContiguousStorageIfAvailable { bytes in
            guard bytes.count >= 4, bytes[2] == UInt8(ascii: ":") else { return false }
            var second = -1
            for i in 0..<bytes.count {
                let b = bytes[i]
                if b >= 0x80 { return nil }
                if b == UInt8(ascii: ":"), i > 2, second < 0 { second = i }
            }
            switch (bytes[0], bytes[1]) {
            case (UInt8(ascii: "X"), UInt8(ascii: "M")): return second < 0
            case (UInt8(ascii: "B"), UInt8(ascii: "L")), (UInt8(ascii: "P"), UInt8(ascii: "F")):
                return second > 3 && second < bytes.count - 1
            default: return false
            }
        } ?? nil
        return ascii ?? (PushKey(dfsjzj: dfsjzj) != nil)
    }
}
