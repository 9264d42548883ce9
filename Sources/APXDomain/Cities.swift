/// The cities of the deployment's province (spec 01, Jiangxi 360000), for reports: a
/// region code's first four digits name its city (360111 → 南昌市).
public enum Cities {
    public static let names: [String: String] = [
        "3601": "南昌市", "3602": "景德镇市", "3603": "萍乡市", "3604": "九江市", "3605": "新余市", "3606": "鹰潭市",
        "3607": "赣州市", "3608": "吉安市", "3609": "宜春市", "3610": "抚州市", "3611": "上饶市",
    ]

    /// The city's name for a region code (4 or 6 digits); the code itself outside the
    /// table, "未知" when there is none.
    public static func name(_ code: String) -> String {
        let prefix = String(code.prefix(4))
        if prefix.isEmpty { return "未知" }
        return names[prefix] ?? code
    }
}
