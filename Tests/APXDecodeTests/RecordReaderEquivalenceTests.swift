import APXCore
import APXDomain
import Foundation
import Testing
import TestSupport
import XMLStream
@testable import APXDecode

/// The readers' fast paths (CSV runs, records by field position, XML records by a shared
/// field table) read what the byte-at-a-time CSV reader and the per-record dictionaries read:
/// the same fields, lines, shape problems and errors (code, message, line), on generated input.
@Suite struct RecordReaderEquivalenceTests {
    struct Generator {
        var seed: UInt64
        mutating func next(_ n: Int) -> Int {
            seed = seed &* 6364136223846793005 &+ 1442695040888963407
            return Int(seed >> 33) % n
        }
        mutating func pick<T>(_ xs: [T]) -> T { xs[next(xs.count)] }
    }

    static func write(_ bytes: [UInt8]) -> String {
        let path = NSTemporaryDirectory() + "/csv-eq-\(UUID().uuidString).csv"
        FileManager.default.createFile(atPath: path, contents: Data(bytes))
        return path
    }

    /// The CSV reader as it read byte by byte (the algorithm before runs), over UTF-8 bytes.
    struct ReferenceCSV {
        let bytes: [UInt8]
        let maxFieldBytes: Int
        var position = 0
        var line = 1

        init(_ bytes: [UInt8], maxFieldBytes: Int) {
            self.bytes = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? Array(bytes.dropFirst(3)) : bytes
            self.maxFieldBytes = maxFieldBytes
        }

        mutating func nextByte() -> UInt8? {
            guard position < bytes.count else { return nil }
            position += 1
            return bytes[position - 1]
        }

        func peekByte() -> UInt8? { position < bytes.count ? bytes[position] : nil }

        mutating func rows() throws -> [CSVRow] {
            var out: [CSVRow] = []
            while true {
                switch try scan() {
                case .some(.some(let row)): out.append(row)
                case .some(.none): continue
                case .none: return out
                }
            }
        }

        /// nil: end; .some(nil): a blank line.
        mutating func scan() throws -> CSVRow?? {
            var fields: [String] = []
            var field: [UInt8] = []
            var inQuotes = false, afterQuote = false
            var quoteStartLine = line
            let startLine = line
            var sawAnything = false
            func finish() { fields.append(String(decoding: field, as: UTF8.self)); field.removeAll(); afterQuote = false }
            while let b = nextByte() {
                sawAnything = true
                if inQuotes {
                    if b == 0x22 {
                        if peekByte() == 0x22 { position += 1; field.append(0x22) } else { inQuotes = false; afterQuote = true }
                    } else {
                        if b == 0x0A { line += 1 }
                        field.append(b)
                    }
                } else {
                    switch b {
                    case 0x2C: finish()
                    case 0x0D, 0x0A:
                        if b == 0x0D, peekByte() == 0x0A { position += 1 }
                        line += 1
                        if fields.isEmpty && field.isEmpty && !afterQuote { return .some(nil) }
                        finish()
                        return .some(CSVRow(line: startLine, fields: fields))
                    case 0x22 where field.isEmpty && !afterQuote:
                        inQuotes = true
                        quoteStartLine = line
                    default:
                        if afterQuote { throw DecodeError(.csvMalformed, "text after a closing quote", line: line) }
                        field.append(b)
                    }
                }
                if field.count > maxFieldBytes {
                    throw DecodeError(inQuotes ? .csvMalformed : .tooLarge, "field over \(maxFieldBytes) bytes",
                                      line: inQuotes ? quoteStartLine : line)
                }
            }
            if inQuotes { throw DecodeError(.csvMalformed, "unclosed quote", line: quoteStartLine) }
            if !sawAnything || (fields.isEmpty && field.isEmpty && !afterQuote) { return nil }
            finish()
            return .some(CSVRow(line: startLine, fields: fields))
        }
    }

    enum Outcome: Equatable {
        case rows([[String]], [Int])
        case error(ReasonCode, String, Int?)
    }

