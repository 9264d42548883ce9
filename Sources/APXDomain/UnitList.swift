import Foundation

/// The unit-list field of the sources (`JSDW` and the like).
public enum UnitList {
    /// `名称|USCC;名称|USCC` (lead first), split on the decoded text.
    public static func parse(_ text: String) -> [Unit] {
        // Full-width separators (｜ ；) are the same separators after NFKC.
        let text = text.replacingOccurrences(of: "｜", with: "|").replacingOccurrences(of: "；", with: ";")
        return text.split(separator: ";", omittingEmptySubsequences: true).compactMap { pair in
            let trimmed = pair.trimmingCharacters(in: .whitespacesAndNewlines)
            if trimmed.isEmpty { return nil }
            let parts = trimmed.split(separator: "|", maxSplits: 1, omittingEmptySubsequences: false)
            return Unit(name: String(parts[0]), code: parts.count > 1 ? String(parts[1]) : "")
        }
    }
}
