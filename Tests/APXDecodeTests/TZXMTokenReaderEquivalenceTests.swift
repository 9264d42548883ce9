import APXDomain
import Foundation
import Testing
@testable import APXDecode

/// The extract's token reader reads what the element-tree reader reads: the same records
/// (numbers, fields, units in `xh` order) and the same error (code, message, line) after the
/// same records, over generated documents — nested, repeated, empty, CDATA, comments,
/// odd attributes — and broken ones (cut off, a DOCTYPE, too deep, a text over the limit).
@Suite struct TZXMTokenReaderEquivalenceTests {
    typealias Generator = RecordReaderEquivalenceTests.Generator

    /// The extract read through element trees (`RecordReaders.xmlFields`), as `tzxmXML` read it
    /// before the token reader: the reference.
    static func tzxmXMLByTrees(path: String, options: ReadOptions, _ body: (SourceRecord) throws -> Void) throws {
        _ = try RecordReaders.xmlFields(path: path, rootName: "TZXMSJ", recordName: "XM", options: options) { node, number, flat, tables in
            let listed = node.child("JSDWLB")?.children("JSDW") ?? []
            let ordered = listed.enumerated().sorted { a, b in
                let xa = Int(a.element.attributes["xh"] ?? "") ?? Int.max
                let xb = Int(b.element.attributes["xh"] ?? "") ?? Int.max
                return xa == xb ? a.offset < b.offset : xa < xb
            }.map(\.element)
            let units = ordered.map { APXDomain.Unit(name: $0.value("DWMC") ?? "", code: $0.value("TYSHXYDM") ?? "") }
            flat.set("JSDW", units.isEmpty ? "" : "\(units.count)")
            try body(tables.record(number: number, flat, units: units))
        }
    }

    struct Outcome: Equatable {
        var records: [String] = []
        var error: String?
    }

