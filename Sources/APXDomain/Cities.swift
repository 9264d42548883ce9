import Foundation

/// The cities of the deployment's province (spec 01, Jiangxi 360000): a county code
/// belongs to the city with the same first four digits.
public enum Cities {
    public static let jiangxi: [(code: String, name: String)] = [
        ("3601", "南昌市"), ("3602", "景德镇市"), ("3603", "萍乡市"), ("3604", "九江市"), ("3605", "新余市"),
        ("3606", "鹰潭市"), ("3607", "赣州市"), ("3608", "吉安市"), ("3609", "宜春市"), ("3610", "抚州市"),
        ("3611", "上饶市"),
    ]

    /// The city's name for a four-digit prefix; other prefixes are `其他（NNNN）`.
    public static func name(_ prefix: String) -> String {
        jiangxi.first { $0.code == prefix }?.name ?? "其他（\(prefix.isEmpty ? "无区划" : prefix)）"
    }

    /// A city named on the command line: `360100`, `3601`, `南昌市` or `南昌`.
    public static func prefix(named text: String) -> String? {
        let t = text.trimmingCharacters(in: .whitespaces)
        if t.count == 6, t.hasSuffix("00"), jiangxi.contains(where: { $0.code == String(t.prefix(4)) }) { return String(t.prefix(4)) }
        if let c = jiangxi.first(where: { $0.code == t || $0.name == t || $0.name == t + "市" }) { return c.code }
        return nil
    }
}
