/// Byte equality of texts: the same UTF-8 bytes (Swift's `==` on strings is canonical
/// equivalence, which takes other bytes as equal). One pass over both buffers, no iterator.
public enum SameBytes {
    public static func equal(_ a: String, _ b: String) -> Bool {
        var a = a, b = b
        return a.withUTF8 { x in
            b.withUTF8 { y in
                guard x.count == y.count else { return false }
                guard let p = x.baseAddress, let q = y.baseAddress, p != q else { return true }
                var i = 0
                let n = x.count
                while i + 8 <= n {
                    if UnsafeRawPointer(p + i).loadUnaligned(as: UInt64.self) != UnsafeRawPointer(q + i).loadUnaligned(as: UInt64.self) {
                        return false
                    }
                    i += 8
                }
                while i < n {
                    if p[i] != q[i] { return false }
                    i += 1
                }
                return true
            }
        }
    }
}
