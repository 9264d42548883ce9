import Foundation
import Testing
@testable import XMLStream

private func file(_ text: String) -> String {
    let path = NSTemporaryDirectory() + "/xml-tokens-\(UUID().uuidString).xml"
    FileManager.default.createFile(atPath: path, contents: Data(text.utf8))
    return path
}

/// The scan as readable tuples: kind, depth, name, text.
private func tokens(_ path: String, limits: XMLLimits = XMLLimits()) throws -> [String] {
    var out: [String] = []
    try XMLStreamReader(path: path, limits: limits).scanTokens { t in
        out.append("\(t.kind) \(t.depth) \(String(decoding: t.name, as: UTF8.self)) \(String(decoding: t.text, as: UTF8.self))")
    }
    return out
}

private func scanFailure(_ text: String, limits: XMLLimits = XMLLimits()) -> XMLStreamError.Kind? {
    do { _ = try tokens(file(text), limits: limits); return nil } catch let e as XMLStreamError { return e.kind } catch { return nil }
}

@Suite struct XMLTokenScanTests {
    @Test func tokensFollowTheDocumentLikeEventsWithoutAttributes() throws {
        let path = file("<?xml version=\"1.0\"?><R a=\"1\"><X>瑋&amp;</X><E/></R>")
        #expect(try tokens(path) == ["start 0 R ", "start 1 X ", "text 2  瑋&", "end 1 X ", "start 1 E ", "end 1 E ", "end 0 R "])
        var events: [XMLEvent] = []
        let reader = try XMLStreamReader(path: path)
        while let e = try reader.next() { events.append(e) }
        #expect(events.count == 7)
    }

    @Test func doctypeIsRefusedAsByNext() {
        #expect(scanFailure("<?xml version=\"1.0\"?><!DOCTYPE R><R/>") == .doctype)
        #expect(scanFailure("<?xml version=\"1.0\"?><!DOCTYPE R [<!ENTITY e \"x\">]><R>&e;</R>") == .doctype)
    }

    @Test func limitsAndMalformedDocumentsThrowAsByNext() {
        #expect(scanFailure("<R><A><B/></A></R>", limits: XMLLimits(maxDepth: 2, maxTextBytes: 100)) == .tooDeep)
        #expect(scanFailure("<R>" + String(repeating: "x", count: 101) + "</R>", limits: XMLLimits(maxDepth: 8, maxTextBytes: 100)) == .textTooLarge)
        #expect(scanFailure("<R><A></R>") == .malformed)
    }

    @Test func anErrorThrownByTheCallbackStopsTheScan() {
        struct Stop: Error {}
        var seen = 0
        #expect(throws: Stop.self) {
            try XMLStreamReader(path: file("<R><A/><B/><C/></R>")).scanTokens { _ in
                seen += 1
                if seen == 2 { throw Stop() }
            }
        }
        #expect(seen == 2)
    }
}
