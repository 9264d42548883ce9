import APXCore

/// Byte-level readings of the common, plain forms of dates, timestamps and amounts. Each
/// returns nil for anything it does not take, and the caller then reads the text the
/// general way: a reading here always equals the general one (pinned by
/// `ValueFastPathTests` against the general forms on generated values).
enum ValueBytes {
    /// The outcome of reading a 10-byte `yyyy-MM-dd`: nil when the text is not of that
    /// form; `day` nil when it is, but names no real day.
    struct DayForm { let day: Day? }

    static func isoDayForm(_ text: String) -> DayForm? {
        var text = text
        return text.withUTF8 { b in b.count == 10 && isISODayShape(b) ? DayForm(day: day(b)) : nil }
    }

    @inline(__always) static func isDigit(_ b: UInt8) -> Bool { b &- 48 < 10 }
    @inline(__always) static func two(_ b: UnsafeBufferPointer<UInt8>, _ i: Int) -> Int { Int(b[i] &- 48) * 10 + Int(b[i + 1] &- 48) }

    /// `dddd-dd-dd` in the first ten bytes.
    static func isISODayShape(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
        guard b.count >= 10, b[4] == UInt8(ascii: "-"), b[7] == UInt8(ascii: "-") else { return false }
        for i in 0..<10 where i != 4 && i != 7 && !isDigit(b[i]) { return false }
        return true
    }

    static func day(_ b: UnsafeBufferPointer<UInt8>) -> Day? {
        Day(year: two(b, 0) * 100 + two(b, 2), month: two(b, 5), day: two(b, 8))
    }

    static let midnight: [UInt8] = Array("T00:00:00+08:00".utf8)
    static let chinaOffset: [UInt8] = Array("+08:00".utf8)
    static let utcOffset: [UInt8] = Array("+00:00".utf8)

    /// `yyyy-MM-dd`, or `yyyy-MM-dd(T| )HH:mm[:ss][Z|±hh:mm]`, all fields in range →
    /// `yyyy-MM-ddTHH:mm:ss±hh:mm` (no offset: +08:00; Z: +00:00).
    static func timestamp(_ raw: String) -> String? {
        var raw = raw
        return raw.withUTF8 { b -> String? in
            let n = b.count
            guard n == 10 || (n >= 16 && n <= 25), isISODayShape(b), day(b) != nil else { return nil }
            if n == 10 {
                return String(unsafeUninitializedCapacity: 25) { out in
                    for i in 0..<10 { out[i] = b[i] }
                    for k in 0..<15 { out[10 + k] = midnight[k] }
                    return 25
                }
            }
            guard b[10] == UInt8(ascii: "T") || b[10] == UInt8(ascii: " "), isDigit(b[11]), isDigit(b[12]),
                  b[13] == UInt8(ascii: ":"), isDigit(b[14]), isDigit(b[15]), two(b, 11) < 24, two(b, 14) < 60 else { return nil }
            var i = 16
            var seconds: (UInt8, UInt8) = (48, 48)
            if i + 3 <= n, b[i] == UInt8(ascii: ":") {
                guard isDigit(b[i + 1]), isDigit(b[i + 2]), two(b, i + 1) < 60 else { return nil }
                seconds = (b[i + 1], b[i + 2])
                i += 3
            }
            var offset: (Int, UInt8)   // (start in b, or -1 for a fixed text; fixed: 8 = +08:00, 0 = +00:00)
            if i == n {
                offset = (-1, 8)
            } else if n - i == 1, b[i] == UInt8(ascii: "Z") {
                offset = (-1, 0)
            } else if n - i == 6, b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-"), isDigit(b[i + 1]), isDigit(b[i + 2]),
                      b[i + 3] == UInt8(ascii: ":"), isDigit(b[i + 4]), isDigit(b[i + 5]) {
                offset = (i, 0)
            } else {
                return nil
            }
            return String(unsafeUninitializedCapacity: 25) { out in
                for k in 0..<16 { out[k] = b[k] }
                out[10] = UInt8(ascii: "T")
                out[16] = UInt8(ascii: ":"); out[17] = seconds.0; out[18] = seconds.1
                if offset.0 >= 0 {
                    for k in 0..<6 { out[19 + k] = b[offset.0 + k] }
                } else {
                    let fixed = offset.1 == 8 ? chinaOffset : utcOffset
                    for k in 0..<6 { out[19 + k] = fixed[k] }
                }
                return 25
            }
        }
    }

    /// Digits with `,` anywhere, an optional leading `+`, at most 15 digits before an
    /// optional `.` and at least one after it → cents, rounded half-up.
    static func amountCents(_ raw: String) -> Int64? {
        var raw = raw
        return raw.withUTF8 { b -> Int64? in
            var whole: Int64 = 0, wholeDigits = 0
            var cents: Int64 = 0, fractionDigits = 0, roundUp = false
            var inFraction = false, seenAny = false
            for c in b {
                switch c {
                case UInt8(ascii: ","):
                    continue
                case UInt8(ascii: "+"):
                    guard !seenAny else { return nil }
                case UInt8(ascii: "."):
                    guard !inFraction, wholeDigits > 0 else { return nil }
                    inFraction = true
                case 48...57:
                    let d = Int64(c - 48)
                    if inFraction {
                        fractionDigits += 1
                        if fractionDigits <= 2 { cents = cents * 10 + d } else if fractionDigits == 3 { roundUp = d >= 5 }
                    } else {
                        wholeDigits += 1
                        guard wholeDigits <= 15 else { return nil }
                        whole = whole * 10 + d
                    }
                default:
                    return nil
                }
                seenAny = true
            }
            guard wholeDigits > 0, !inFraction || fractionDigits > 0 else { return nil }
            if inFraction && fractionDigits == 1 { cents *= 10 }
            return whole * 100 + cents + (roundUp ? 1 : 0)
        }
    }
}
