import Foundation
import Testing
@testable import APXCore

@Suite struct SHA256Tests {
    @Test func knownVectors() {
        #expect(SHA256.hex([UInt8]()) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SHA256.hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(SHA256.hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")
                == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    }

    @Test func chunkedUpdatesEqualOneUpdate() {
        let data = (0..<10_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        var h = SHA256()
        var i = 0
        for size in [1, 63, 64, 65, 1000, 7] {
            h.update(data[i..<min(i + size, data.count)])
            i += size
        }
        h.update(data[i...])
        #expect(h.finalizeHex() == SHA256.hex(data))
    }

    @Test func fileDigestEqualsMemoryDigest() throws {
        let path = NSTemporaryDirectory() + "/sha-\(UUID().uuidString)"
        let bytes = [UInt8](repeating: 0x61, count: 1_000_000)
        FileManager.default.createFile(atPath: path, contents: Data(bytes))
        let (hex, size) = try SHA256.file(at: path)
        #expect(size == 1_000_000)
        #expect(hex == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }
}

@Suite struct DayTests {
    @Test func rejectsImpossibleDates() {
        #expect(Day(year: 2026, month: 2, day: 30) == nil)
        #expect(Day(year: 2024, month: 2, day: 29) != nil)
        #expect(Day(year: 2026, month: 2, day: 29) == nil)
        #expect(Day(iso: "2026-1-01") == nil)
    }

    @Test func ordinalRoundTripsAndWeekdays() {
        let d = Day(iso: "2026-11-21")!
        #expect(Day(ordinal: d.ordinal) == d)
        #expect(d.weekday == 6) // Saturday
        #expect(Day(iso: "1970-01-01")!.ordinal == 0)
        #expect(d.adding(days: 30).iso == "2026-12-21")
        #expect(Day(iso: "2026-12-31")!.adding(days: 1).iso == "2027-01-01")
    }
}

@Suite struct SettingsTests {
    @Test func defaultsAreTheSpecs() {
        let s = Settings()
        #expect(s.pendingDays == 30 && s.archiveDeadlineDays == 90 && s.archiveReminderDays == 15)
        #expect(s.maxRecordsPerPushFile == 5000 && s.maxCSVFieldBytes == 65536 && s.maxXMLDepth == 64)
        #expect(s.encodings["tzxm"] == "GB18030" && s.encodings["rkqq"] == "UTF-8")
    }

    @Test func pipelineFileOverridesAndRejectsUnknownKeys() throws {
        let s = try Settings.parse("# comment\nperiods.pending_days = 10\nencoding.rkqq = gbk\n")
        #expect(s.pendingDays == 10)
        #expect(s.encodings["rkqq"] == "GB18030")
        #expect(throws: Settings.ParseError.self) { try Settings.parse("no.such = 1") }
        #expect(throws: Settings.ParseError.self) { try Settings.parse("periods.pending_days = -1") }
    }

    /// spec 05: settings "come from an optional pipeline file" — one written on Windows (CRLF,
    /// a BOM) means the same as one written on Linux.
    @Test func aPipelineFileWithCRLFAndABOMReadsTheSame() throws {
        let s = try Settings.parse("\u{FEFF}# comment\r\nperiods.pending_days = 10\r\noperator.unit = 南昌市城建档案馆\r\n")
        #expect(s.pendingDays == 10)
        #expect(s.operatorUnit == "南昌市城建档案馆")
        #expect(throws: Settings.ParseError.self) { try Settings.parse("periods.pending_days = 10\r\nno.such = 1\r\n") }
    }
}

@Suite struct CSVTextTests {
    @Test func fieldsWithSeparatorsQuotesOrLineBreaksAreQuoted() {
        #expect(CSVText.field("plain") == "plain")
        #expect(CSVText.field("a,b") == "\"a,b\"")
        #expect(CSVText.field("say \"hi\"") == "\"say \"\"hi\"\"\"")
        #expect(CSVText.field("line1\r\nline2") == "\"line1\r\nline2\"")   // "\r\n" is one Character
        #expect(CSVText.line(["x", "", "y,z"]) == "x,,\"y,z\"\r\n")
    }
}

@Suite struct JSONAndXMLTextTests {
    @Test func jsonEscapesControlCharacters() {
        #expect(JSON.string("a\"b\n\u{1}").serialized() == "\"a\\\"b\\n\\u0001\"")
        #expect(JSON.object([("k", .array([.int(1), .null]))]).serialized() == "{\"k\":[1,null]}")
    }

    @Test func xmlTextEscapesMarkupAndDropsForbiddenCharacters() {
        #expect(XMLText.escape("<a&\"b\"\u{1}>") == "&lt;a&amp;&quot;b&quot;&gt;")
    }
}