    static func outcome(_ body: () throws -> [CSVRow]) -> Outcome {
        do {
            let rows = try body()
            return .rows(rows.map(\.fields), rows.map(\.line))
        } catch let e as DecodeError {
            return .error(e.code, e.message, e.line)
        } catch {
            return .error(.csvMalformed, "unexpected \(error)", nil)
        }
    }

    static func generatedCSV(_ g: inout Generator, records: Int, fieldBytes: Int) -> [UInt8] {
        let pieces = ["a", "XMDM", "南昌瑋城", "35,000", "\"", "\"\"", ",", "\r\n", "\n", "\r", " ", "x\"y", "2026-11-05", "｜"]
        var out: [UInt8] = g.next(8) == 0 ? [0xEF, 0xBB, 0xBF] : []
        for _ in 0..<records {
            let count = 1 + g.next(6)
            for f in 0..<count {
                if f > 0 { out.append(0x2C) }
                switch g.next(5) {
                case 0:
                    // Quoted, with escaped quotes and line breaks inside.
                    var text = ""
                    for _ in 0..<g.next(6) { text += g.pick(["a", "\"\"", ",", "\r\n", "\n", "南昌", "long" + String(repeating: "z", count: g.next(fieldBytes))]) }
                    out += Array(("\"" + text + "\"").utf8)
                case 1:
                    // Noise: any piece, possibly malformed.
                    for _ in 0..<g.next(4) { out += Array(g.pick(pieces).utf8) }
                default:
                    out += Array((g.pick(["Q1", "南昌瑋城建设投资有限公司", "", "2021-360111-48-00-000000", "980.00"])
                                  + (g.next(10) == 0 ? String(repeating: "w", count: g.next(fieldBytes)) : "")).utf8)
                }
            }
            out += Array(g.pick(["\r\n", "\n", "\r\n", "\r\n\r\n", ""]).utf8)
        }
        return out
    }

    @Test func csvRowsLinesAndErrorsAreTheByteAtATimeReaders() throws {
        var g = Generator(seed: 3)
        var differing: [String] = []
        var errors = 0, rows = 0
        for round in 0..<600 {
            // Some inputs over one 256 KiB read, so that runs meet the chunk's end.
            let big = round % 50 == 0
            let maxField = g.pick([16, 64, 1 << 10, 64 << 10])
            let bytes = Self.generatedCSV(&g, records: big ? 6_000 : 1 + g.next(12), fieldBytes: big ? 200 : 40)
            let path = Self.write(bytes)
            let new = Self.outcome {
                let reader = try CSVReader(path: path, defaultEncoding: "UTF-8", maxFieldBytes: maxField)
                var out: [CSVRow] = []
                while let row = try reader.next() { out.append(row) }
                return out
            }
            var reference = ReferenceCSV(bytes, maxFieldBytes: maxField)
            let old = Self.outcome { try reference.rows() }
            if new != old { differing.append("round \(round): \(String(decoding: bytes.prefix(200), as: UTF8.self).debugDescription)") }
            if case .error = old { errors += 1 } else if case .rows(let r, _) = old { rows += r.count }
            try? FileManager.default.removeItem(atPath: path)
        }
        #expect(differing.isEmpty, "\(differing.prefix(3))")
        #expect(errors > 50 && rows > 1_000)
    }

    /// The record dictionary as `CSVTable` built it per row before field tables.
    static func referenceValues(header: [String], row: [String]) -> [String: String] {
        var index: [String: Int] = [:]
        for (i, name) in header.enumerated() where index[name] == nil { index[name] = i }
        var values: [String: String] = [:]
        for (name, i) in index where i < row.count { values[name] = row[i] }
        return values
    }

