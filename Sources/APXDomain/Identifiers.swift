import APXCore

/// Identifier formats of spec 01.
public enum Identifiers {
    /// Province prefixes of GB/T 2260.
    public static let provinces: Set<Int> = Set(Array(11...15) + Array(21...23) + Array(31...37)
        + Array(41...46) + Array(50...54) + Array(61...65) + [71, 81, 82])

    /// XMDM: `NNNN-NNNNNN-NN-NN-NNNNNN`, the region segment starting with a province code.
    public static func isValidXMDM(_ code: String) -> Bool {
        var code = code
        return code.withUTF8(isValidXMDM)
    }

    /// `isValidXMDM` over the UTF-8 bytes: a valid code is 24 ASCII bytes, so any other
    /// length is not one.
    static func isValidXMDM(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
        guard b.count == 24 else { return false }
        for i in 0..<24 {
            if i == 4 || i == 11 || i == 14 || i == 17 {
                guard b[i] == UInt8(ascii: "-") else { return false }
            } else {
                guard b[i] &- 48 < 10 else { return false }
            }
        }
        return isProvince(Int(b[5] &- 48) * 10 + Int(b[6] &- 48))
    }

    /// `provinces` as a table by number (0–99).
    static let provinceTable: [Bool] = (0..<100).map { provinces.contains($0) }

    @inline(__always) static func isProvince(_ n: Int) -> Bool { n >= 0 && n < 100 && provinceTable[n] }

    /// The split-and-compare form of `isValidXMDM` (kept as the reference in tests).
    static func isValidXMDMSlow(_ code: String) -> Bool {
        let parts = code.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 5, zip(parts, [4, 6, 2, 2, 6]).allSatisfy({ $0.count == $1 && $0.allSatisfy(\.isASCIIDigit) }),
              let province = Int(parts[1].prefix(2)) else { return false }
        return provinces.contains(province)
    }

    /// GCDM in its stored 4-digit form: the XMDM itself, or `XMDM-NNNN` (a 3-digit serial
    /// means the same sub-project). nil when it is neither.
    public static func canonicalGCDM(_ code: String) -> String? {
        if isValidXMDM(code) { return code }
        guard code.count >= 28 else { return nil }
        let xmdm = String(code.prefix(24))
        let rest = code.dropFirst(24)
        guard isValidXMDM(xmdm), rest.first == "-" else { return nil }
        let serial = rest.dropFirst()
        guard (3...4).contains(serial.count), serial.allSatisfy(\.isASCIIDigit), let n = Int(serial), n >= 1 else { return nil }
        return xmdm + "-" + String(repeating: "0", count: 4 - String(n).count) + String(n)
    }

    /// Region code: 6 digits, valid province; within Jiangxi (36) the city part is 00–11.
    public static func isValidRegion(_ code: String) -> Bool {
        var code = code
        return code.withUTF8 { b in
            // Six ASCII digits: six bytes.
            guard b.count == 6 else { return false }
            for i in 0..<6 where b[i] &- 48 >= 10 { return false }
            let province = Int(b[0] &- 48) * 10 + Int(b[1] &- 48)
            guard isProvince(province) else { return false }
            if province == 36 { return Int(b[2] &- 48) * 10 + Int(b[3] &- 48) <= 11 }
            return true
        }
    }

    /// The Character-wise form of `isValidRegion` (kept as the reference in tests).
    static func isValidRegionSlow(_ code: String) -> Bool {
        guard code.count == 6, code.allSatisfy(\.isASCIIDigit), let province = Int(code.prefix(2)),
              provinces.contains(province) else { return false }
        if province == 36 {
            let city = Int(code.dropFirst(2).prefix(2)) ?? 99
            return (0...11).contains(city)
        }
        return true
    }

    /// The city (first four digits + "00") a region code belongs to.
    public static func city(of region: String) -> String { String(region.prefix(4)) + "00" }

    // MARK: USCC (GB 32100-2015)

