import APXCore
import Foundation

/// Date and amount forms of spec 02/03.
public enum Values {
    /// `yyyy-MM-dd`, `yyyy/M/d`, `yyyyMMdd`, `yyyy年M月d日` (after NFKC) → a real date.
    public static func date(_ raw: String) -> Day? {
        let s = Normalize.code(raw)
        // yyyy-MM-dd, the common form, read from its bytes.
        if s.utf8.count == 10, let form = ValueBytes.isoDayForm(s) { return form.day }
        if s.count == 8, s.allSatisfy(\.isASCIIDigit) {
            let c = Array(s)
            return Day(year: Int(String(c[0..<4]))!, month: Int(String(c[4..<6]))!, day: Int(String(c[6..<8]))!)
        }
        var parts: [Substring]
        if s.contains("年") {
            guard s.hasSuffix("日") else { return nil }
            parts = s.dropLast().split(omittingEmptySubsequences: false) { $0 == "年" || $0 == "月" }
        } else if s.contains("/") {
            parts = s.split(separator: "/", omittingEmptySubsequences: false)
        } else {
            parts = s.split(separator: "-", omittingEmptySubsequences: false)
            // yyyy-MM-dd only: both month and day two digits.
            guard parts.count == 3, parts[1].count == 2, parts[2].count == 2 else { return nil }
        }
        guard parts.count == 3, parts[0].count == 4, (1...2).contains(parts[1].count), (1...2).contains(parts[2].count),
              parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isASCIIDigit) }) else { return nil }
        return Day(year: Int(parts[0])!, month: Int(parts[1])!, day: Int(parts[2])!)
    }

    /// A timestamp: ISO 8601 (`T` or space, seconds optional, offset optional) or a date.
    /// Returns the normalised form `yyyy-MM-ddTHH:mm:ss+08:00` (offset kept when given).
    public static func timestamp(_ raw: String) -> String? {
        if let fast = ValueBytes.timestamp(raw) { return fast }
        return generalTimestamp(raw)
    }

    /// `timestamp` for any text (the byte form above takes the common ones).
    static func generalTimestamp(_ raw: String) -> String? {
        let normal = Normalize.nfkc(raw)
        let s = Normalize.hasWhiteSpaceAtAnEnd(normal) ? normal.trimmingCharacters(in: .whitespaces) : normal
        if let day = date(s) { return day.iso + "T00:00:00+08:00" }
        guard s.count >= 16, let day = Day(iso: String(s.prefix(10))) else { return legacyTimestamp(s) }
        let sep = s[s.index(s.startIndex, offsetBy: 10)]
        guard sep == "T" || sep == " " else { return legacyTimestamp(s) }
        var rest = s.dropFirst(11)
        var offset = "+08:00"
        if rest.hasSuffix("Z") { offset = "+00:00"; rest = rest.dropLast() }
        else if rest.count > 6, let sign = rest.dropLast(5).last, sign == "+" || sign == "-",
                rest.suffix(6).dropFirst().count == 5 {
            offset = String(rest.suffix(6)); rest = rest.dropLast(6)
        }
        let hms = rest.split(separator: ":", omittingEmptySubsequences: false)
        guard (2...3).contains(hms.count), hms.allSatisfy({ $0.count == 2 && $0.allSatisfy(\.isASCIIDigit) }),
              let h = Int(hms[0]), let m = Int(hms[1]), h < 24, m < 60 else { return legacyTimestamp(s) }
        let sec = hms.count == 3 ? Int(hms[2])! : 0
        guard sec < 60 else { return nil }
        func two(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
        return "\(day.iso)T\(two(h)):\(two(m)):\(two(sec))\(offset)"
    }

    /// An amount in 万元: separators dropped, not negative, rounded half-up to the cent.
    /// Returns cents.
    public static func amountCents(_ raw: String) -> Int64? {
        if let fast = ValueBytes.amountCents(raw) { return fast }
        return generalAmountCents(raw)
    }

    /// `amountCents` for any text (the byte form above takes the plain ones).
    static func generalAmountCents(_ raw: String) -> Int64? {
        let code = Normalize.code(raw)
        let s = code.utf8.contains(UInt8(ascii: ",")) ? code.replacingOccurrences(of: ",", with: "") : code
        guard !s.isEmpty, !s.hasPrefix("-") else { return nil }
        let body = s.hasPrefix("+") ? String(s.dropFirst()) : s
        let parts = body.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), !parts[0].isEmpty, parts[0].count <= 15,
              parts.allSatisfy({ $0.allSatisfy(\.isASCIIDigit) }) else { return nil }
        if parts.count == 2 && parts[1].isEmpty { return nil }
        let whole = Int64(parts[0])!
        var fraction: Int64 = 0
        if parts.count == 2 {
            let digits = Array(parts[1])
            let cents = Int64(String(digits.prefix(2)).padding(toLength: 2, withPad: "0", startingAt: 0))!
            let roundUp = digits.count > 2 && digits[2] >= "5"
            fraction = cents + (roundUp ? 1 : 0)
        }
        return whole * 100 + fraction
    }

    public static func formatCents(_ cents: Int64) -> String {
        let c = cents % 100
        return "\(cents / 100).\(c < 10 ? "0" : "")\(c)"
    }
}