    @Test func recordsByPositionReadAsTheirDictionaries() {
        var g = Generator(seed: 5)
        let names = ["XMDM", "XMMC", "JSDW", "ZBJE", "A", "", "JSDW.DWMC", "JSDWLB.JSDW.TYSHXYDM", "项目名称", "X"]
        var wrong = 0
        for _ in 0..<5_000 {
            let header = (0..<g.next(12)).map { _ in g.pick(names) }
            let row = (0..<g.next(14)).map { i in "v\(i)-\(g.next(100))" }
            let table = FieldTable(names: header)
            let record = SourceRecord(number: 1, line: 2, table: table, values: row)
            let reference = Self.referenceValues(header: header, row: row)
            if record.fields != reference { wrong += 1 }
            for name in names + ["MISSING", "xmdm"] where record[name] != reference[name] { wrong += 1 }
            var changed = record
            changed.fields["JSDW"] = "2"
            var expected = reference
            expected["JSDW"] = "2"
            if changed.fields != expected || changed["JSDW"] != "2" { wrong += 1 }
        }
        #expect(wrong == 0)
    }

    @Test func tzxmRecordsCarryTheFieldsOfTheirFlattenedElements() throws {
        // Records that differ in shape: repeated, nested, missing elements and a top-level JSDW.
        let records = [
            "<XM><XMDM>2019-360102-47-03-012345</XMDM><XMMC>甲</XMMC><JSDWLB><JSDW xh=\"2\"><DWMC>乙</DWMC><TYSHXYDM>B</TYSHXYDM></JSDW><JSDW xh=\"1\"><DWMC>甲</DWMC><TYSHXYDM>A</TYSHXYDM></JSDW></JSDWLB></XM>",
            "<XM><XMDM>2019-360102-47-03-012346</XMDM><XMMC>乙</XMMC><JSDWLB><JSDW xh=\"1\"><DWMC>丙</DWMC><TYSHXYDM>C</TYSHXYDM></JSDW></JSDWLB></XM>",
            "<XM><XMDM>2019-360102-47-03-012347</XMDM><XMMC>丙</XMMC><JSDWLB><JSDW xh=\"1\"><DWMC>丁</DWMC><TYSHXYDM>D</TYSHXYDM></JSDW></JSDWLB></XM>",
            "<XM><XMMC>重复</XMMC><XMMC>第二个</XMMC><JSDW>7</JSDW><ZTZE/><A><B>1</B><B>2</B></A><A>leaf</A></XM>",
            "<XM><XMDM>x</XMDM><JSDWLB/></XM>",
            "<OTHER><XMDM>ignored</XMDM></OTHER>",
            "<XM/>",
            "<XM><XMDM>2019-360102-47-03-012348</XMDM><XMMC>丙</XMMC><JSDWLB><JSDW xh=\"1\"><DWMC>丁</DWMC><TYSHXYDM>D</TYSHXYDM></JSDW></JSDWLB></XM>",
        ]
        let path = Self.write(Array(("<?xml version=\"1.0\" encoding=\"UTF-8\"?><TZXMSJ>" + records.joined(separator: "\n") + "</TZXMSJ>").utf8))
        var seen: [SourceRecord] = []
        try SourceFormats.tzxmXML(path: path, options: ReadOptions()) { seen.append($0) }
        // The dictionaries as they were built: flatten, then JSDW set to the unit count.
        var expected: [(Int, [String: String], Int)] = []
        let reader = try XMLStreamReader(path: path)
        try reader.forEachRecord(root: { _, _ in }) { number, node in
            guard node.name == "XM" else { return }
            var fields: [String: String] = [:]
            RecordReaders.flatten(node, prefix: "", into: &fields)
            let units = node.child("JSDWLB")?.children("JSDW").count ?? 0
            fields["JSDW"] = units == 0 ? "" : "\(units)"
            expected.append((number, fields, units))
        }
        #expect(seen.count == expected.count && seen.count == 7)
        for (record, (number, fields, units)) in zip(seen, expected) {
            #expect(record.number == number && record.line == nil)
            #expect(record.fields == fields)
            #expect(record.units.count == units)
            for name in Set(fields.keys).union(["MISSING", "JSDW", "A.B", "XMMC"]) { #expect(record[name] == fields[name], "\(name)") }
        }
        #expect(seen[0].units.map(\.name) == ["甲", "乙"])
    }
}
