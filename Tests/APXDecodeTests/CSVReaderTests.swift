import APXCore
import APXDomain
import Foundation
import Testing
import TestSupport
@testable import APXDecode

private func file(_ bytes: [UInt8]) -> String {
    let path = NSTemporaryDirectory() + "/csv-\(UUID().uuidString).csv"
    FileManager.default.createFile(atPath: path, contents: Data(bytes))
    return path
}

private func rows(_ bytes: [UInt8], encoding: String = "UTF-8", maxField: Int = 64 << 10) throws -> [CSVRow] {
    let reader = try CSVReader(path: file(bytes), defaultEncoding: encoding, maxFieldBytes: maxField)
    var out: [CSVRow] = []
    while let row = try reader.next() { out.append(row) }
    return out
}

private func code(_ body: () throws -> Void) -> ReasonCode? {
    do { try body(); return nil } catch let e as DecodeError { return e.code } catch { return nil }
}

@Suite struct CSVReaderTests {
    @Test func quotedCommasQuotesAndLineBreaksStayInTheirField() throws {
        let r = try rows(Array("a,b,c\r\n\"x,1\",\"say \"\"hi\"\"\",\"line1\r\nline2\"\r\nlast,,\n".utf8))
        #expect(r.count == 3)
        #expect(r[1].fields == ["x,1", "say \"hi\"", "line1\r\nline2"])
        #expect(r[1].line == 2)
        #expect(r[2].line == 4)
        #expect(r[2].fields == ["last", "", ""])
    }

    @Test func gb18030TrailBytePipeIsDecodedBeforeSplitting() throws {
        // 瑋 = AC 7C: its trail byte is ASCII '|', which must not split the unit pair.
        let text = "JSDW\r\n南昌瑋城建设|91360100MA35AB01X0;誠信公司|91360100MA35AB0280\r\n"
        let r = try rows(GB18030.encode(text), encoding: "GB18030")
        #expect(r[1].fields == ["南昌瑋城建设|91360100MA35AB01X0;誠信公司|91360100MA35AB0280"])
        let units = UnitList.parse(r[1].fields[0])
        #expect(units.map(\.name) == ["南昌瑋城建设", "誠信公司"])
        #expect(units.map(\.code) == ["91360100MA35AB01X0", "91360100MA35AB0280"])
    }

    @Test func fullWidthUnitSeparatorsAreTheSameSeparators() {
        let units = UnitList.parse("甲公司｜91360100MA35AB01X0；乙公司|91360100MA35AB0280")
        #expect(units.map(\.name) == ["甲公司", "乙公司"])
        #expect(units.map(\.code) == ["91360100MA35AB01X0", "91360100MA35AB0280"])
    }

    @Test func utf8BOMOverridesTheDefaultEncoding() throws {
        let r = try rows([0xEF, 0xBB, 0xBF] + Array("名称\r\n瑋\r\n".utf8), encoding: "GB18030")
        #expect(r[0].fields == ["名称"])
        #expect(r[1].fields == ["瑋"])
    }

    @Test func multiByteCharactersAcrossChunkBoundariesDecode() throws {
        // Longer than one 256 KiB read so that GB18030 pairs straddle chunk boundaries.
        let line = String(repeating: "瑋", count: 1000)
        let text = "A\r\n" + Array(repeating: line, count: 300).joined(separator: "\r\n") + "\r\n"
        let r = try rows(GB18030.encode(text), encoding: "GB18030")
        #expect(r.count == 301)
        #expect(r.dropFirst().allSatisfy { $0.fields == [line] })
    }

    @Test func unclosedQuoteIsMalformedWithItsLine() {
        do {
            _ = try rows(Array("a,b\r\n1,2\r\n\"open,3\r\n4,5\r\n".utf8))
            Issue.record("expected CSV_MALFORMED")
        } catch let e as DecodeError {
            #expect(e.code == .csvMalformed)
            #expect(e.line == 3)
        } catch { Issue.record("\(error)") }
    }

