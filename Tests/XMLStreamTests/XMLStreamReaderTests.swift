import Foundation
import Testing
@testable import XMLStream

private func write(_ bytes: [UInt8]) -> String {
    let path = NSTemporaryDirectory() + "/xml-\(UUID().uuidString).xml"
    FileManager.default.createFile(atPath: path, contents: Data(bytes))
    return path
}
private func write(_ text: String) -> String { write(Array(text.utf8)) }

private func events(_ path: String, limits: XMLLimits = XMLLimits()) throws -> [XMLEvent] {
    let reader = try XMLStreamReader(path: path, limits: limits)
    var out: [XMLEvent] = []
    while let e = try reader.next() { out.append(e) }
    return out
}

private func failure(_ path: String, limits: XMLLimits = XMLLimits()) -> XMLStreamError.Kind? {
    do { _ = try events(path, limits: limits); return nil } catch let e as XMLStreamError { return e.kind } catch { return nil }
}

@Suite struct XMLStreamReaderTests {
    @Test func readsElementsAttributesTextAndEmptyElements() throws {
        let path = write("<?xml version=\"1.0\"?><R a=\"1\"><X>瑋</X><E/></R>")
        let e = try events(path)
        #expect(e == [.start(name: "R", attributes: ["a": "1"], depth: 0), .start(name: "X", attributes: [:], depth: 1),
                      .text("瑋"), .end(name: "X", depth: 1), .start(name: "E", attributes: [:], depth: 1),
                      .end(name: "E", depth: 1), .end(name: "R", depth: 0)])
    }

    @Test func doctypeIsRefused() {
        #expect(failure(write("<?xml version=\"1.0\"?><!DOCTYPE R><R/>")) == .doctype)
    }

    @Test func billionLaughsIsRefusedAtTheDoctype() {
        var dtd = "<!DOCTYPE lolz [<!ENTITY lol \"lol\">"
        for i in 1...9 { dtd += "<!ENTITY lol\(i) \"" + String(repeating: "&lol\(i - 1 == 0 ? "" : String(i - 1));", count: 10) + "\">" }
        dtd += "]>"
        #expect(failure(write("<?xml version=\"1.0\"?>\(dtd)<R>&lol9;</R>")) == .doctype)
    }

    @Test func externalEntityIsNeverLoaded() {
        let secret = write("secret")
        let path = write("<?xml version=\"1.0\"?><!DOCTYPE R [<!ENTITY x SYSTEM \"file://\(secret)\">]><R>&x;</R>")
        #expect(failure(path) == .doctype)
    }

    @Test func malformedDocumentFails() {
        #expect(failure(write("<R><X></R>")) == .malformed)
        #expect(failure(write("")) != nil)
    }

    @Test func nestingDeeperThanTheLimitFails() {
        let deep = String(repeating: "<a>", count: 70) + String(repeating: "</a>", count: 70)
        #expect(failure(write(deep)) == .tooDeep)
        let ok = String(repeating: "<a>", count: 10) + String(repeating: "</a>", count: 10)
        #expect(failure(write(ok)) == nil)
    }

    @Test func textNodeOverTheLimitFails() {
        let big = "<R>" + String(repeating: "x", count: 5000) + "</R>"
        #expect(failure(write(big), limits: XMLLimits(maxDepth: 64, maxTextBytes: 4096)) == .textTooLarge)
    }

    @Test func declaredGB18030IsDecoded() throws {
        var bytes = Array("<?xml version=\"1.0\" encoding=\"GB18030\"?><R>".utf8)
        bytes += [0xAC, 0x7C, 0xD5, 0x5C] // 瑋 誠
        bytes += Array("</R>".utf8)
        let e = try events(write(bytes))
        #expect(e.contains(.text("瑋誠")))
    }

    @Test func invalidBytesForTheDeclaredEncodingFail() {
        var bytes = Array("<?xml version=\"1.0\" encoding=\"UTF-8\"?><R>".utf8)
        bytes += [0xFF, 0xFE, 0x80]
        bytes += Array("</R>".utf8)
        #expect(failure(write(bytes)) == .encoding)
    }

    /// Issue 8: invalid GBK bytes under `encoding="GBK"` were reported as malformed (the
    /// conversion error reached only libxml2's global last error, not the reader's handler).
    @Test func invalidBytesForADeclaredGBKAreAnEncodingError() {
        var bytes = Array("<?xml version=\"1.0\" encoding=\"GBK\"?>\n<R><X>".utf8)
        bytes += [0x81, 0x20, 0xFF, 0xFE]
        bytes += Array("</X></R>".utf8)
        #expect(failure(write(bytes)) == .encoding)
    }

    @Test func aMalformedDocumentAfterAnEncodingErrorIsStillMalformed() {
        var bad = Array("<?xml version=\"1.0\" encoding=\"GBK\"?><R>".utf8)
        bad += [0x81, 0x20]
        _ = failure(write(bad + Array("</R>".utf8)))
        #expect(failure(write("<?xml version=\"1.0\"?><R><X></R>")) == .malformed)
    }

    @Test func recordsAreHandedOutOneAtATime() throws {
        let path = write("<L><X><A>1</A><B><C>2</C></B></X><X><A>3</A></X></L>")
        var seen: [(Int, String)] = []
        try XMLStreamReader(path: path).forEachRecord(root: { name, _ in #expect(name == "L") }) { n, node in
            seen.append((n, node.value("A") ?? ""))
            if n == 1 { #expect(node.child("B")?.value("C") == "2") }
        }
        #expect(seen.map(\.0) == [1, 2])
        #expect(seen.map(\.1) == ["1", "3"])
    }
}
