/// An XML fragment written as UTF-8 bytes into one growing buffer: the same bytes as
/// concatenating `XMLText.element`/`XMLText.escape` strings, without a String per piece.
public struct XMLBytes {
    public var bytes: [UInt8]

    public init(capacity: Int = 512) {
        bytes = []
        bytes.reserveCapacity(capacity)
    }

    /// Markup we write ourselves (never escaped).
    @inline(__always)
    public mutating func raw(_ s: StaticString) {
        s.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    /// Text written as it is (a timestamp, a code the caller formats).
    public mutating func raw(_ s: String) {
        var s = s
        s.withUTF8 { bytes.append(contentsOf: $0) }
    }

    /// Text or an attribute value, escaped as `XMLText.escape` does.
    public mutating func escaped(_ s: String) {
        var s = s
        let plain = s.withUTF8 { utf8 -> Bool in
            guard XMLText.isPlain(utf8) else { return false }
            bytes.append(contentsOf: utf8)
            return true
        }
        if !plain {
            var escaped = XMLText.escape(s)
            escaped.withUTF8 { bytes.append(contentsOf: $0) }
        }
    }

    /// A decimal integer.
    public mutating func int(_ value: Int) {
        if value < 0 { bytes.append(UInt8(ascii: "-")) }
        var magnitude = value.magnitude
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                     UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var count = 0
        withUnsafeMutableBytes(of: &digits) { d in
            repeat {
                d[19 - count] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                magnitude /= 10
                count += 1
            } while magnitude > 0
            bytes.append(contentsOf: UnsafeRawBufferPointer(rebasing: d[(20 - count)...]))
        }
    }

    /// `<NAME>escaped</NAME>`, as `XMLText.element`.
    public mutating func element(_ name: StaticString, _ value: String) {
        open(name)
        escaped(value)
        close(name)
    }

    /// `<NAME>integer</NAME>`.
    public mutating func element(_ name: StaticString, _ value: Int) {
        open(name)
        int(value)
        close(name)
    }

    @inline(__always)
    public mutating func open(_ name: StaticString) {
        bytes.append(UInt8(ascii: "<")); raw(name); bytes.append(UInt8(ascii: ">"))
    }

    @inline(__always)
    public mutating func close(_ name: StaticString) {
        bytes.append(UInt8(ascii: "<")); bytes.append(UInt8(ascii: "/")); raw(name); bytes.append(UInt8(ascii: ">"))
    }

    public var string: String { String(decoding: bytes, as: UTF8.self) }
}