    @Test func unclosedQuoteInALargeFileStopsAtTheFieldLimit() {
        let body = "a\r\n\"" + String(repeating: "x", count: 200_000)
        #expect(code { _ = try rows(Array(body.utf8), maxField: 64 << 10) } == .csvMalformed)
    }

    /// spec 03 limits: "one CSV field ≤ 64 KiB" — an unquoted field over it is TOO_LARGE.
    @Test func anUnquotedFieldOverTheLimitIsTooLarge() {
        let body = "a,b\r\n1," + String(repeating: "x", count: 70_000) + "\r\n"
        #expect(code { _ = try rows(Array(body.utf8), maxField: 64 << 10) } == .tooLarge)
        #expect(code { _ = try rows(Array(("a,b\r\n1," + String(repeating: "x", count: 60_000) + "\r\n").utf8)) } == nil)
    }

    @Test func invalidGB18030IsAnEncodingError() {
        #expect(code { _ = try rows([0x41, 0x0D, 0x0A, 0x81, 0x20, 0x0D, 0x0A], encoding: "GB18030") } == .encoding)
        #expect(code { _ = try rows([0x41, 0x0A, 0xC3, 0x28, 0x0A], encoding: "UTF-8") } == .encoding)
    }

    @Test func textAfterAClosingQuoteIsMalformed() {
        #expect(code { _ = try rows(Array("a\r\n\"x\"y\r\n".utf8)) } == .csvMalformed)
    }

    @Test func blankLinesAreSkipped() throws {
        #expect(try rows(Array("a\n\n\nb\n\r\n".utf8)).map(\.fields) == [["a"], ["b"]])
    }
}

@Suite struct CSVTableTests {
    @Test func columnsInAnyOrderAndUnknownOnesIgnored() throws {
        let path = file(Array("EXTRA,SQDWDM,QQBH\r\nz,U1,Q1\r\n".utf8))
        let table = try CSVTable(reader: try CSVReader(path: path, defaultEncoding: "UTF-8"), required: ["QQBH", "SQDWDM"])
        let record = try #require(try table.next())
        #expect(record.values["QQBH"] == "Q1")
        #expect(record.values["SQDWDM"] == "U1")
        #expect(record.shapeProblem == nil)
    }

    @Test func missingRequiredColumnIsCSVHeader() {
        let path = file(Array("QQBH\r\nQ1\r\n".utf8))
        #expect(code { _ = try CSVTable(reader: try CSVReader(path: path, defaultEncoding: "UTF-8"), required: ["QQBH", "XMDM"]) } == .csvHeader)
    }

    @Test func rowWithTheWrongFieldCountIsFlagged() throws {
        let path = file(Array("A,B\r\n1,2,3\r\n".utf8))
        let table = try CSVTable(reader: try CSVReader(path: path, defaultEncoding: "UTF-8"), required: ["A"])
        #expect(try table.next()?.shapeProblem != nil)
    }
}

@Suite struct TZXMXMLTests {
    @Test func unitsAreOrderedByXh() throws {
        let p = ProjectFixture(xmdm: "2019-360102-47-03-012345", xmmc: "项目",
                               units: [("甲", "A1"), ("乙", "B2"), ("丙", "C3")])
        let path = file(Array(Builders.tzxmXML([p]).utf8))
        var seen: [SourceRecord] = []
        try SourceFormats.tzxmXML(path: path, options: ReadOptions()) { seen.append($0) }
        #expect(seen.count == 1)
        #expect(seen[0].units.map(\.name) == ["甲", "乙", "丙"])
        #expect(seen[0]["XMMC"] == "项目")
    }

    @Test func wrongRootIsXMLRoot() {
        let path = file(Array("<?xml version=\"1.0\"?><OTHER><XM/></OTHER>".utf8))
        #expect(code { try SourceFormats.tzxmXML(path: path, options: ReadOptions()) { _ in } } == .xmlRoot)
    }
}
