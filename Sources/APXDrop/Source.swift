import APXCore

/// The name patterns of a drop folder (spec 02).
extension Source {
    /// Files that travel with another file instead of being delivered on their own: the PDFs
    /// a drawing-review XML lists (spec 02: written before its marker, with no marker of
    /// their own). The scan asks only for entries without a marker: one with its own marker
    /// is a data file judged by the name patterns.
    public func isAttachment(_ name: String) -> Bool {
        self == .sgt && !name.lowercased().hasSuffix(".xml")
    }

    /// Whether `name` fits this folder's pattern.
    public func accepts(_ name: String) -> Bool { DropName(source: self, name: name) != nil }
}

enum NamePattern {
    /// `PREFIX yyyyMMdd _ N…N . ext` with a real date → the stamp and the extension (lower case).
    static func dated(_ name: String, prefix: String, serialDigits: Int, extensions: [String]) -> (DropName.Stamp, String)? {
        guard name.hasPrefix(prefix), let dot = name.lastIndex(of: ".") else { return nil }
        let ext = name[name.index(after: dot)...].lowercased()
        guard extensions.contains(ext) else { return nil }
        let body = name[name.index(name.startIndex, offsetBy: prefix.count)..<dot]
        let parts = body.split(separator: "_", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 8, parts[1].count == serialDigits,
              parts.allSatisfy({ $0.allSatisfy(\.isASCIIDigit) }) else { return nil }
        let d = Array(parts[0])
        guard let day = Day(year: Int(String(d[0..<4]))!, month: Int(String(d[4..<6]))!, day: Int(String(d[6..<8]))!) else { return nil }
        return (DropName.Stamp(date: day, digits: String(parts[0]), serial: String(parts[1])), ext)
    }
}
