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

    @Test func twoBlockFIPSVectorAndPaddingBoundaries() {
        #expect(SHA256.hex("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu")
                == "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1")
        // Lengths either side of the padding's one-block / two-block limits (55/56, 119/120).
        let expected: [Int: String] = [
            55: "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318",
            56: "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a",
            63: "7d3e74a05d7db15bce4ad9ec0658ea98e3f06eeecf16b4c6fff2da457ddc2f34",
            64: "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb",
            65: "635361c48bb9eab14198e76ea8ab7f1a41685d6ad62aa9146d301d4f17eb0ae0",
            119: "31eba51c313a5c08226adf18d4a359cfdfd8d2e816b13f4af952f7ea6584dcfb",
            120: "2f3d335432c70b580af0e8e1b3674a7c020d683aa5f73aaaedfdc55af904c21c",
            127: "c57e9278af78fa3cab38667bef4ce29d783787a2f731d4e12200270f0c32320a",
            128: "6836cf13bac400e9105071cd6af47084dfacad4e5e302c94bfed24e013afb73e",
            1000: "41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3",
        ]
        for (n, hex) in expected {
            #expect(SHA256.hex([UInt8](repeating: 0x61, count: n)) == hex, "\(n) bytes")
            #expect(SHA256.hex(String(repeating: "a", count: n)) == hex, "\(n) bytes as a String")
        }
    }

    @Test func longMessageOfAMillionAInPiecesOfEverySize() {
        // FIPS 180-4's long message (10^6 × "a"), fed in uneven pieces so that every path
        // (partial block topped up, whole blocks straight from the input, a remainder) runs.
        let a = [UInt8](repeating: 0x61, count: 1_000_000)
        var h = SHA256()
        var i = 0, size = 1
        while i < a.count {
            let end = min(i + size, a.count)
            a[i..<end].withUnsafeBytes { h.update($0) }
            i = end
            size = size % 300 + 37
        }
        #expect(h.finalizeHex() == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
        #expect(SHA256.hex(a) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    @Test func aNonContiguousCollectionHashesAsItsBytes() {
        let bytes = (0..<1000).map { UInt8(truncatingIfNeeded: $0 &* 7) }
        #expect(SHA256.hex(bytes.lazy.map { $0 }) == SHA256.hex(bytes))
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