    static let usccAlphabet = Array("0123456789ABCDEFGHJKLMNPQRTUWXY")
    static let usccWeights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]

    /// The check character for the first 17 characters, nil if one is outside the alphabet.
    public static func usccCheckCharacter(_ first17: String) -> Character? {
        let chars = Array(first17)
        guard chars.count == 17 else { return nil }
        var sum = 0
        for (i, c) in chars.enumerated() {
            guard let v = usccAlphabet.firstIndex(of: c) else { return nil }
            sum += v * usccWeights[i]
        }
        return usccAlphabet[(31 - sum % 31) % 31]
    }

    /// 18 characters, check character right, positions 9–17 a valid organisation code.
    public static func isValidUSCC(_ code: String) -> Bool {
        var code = code
        return code.withUTF8(isValidUSCC)
    }

    /// Values of the USCC alphabet by ASCII byte (-1: not in it).
    static let usccValues: [Int] = (0..<128).map { b in usccAlphabet.firstIndex(of: Character(Unicode.Scalar(UInt8(b)))) ?? -1 }

    /// `isValidUSCC` over the UTF-8 bytes: the alphabets are ASCII, so 18 bytes or none.
    static func isValidUSCC(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
        guard b.count == 18 else { return false }
        var sum = 0
        for i in 0..<17 {
            guard b[i] < 128 else { return false }
            let v = usccValues[Int(b[i])]
            guard v >= 0 else { return false }
            sum += v * usccWeights[i]
        }
        guard b[17] < 128, usccValues[Int(b[17])] == (31 - sum % 31) % 31 else { return false }
        var org = 0
        for i in 8..<16 {
            switch b[i] {
            case 48...57: org += (Int(b[i]) - 48) * orgWeights[i - 8]
            case 65...90: org += (Int(b[i]) - 55) * orgWeights[i - 8]
            default: return false
            }
        }
        let c = 11 - org % 11
        let check: UInt8 = c == 10 ? UInt8(ascii: "X") : c == 11 ? UInt8(ascii: "0") : UInt8(48 + c)
        return b[16] == check
    }

    /// The Character-by-Character form of `isValidUSCC` (kept as the reference in tests).
    static func isValidUSCCSlow(_ code: String) -> Bool {
        let chars = Array(code)
        guard chars.count == 18, let check = usccCheckCharacter(String(chars[0..<17])), check == chars[17] else { return false }
        return isValidOrganisationCode(String(chars[8..<17]))
    }

    // MARK: Organisation code (GB 11714-1997)

    static let orgWeights = [3, 7, 9, 10, 5, 8, 4, 2]

    public static func organisationCheckCharacter(_ body: String) -> Character? {
        let chars = Array(body)
        guard chars.count == 8 else { return nil }
        var sum = 0
        for (i, c) in chars.enumerated() {
            guard let v = orgValue(c) else { return nil }
            sum += v * orgWeights[i]
        }
        let c = 11 - sum % 11
        switch c {
        case 10: return "X"
        case 11: return "0"
        default: return Character(String(c))
        }
    }

    static func orgValue(_ c: Character) -> Int? {
        guard let a = c.asciiValue else { return nil }
        switch a {
        case 48...57: return Int(a) - 48
        case 65...90: return Int(a) - 55
        default: return nil
        }
    }

    /// 9 characters (8 body + check), with or without the hyphen.
    public static func isValidOrganisationCode(_ code: String) -> Bool {
        let plain = code.count == 10 && Array(code)[8] == "-" ? code.replacingHyphen() : code
        let chars = Array(plain)
        guard chars.count == 9, let check = organisationCheckCharacter(String(chars[0..<8])) else { return false }
        return check == chars[8]
    }

    /// A unit code in canonical form: a USCC, or a 9-character organisation code.
    public static func canonicalUnitCode(_ code: String) -> String? {
        if isValidUSCC(code) { return code }
        let plain = code.count == 10 && Array(code)[8] == "-" ? code.replacingHyphen() : code
        return isValidOrganisationCode(plain) ? plain : nil
    }

    /// Two unit codes denote the same unit: equal, or an organisation code equal to the
    /// USCC's positions 9–17 (older records carry organisation codes).
    public static func sameUnit(_ a: String, _ b: String) -> Bool {
        if a == b { return true }
        func org(_ c: String) -> String { c.count == 18 ? String(Array(c)[8..<17]) : c }
        return (a.count == 9 || b.count == 9) && org(a) == org(b)
    }

    /// Construction permit number: region(6) + yyyyMMdd + serial(2) + category 01–99.
    public static func isValidPermitNumber(_ code: String) -> Bool {
        guard code.count == 18, code.allSatisfy(\.isASCIIDigit) else { return false }
        let c = Array(code)
        guard isValidRegion(String(c[0..<6])),
              let y = Int(String(c[6..<10])), let m = Int(String(c[10..<12])), let d = Int(String(c[12..<14])),
              Day(year: y, month: m, day: d) != nil, String(c[16..<18]) != "00" else { return false }
        return true
    }
}


extension String {
    func replacingHyphen() -> String { String(filter { $0 != "-" }) }
}
