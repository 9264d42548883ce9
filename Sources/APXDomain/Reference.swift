import APXCore
import Foundation

/// Reference data a run needs besides the database: the item catalogue and the
/// working-day calendar, from the settings (shipped defaults when not configured).
public struct Reference: Sendable {
    public let catalogue: Catalogue
    public let calendar: WorkingCalendar

    public struct LoadError: Error, CustomStringConvertible, Sendable {
        public let message: String
        public var description: String { message }
    }

    public init(catalogue: Catalogue = .standard, calendar: WorkingCalendar) {
        self.catalogue = catalogue
        self.calendar = calendar
    }

    public static func load(_ settings: Settings) throws -> Reference {
        var catalogue = Catalogue.standard
        if !settings.catalogueFile.isEmpty {
            guard let text = try? String(contentsOfFile: settings.catalogueFile, encoding: .utf8) else {
                throw LoadError(message: "cannot read catalogue \(settings.catalogueFile)")
            }
            do { catalogue = try Catalogue.parse(text) } catch { throw LoadError(message: "\(error)") }
        }
        do {
            return Reference(catalogue: catalogue, calendar: try WorkingCalendar(directory: settings.calendarDirectory))
        } catch {
            throw LoadError(message: "\(error)")
        }
    }
}

/// Rule 4 of result matching: the result's project name equals a reference name, or is a
/// reference name followed by a section suffix (…一标段, …1#楼, …(二期)…).
public enum NameMatch {
    static let numerals: Set<Character> = Set("0123456789一二三四五六七八九十百千零〇两ABCDEFGHIJKabcdefghijk")
    static let units = ["标段", "标", "期", "#楼", "号楼", "#", "号", "栋", "幢", "号地块", "地块", "区", "工程", "单体", "楼"]

    public static func matches(_ name: String, references: [String]) -> Bool {
        // The same bytes have the same comparable form: no normalisation needed.
        if !name.isEmpty, references.contains(where: { $0.utf8.elementsEqual(name.utf8) }) { return true }
        let n = Normalize.comparable(name)
        for reference in references where !reference.isEmpty {
            let r = Normalize.comparable(reference)
            if n == r { return true }
            if n.hasPrefix(r), isSectionSuffix(String(n.dropFirst(r.count))) { return true }
        }
        return false
    }

    /// One or more `[(]第?<numeral>+<unit>[)]` groups, nothing else.
    static func isSectionSuffix(_ suffix: String) -> Bool {
        var rest = Substring(suffix)
        var groups = 0
        while !rest.isEmpty {
            var s = rest
            let open = s.first == "("
            if open { s = s.dropFirst() }
            if s.first == "第" { s = s.dropFirst() }
            let digits = s.prefix { numerals.contains($0) }
            guard !digits.isEmpty else { return false }
            s = s.dropFirst(digits.count)
            guard let unit = units.first(where: { s.hasPrefix($0) }) else { return false }
            s = s.dropFirst(unit.count)
            if open { guard s.first == ")" else { return false }; s = s.dropFirst() }
            rest = s
            groups += 1
        }
        return groups > 0
    }
}
