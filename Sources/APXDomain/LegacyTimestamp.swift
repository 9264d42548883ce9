import APXCore

extension Values {
    /// A timestamp as older systems export it: any date form of spec 02 (`yyyy/M/d`,
    /// `yyyyMMdd`, `yyyy年M月d日`, `yyyy-MM-dd`), then white space (or `T`) and `H:mm[:ss]`
    /// local time (+08:00). Returns the normalised `yyyy-MM-ddTHH:mm:ss+08:00`.
    static func legacyTimestamp(_ s: String) -> String? {
        guard let split = s.firstIndex(where: { $0 == " " || $0 == "T" || $0 == "\t" }) else { return nil }
        guard let day = date(String(s[..<split])) else { return nil }
        let time = s[s.index(after: split)...].trimmingCharacters(in: .whitespaces)
        let hms = time.split(separator: ":", omittingEmptySubsequences: false)
        guard (2...3).contains(hms.count),
              hms.allSatisfy({ (1...2).contains($0.count) && $0.allSatisfy(\.isASCIIDigit) }),
              let h = Int(hms[0]), let m = Int(hms[1]), h < 24, m < 60, hms[1].count == 2 else { return nil }
        let sec = hms.count == 3 ? Int(hms[2])! : 0
        guard sec < 60, hms.count < 3 || hms[2].count == 2 else { return nil }
        func two(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
        return "\(day.iso)T\(two(h)):\(two(m)):\(two(sec))+08:00"
    }
}
