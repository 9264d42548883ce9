import APXCore
import Foundation

/// The item catalogue (spec 01) as data: parsed from text, never hard-coded rules.
public struct Catalogue: Sendable {
    public struct Prerequisite: Sendable, Equatable {
        public enum Condition: Sendable, Equatable {
            case always
            case unless(attribute: String, values: Set<String>)
            case only(attribute: String, values: Set<String>)
        }
        public let item: String
        public let condition: Condition

        /// Whether this prerequisite applies to a result with these attributes.
        public func applies(to attributes: [String: String]) -> Bool {
            switch condition {
            case .always: return true
            case .unless(let a, let values): return !values.contains(attributes[a] ?? "")
            case .only(let a, let values): return values.contains(attributes[a] ?? "")
            }
        }
    }

    public struct Item: Sendable {
        public let code: String
        public let stage: Int
        public let source: String
        public let carriesDocument: Bool
        public let prerequisites: [Prerequisite]
        public let name: String
    }

    public let items: [String: Item]
    public var codes: [String] { items.keys.sorted() }

    public subscript(_ code: String) -> Item? { items[code] }

    /// Item codes with every item after the items it may need (a topological order of
    /// the prerequisites, ties by code); items in a cycle come last, by code.
    public var prerequisiteOrder: [String] {
        var order: [String] = []
        var placed = Set<String>()
        var remaining = codes
        while !remaining.isEmpty {
            let ready = remaining.filter { code in items[code]!.prerequisites.allSatisfy { placed.contains($0.item) || $0.item == code } }
            if ready.isEmpty { order += remaining; break }
            order += ready
            placed.formUnion(ready)
            remaining.removeAll { placed.contains($0) }
        }
        return order
    }

    public struct ParseError: Error, CustomStringConvertible, Sendable {
        public let line: Int
        public let message: String
        public var description: String { "catalogue line \(line): \(message)" }
    }

    public static func parse(_ text: String) throws -> Catalogue {
        var items: [String: Item] = [:]
        // LF or CRLF line ends (a CRLF is one Character: `isNewline`); a BOM is ignored.
        for (i, raw) in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated() {
            let line = (raw.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? "")
                .replacingOccurrences(of: "\u{FEFF}", with: "")
            if line.allSatisfy({ $0.isWhitespace }) { continue }
            let f = line.split(separator: "|", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            guard f.count >= 5 else { throw ParseError(line: i + 1, message: "expected SXBM | stage | source | document | prerequisites | name") }
            guard !f[0].isEmpty, let stage = Int(f[1]), (1...4).contains(stage) else {
                throw ParseError(line: i + 1, message: "bad item code or stage")
            }
            guard ["yes", "no"].contains(f[3]) else { throw ParseError(line: i + 1, message: "document must be yes or no") }
            var prerequisites: [Prerequisite] = []
            for part in f[4].split(separator: ";") {
                let words = part.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
                guard let item = words.first else { continue }
                var condition = Prerequisite.Condition.always
                if words.count == 3, let eq = words[2].firstIndex(of: "=") {
                    let attribute = String(words[2][..<eq])
                    let values = Set(words[2][words[2].index(after: eq)...].split(separator: ",").map(String.init))
                    switch words[1] {
                    case "unless": condition = .unless(attribute: attribute, values: values)
                    case "if": condition = .only(attribute: attribute, values: values)
                    default: throw ParseError(line: i + 1, message: "condition must be `if` or `unless`")
                    }
                } else if words.count != 1 {
                    throw ParseError(line: i + 1, message: "bad prerequisite `\(part)`")
                }
                prerequisites.append(Prerequisite(item: item, condition: condition))
            }
            items[f[0]] = Item(code: f[0], stage: stage, source: f[2], carriesDocument: f[3] == "yes",
                               prerequisites: prerequisites, name: f.count > 5 ? f[5] : f[0])
        }
        for item in items.values {
            for p in item.prerequisites where items[p.item] == nil {
                throw ParseError(line: 0, message: "\(item.code) needs unknown item \(p.item)")
            }
        }
        return Catalogue(items: items)
    }

    /// The catalogue shipped with apx (identical to pipelines/catalogue.txt).
    public static let standard: Catalogue = try! parse(standardText)

    public static let standardText = """
# Item catalogue (事项目录), spec 01. One item a line, fields separated by `|`:
#   SXBM | stage (SPJDXH) | source | carries a document | prerequisites | name
# Prerequisites: items separated by `;`, each optionally conditioned on an attribute of
# the result being checked:
#   ITEM unless ATTR=v1,v2   (not needed when the attribute has one of the values)
#   ITEM if ATTR=v1,v2       (needed only when the attribute has one of the values)
# Adding an item (a newly connected business system) needs no code: add a line here and
# point `catalogue.file` of the pipeline settings at this file.
YDGH   | 1 | manual | yes |                              | 建设用地规划许可证
GHXK   | 2 | manual | yes |                              | 建设工程规划许可证
SGTSC  | 3 | sgt    | yes | GHXK unless RQSL=1           | 施工图审查合格书
ZBTZS  | 3 | dtjg   | no  |                              | 中标通知书
SGHT   | 3 | dtjg   | no  | ZBTZS if ZBFS=1,2            | 施工合同备案
JLHT   | 3 | dtjg   | no  | ZBTZS if ZBFS=1,2            | 监理合同备案
SGXK   | 3 | dtjg   | no  | SGTSC; SGHT; JLHT            | 施工许可证
RFSP   | 3 | manual | yes |                              | 人防审批
XFYS   | 4 | manual | yes | SGXK                         | 消防验收
LHYS   | 4 | manual | yes | SGXK                         | 联合验收意见
JGYSBA | 4 | dtjg   | no  | SGXK                         | 竣工验收备案
"""
}
