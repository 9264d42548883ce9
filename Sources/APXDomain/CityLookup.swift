import Foundation

extension Cities {
    /// The province's cities in code order (4-digit prefix, name).
    public static var jiangxi: [(code: String, name: String)] { names.keys.sorted().map { ($0, names[$0]!) } }

    /// A city named on the command line: `360100`, `3601`, `南昌市` or `南昌`.
    public static func prefix(named text: String) -> String? {
        let t = text.trimmingCharacters(in: .whitespaces)
        if t.count == 6, t.hasSuffix("00"), names[String(t.prefix(4))] != nil { return String(t.prefix(4)) }
        if names[t] != nil { return t }
        return names.first { $0.value == t || $0.value == t + "市" }?.key
    }
}