    static func read(_ path: String, options: ReadOptions,
                     _ reader: (String, ReadOptions, (SourceRecord) throws -> Void) throws -> Void) -> Outcome {
        var out = Outcome()
        do {
            try reader(path, options) { r in
                let fields = r.fields.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: "|")
                let units = r.units.map { "\($0.name)/\($0.code)" }.joined(separator: ";")
                out.records.append("#\(r.number) \(r.line.map(String.init) ?? "-") [\(fields)] {\(units)} XMMC=\(r["XMMC"] ?? "nil") JSDW=\(r["JSDW"] ?? "nil")")
            }
        } catch let e as DecodeError {
            out.error = "\(e.code) \(e.message) \(e.line.map(String.init) ?? "-")"
        } catch {
            out.error = "other \(error)"
        }
        return out
    }

    static func text(_ g: inout Generator) -> String {
        g.pick(["", "甲", "青山湖区安置房", "  spaced  ", "a&amp;b", "<![CDATA[<raw> & 原文]]>", "x<!-- note -->y",
                "2019-360102-47-03-012345", "\n", "91360100MA35XXXX1X", "&lt;tag&gt;", "第二个"])
    }

    static func element(_ g: inout Generator, depth: Int) -> String {
        let names = depth == 0 ? ["XMDM", "XMMC", "JSDWLB", "JSDW", "ZTZE", "A", "XMMC"]
                               : ["JSDW", "DWMC", "TYSHXYDM", "B", "A", "JSDWLB", "DWMC"]
        let name = g.pick(names)
        var attributes = ""
        switch g.next(5) {
        case 0: attributes = " xh=\"\(g.pick(["1", "2", "3", "x", "", "-1", "10"]))\""
        case 1: attributes = " xh=\"\(g.next(4))\" other=\"o\""
        case 2: attributes = " lang=\"zh\""
        default: break
        }
        if g.next(6) == 0 { return "<\(name)\(attributes)/>" }
        var inner = ""
        let children = depth < 3 ? g.next(4) : 0
        if children == 0 || g.next(3) == 0 { inner += text(&g) }
        for _ in 0..<children { inner += element(&g, depth: depth + 1) + g.pick(["", "\n  ", " "]) }
        if g.next(4) == 0 { inner += text(&g) }
        return "<\(name)\(attributes)>\(inner)</\(name)>"
    }

    static func document(_ g: inout Generator) -> String {
        var records: [String] = []
        for _ in 0..<(1 + g.next(6)) {
            let record = g.next(8) == 0 ? "OTHER" : "XM"
            var body = ""
            for _ in 0..<g.next(7) { body += element(&g, depth: 0) + g.pick(["", "\n", "\t"]) }
            if g.next(3) == 0 {
                body += "<JSDWLB>" + (0..<g.next(4)).map { _ in
                    "<JSDW xh=\"\(g.pick(["1", "2", "3", "z"]))\"><DWMC>\(text(&g))</DWMC><TYSHXYDM>C\(g.next(9))</TYSHXYDM>"
                        + (g.next(3) == 0 ? "<DWMC>second</DWMC>" : "") + "</JSDW>"
                }.joined() + "</JSDWLB>"
            }
            records.append(g.next(9) == 0 ? "<\(record)/>" : "<\(record)>\(body)</\(record)>")
        }
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<TZXMSJ version=\"1\">\n" + records.joined(separator: "\n") + "\n</TZXMSJ>\n"
    }

    static func write(_ text: String) -> String {
        let path = NSTemporaryDirectory() + "/tzxm-eq-\(UUID().uuidString).xml"
        FileManager.default.createFile(atPath: path, contents: Data(text.utf8))
        return path
    }

    func same(_ text: String, options: ReadOptions = ReadOptions()) -> (Bool, Outcome, Outcome) {
        let path = Self.write(text)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let tokens = Self.read(path, options: options, SourceFormats.tzxmXML)
        let trees = Self.read(path, options: options, Self.tzxmXMLByTrees)
        return (tokens == trees, tokens, trees)
    }

    /// Reads `count` documents made by `make` both ways; the first few that differ, the
    /// records read and the errors met.
    func compare(_ count: Int, seed: UInt64,
                 _ make: (Int, inout Generator) -> (String, ReadOptions)) -> (differing: [String], records: Int, errors: Int) {
        var g = Generator(seed: seed)
        var differing: [String] = []
        var records = 0, errors = 0
        for i in 0..<count {
            let (doc, options) = make(i, &g)
            let (equal, tokens, trees) = same(doc, options: options)
            records += trees.records.count
            if trees.error != nil { errors += 1 }
            if !equal && differing.count < 3 { differing.append("\(doc)\n tokens: \(tokens)\n trees: \(trees)") }
        }
        return (differing, records, errors)
    }

    @Test func generatedDocumentsReadTheSame() {
        let (differing, records, _) = compare(400, seed: 20261201) { _, g in (Self.document(&g), ReadOptions()) }
        #expect(differing.isEmpty, "\(differing.joined(separator: "\n\n"))")
        #expect(records > 400)       // the generator makes records, not only errors
    }

    @Test func brokenDocumentsFailTheSameAfterTheSameRecords() {
        let (differing, _, errors) = compare(300, seed: 7) { i, g in
            var doc = Self.document(&g)
            var options = ReadOptions()
            switch i % 5 {
            case 0: doc = String(doc.prefix(g.next(max(doc.count, 1))))                        // cut off anywhere
            case 1: doc = doc.replacingOccurrences(of: "<TZXMSJ", with: "<!DOCTYPE TZXMSJ [<!ENTITY e \"x\">]><TZXMSJ")
            case 2: options.maxXMLDepth = 3                                                       // too deep
            case 3: options.maxXMLTextBytes = 4                                                    // a text over the limit
            default: doc = doc.replacingOccurrences(of: "TZXMSJ", with: g.pick(["TZXMSJ", "OTHERROOT"]))
            }
            return (doc, options)
        }
        #expect(differing.isEmpty, "\(differing.joined(separator: "\n\n"))")
        #expect(errors > 150)
    }

    @Test func anEmptyFileOrNoRootFailsTheSame() {
        for doc in ["", "<?xml version=\"1.0\"?>", "   ", "<?xml version=\"1.0\"?><!-- only a comment -->"] {
            let (equal, tokens, trees) = same(doc)
            #expect(equal, "\(doc): \(tokens) vs \(trees)")
            #expect(trees.error != nil)
        }
    }
}
