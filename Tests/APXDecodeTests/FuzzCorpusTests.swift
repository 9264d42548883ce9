import APXCore
import Foundation
import Testing
@testable import APXDecode
@testable import XMLStream

/// Every seed and every crasher kept under Tests/FuzzCorpus goes through the readers the
/// fuzzers drive; each must end in a value or a DecodeError, never a crash or a hang.
@Suite struct FuzzCorpusTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("FuzzCorpus").path

    static func files(_ kind: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: root + "/" + kind)) ?? []).sorted().map { root + "/" + kind + "/" + $0 }
    }

    @Test func xmlCorpusReplays() throws {
        let files = Self.files("xml")
        #expect(!files.isEmpty)
        for file in files {
            let data = try #require(FileManager.default.contents(atPath: file))
            try data.withUnsafeBytes { raw in
                if let reader = try? XMLStreamReader(memory: raw, limits: XMLLimits(maxDepth: 64, maxTextBytes: 1 << 16)) {
                    var n = 0
                    while n < 100_000, (try? reader.next()) != nil { n += 1 }
                }
            }
            _ = try? SourceFormats.sgt(path: file, options: ReadOptions())
            try? SourceFormats.tzxmXML(path: file, options: ReadOptions()) { _ in }
        }
    }

    @Test func csvCorpusReplays() throws {
        let files = Self.files("csv")
        #expect(!files.isEmpty)
        for file in files {
            for encoding in ["GB18030", "UTF-8"] {
                if let reader = try? CSVReader(path: file, defaultEncoding: encoding, maxFieldBytes: 4096, maxFileBytes: 1 << 20) {
                    while (try? reader.next()) ?? nil != nil {}
                }
            }
        }
    }

    @Test func pdfCorpusReplays() throws {
        let files = Self.files("pdf")
        #expect(!files.isEmpty)
        for file in files { _ = try? PDFMetadataReader.info(path: file) }
    }
}
