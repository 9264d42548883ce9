import APXDomain
import Foundation
import Testing
@testable import APXStore

/// The encoder's fast paths (map keys of ASCII bytes sorted as bytes, values without an
/// escape copied at once) write what String order and the byte-by-byte escaping wrote.
@Suite struct ResultCodecOrderTests {
    @Test func mapPairsComeInTheOrderOfTheSortedKeysWhateverTheirBytes() {
        let maps: [[String: String]] = [
            ["ZBJE": "1", "BDMC": "2", "ZBDWDM": "", "A": "x", "a": "y", "_": "z", "A1": "", "A10": "", "A2": ""],
            ["é": "1", "ea\u{301}": "2", "E": "3", "字段": "4", "z": "5", "𠀀": "6", "ｚ": "7"],
            [:],
        ]
        for m in maps {
            #expect(ResultCodec.sortedPairs(m).map(\.key) == m.keys.sorted())
            #expect(ResultCodec.sortedPairs(m).map(\.value) == m.keys.sorted().map { m[$0]! })
        }
    }

    @Test func valuesWithAndWithoutEscapesAreWrittenAsJSONEncoderWritesThem() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        for text in ["", "plain", "南昌市瑋城", "a/b", "q\"uote", "back\\slash", "tab\t", "\u{0}\u{1F}\u{7F}", "é 𠀀 😀", "end/"] {
            var r = ResultRecord(sxbm: "S", number: text, xmdm: "X", gcdm: "X")
            r.title = text
            r.fields = [text: text, "K": text]
            #expect(ResultCodec.encode(r) == String(decoding: try encoder.encode(r), as: UTF8.self), "\(text)")
        }
    }
}
