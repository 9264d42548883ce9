import APXFixtures
import Flate
import Foundation
import Testing
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// Hostile and broken input: each file quarantined with its reason, in bounded time and
/// memory (peak RSS of the apx process, measured), nothing outside the workspace touched.
@Suite(.serialized) struct HostileInputTests {
    /// Generous for a debug build whose baseline is ~40 MiB; a leak proportional to the
    /// input (tens to hundreds of MiB here) would exceed it.
    static let memoryBoundMiB = 120.0
    static let timeBoundSeconds = 30.0

    func quarantine(_ source: String, _ name: String, _ write: (String) throws -> Void, expect code: String,
                    sourceLocation: SourceLocation = #_sourceLocation) throws {
        let ws = TempWorkspace("apx-hostile")
        try FileManager.default.createDirectory(atPath: ws.path("inbox/\(source)"), withIntermediateDirectories: true)
        try write(ws.path("inbox/\(source)/\(name)"))
        FileManager.default.createFile(atPath: ws.path("inbox/\(source)/\(name).ok"), contents: Data())
        // `apx check` must say what the night says; files the night reads for seconds are
        // compared with APX_CHECK_LARGE=1 only (the CI budget), those refused unread always.
        let size = ((try? FileManager.default.attributesOfItem(atPath: ws.path("inbox/\(source)/\(name)")))?[.size] as? Int) ?? 0
        let compare = size <= 8 << 20 || size > 512 << 20 || ProcessInfo.processInfo.environment["APX_CHECK_LARGE"] != nil
        let checked = compare ? CheckEquivalence.check(ws.root, asOf: "2026-11-21", sourceLocation: sourceLocation) : [:]
        let m = APXProcess.measured(["run", "--root", ws.root, "--as-of", "2026-11-21"])
        if compare { CheckEquivalence.expectSame(checked, CheckEquivalence.lastNight(ws.root), sourceLocation: sourceLocation) }
        print("hostile \(source)/\(name.debugDescription): \(code) peak RSS \(String(format: "%.1f", m.peakRSSMiB)) MiB, \(String(format: "%.2f", m.seconds)) s")
        #expect(m.status == 65, "\(name): exit \(m.status)", sourceLocation: sourceLocation)
        let reason = ws.read("quarantine/\(source)/\(name).reason.json") ?? ""
        #expect(reason.contains("\"code\": \"\(code)\""), "\(name): \(reason.prefix(200))", sourceLocation: sourceLocation)
        #expect(m.peakRSSMiB < Self.memoryBoundMiB, "\(name): peak RSS \(m.peakRSSMiB) MiB", sourceLocation: sourceLocation)
        #expect(m.seconds < Self.timeBoundSeconds, "\(name): \(m.seconds) s", sourceLocation: sourceLocation)
    }

    func text(_ s: String) -> (String) throws -> Void { { try s.write(toFile: $0, atomically: false, encoding: .utf8) } }
    func bytes(_ b: [UInt8]) -> (String) throws -> Void { { FileManager.default.createFile(atPath: $0, contents: Data(b)) } }

    @Test func xmlBombsAndExternalEntities() throws {
        var laughs = "<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\">"
        for i in 1...9 { laughs += "<!ENTITY lol\(i) \"" + String(repeating: "&lol\(i == 1 ? "" : String(i - 1));", count: 10) + "\">" }
        laughs += "]><TZXMSJ><XM><XMDM>&lol9;</XMDM></XM></TZXMSJ>"
        try quarantine("tzxm", "TZXM_20261120_01.xml", text(laughs), expect: "XML_DTD")
        let big = String(repeating: "x", count: 100_000)
        try quarantine("tzxm", "TZXM_20261120_02.xml",
                       text("<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY a \"\(big)\">]><TZXMSJ>" + String(repeating: "&a;", count: 50_000) + "</TZXMSJ>"),
                       expect: "XML_DTD")
        try quarantine("tzxm", "TZXM_20261120_03.xml",
                       text("<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY x SYSTEM \"file:///etc/shadow\">]><TZXMSJ><XM>&x;</XM></TZXMSJ>"),
                       expect: "XML_DTD")
        try quarantine("tzxm", "TZXM_20261120_04.xml",
                       text("<?xml version=\"1.0\"?><!DOCTYPE r SYSTEM \"http://127.0.0.1:9/evil.dtd\"><TZXMSJ/>"), expect: "XML_DTD")
    }

    @Test func xmlTooDeepOrTextTooLarge() throws {
        try quarantine("tzxm", "TZXM_20261120_01.xml",
                       text("<TZXMSJ>" + String(repeating: "<XM>", count: 100) + String(repeating: "</XM>", count: 100) + "</TZXMSJ>"),
                       expect: "XML_MALFORMED")
        try quarantine("tzxm", "TZXM_20261120_02.xml",
                       text("<TZXMSJ><XM><XMMC>" + String(repeating: "长", count: 600_000) + "</XMMC></XM></TZXMSJ>"),
                       expect: "TOO_LARGE")
    }

    @Test func csvUnclosedQuoteNearTheStartOfALargeFile() throws {
        try quarantine("rkqq", "RKQQ_20261120_01.csv", { path in
            FileManager.default.createFile(atPath: path, contents: nil)
            let h = FileHandle(forWritingAtPath: path)!
            h.write(Data((Builders.rkqqHeader.joined(separator: ",") + "\r\n\"RK1,unclosed\r\n").utf8))
            let row = Data(String(repeating: "RK2,2019-360102-47-03-012345,项目,360111,1,x,y,3,2026-11-20\r\n", count: 10_000).utf8)
            for _ in 0..<60 { h.write(row) }                      // ~50 MiB after the runaway quote
            try h.close()
        }, expect: "CSV_MALFORMED")
    }

    @Test func csvSingleHugeLine() throws {
        // 64 MiB without a line break: the reader stops at the 64 KiB field limit (TOO_LARGE:
        // a field over its limit, not in quotes).
        try quarantine("rkqq", "RKQQ_20261120_01.csv", { path in
            FileManager.default.createFile(atPath: path, contents: nil)
            let h = FileHandle(forWritingAtPath: path)!
            let chunk = Data(repeating: 0x41, count: 1 << 20)
            for _ in 0..<64 { h.write(chunk) }
            try h.close()
        }, expect: "TOO_LARGE")
        // 1 GiB (sparse): over the 512 MiB limit, refused without being read.
        try quarantine("rkqq", "RKQQ_20261120_02.csv", { path in
            FileManager.default.createFile(atPath: path, contents: nil)
            let fd = open(path, O_WRONLY)
            ftruncate(fd, 1 << 30)
            close(fd)
        }, expect: "TOO_LARGE")
    }

    @Test func hostilePDFs() throws {
        let keys: [(String, String)] = [("XMDM", Cast.p1), ("SXBM", "GHXK"), ("WJBH", "1"), ("FZJG", "x"), ("FZRQ", "2026-01-01"),
                                        ("JSDWDM", Cast.lead1.uscc), ("Title", "t")]
        // A /Prev chain that loops, and no /Info: the loop ends, the file is PDF_METADATA.
        let loop = Array("%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\n".utf8)
        let at = loop.count
        try quarantine("manual", "loop.pdf", bytes(loop + Array("xref\n0 2\n0000000000 65535 f\r\n0000000009 00000 n\r\ntrailer\n<< /Size 2 /Prev \(at) >>\nstartxref\n\(at)\n%%EOF\n".utf8)),
                       expect: "PDF_METADATA")
        try quarantine("manual", "huge-n.pdf", bytes(PDFWriter.document(info: keys, layout: .xrefStream(predictor: true),
                                                                         declaredObjectCount: 99_999_999)), expect: "PDF_FORMAT")
        // A deflate bomb: 1 GiB of zeros as the object stream holding /Info.
        let bomb = try Flate.deflate([UInt8](repeating: 0, count: 256 << 20), container: .zlib)
        var pdf = Array("%PDF-1.5\n".utf8)
        let objAt = pdf.count
        pdf += Array("7 0 obj\n<< /Type /XRef /Size 8 /W [1 4 2] /Filter /FlateDecode /Length \(bomb.count) >>\nstream\n".utf8) + bomb
        pdf += Array("\nendstream\nendobj\nstartxref\n\(objAt)\n%%EOF\n".utf8)
        try quarantine("manual", "bomb.pdf", bytes(pdf), expect: "PDF_FORMAT")
        try quarantine("manual", "negative.pdf", bytes(Array("%PDF-1.4\ntrailer\n<< /Size 1 >>\nstartxref\n-77\n%%EOF\n".utf8)), expect: "PDF_FORMAT")
        var absurd = Array("%PDF-1.4\n".utf8)
        let xrefAt = absurd.count
        absurd += Array("xref\n0 99999999999\n0000000000 65535 f\r\ntrailer\n<< /Size 1 >>\nstartxref\n\(xrefAt)\n%%EOF\n".utf8)
        try quarantine("manual", "absurd.pdf", bytes(absurd), expect: "PDF_FORMAT")
    }

    @Test func oddNamesAreQuarantinedAsNameUnknown() throws {
        for name in ["RKQQ_20261120_01..csv", "RKQQ_２０２６１１２０_01.csv", "RKQQ\u{202E}vsc.10_02116202_.csv", "RKQQ_20261120_01.csv\nevil",
                     "..RKQQ"] where !name.hasPrefix(".") {
            try quarantine("rkqq", name, text("x"), expect: "NAME_UNKNOWN")
        }
    }

    @Test func linksAreNeverFollowedOutOfTheWorkspace() throws {
        let ws = TempWorkspace("apx-links")
        let outside = TempWorkspace("apx-outside")
        outside.drop("tzxm", "TZXM_20261120_01.csv", text: "secret")
        try FileManager.default.createDirectory(atPath: ws.path("inbox"), withIntermediateDirectories: true)
        // The whole drop folder is a link to a folder outside the workspace.
        try FileManager.default.createSymbolicLink(atPath: ws.path("inbox/tzxm"), withDestinationPath: outside.path("inbox/tzxm"))
        let r = APXProcess.run(["run", "--root", ws.root, "--json"])
        #expect(r.status == 0)
        #expect(r.stdout.contains("is not a directory"))
        #expect(outside.read("inbox/tzxm/TZXM_20261120_01.csv") == "secret")
        #expect(outside.exists("inbox/tzxm/TZXM_20261120_01.csv.ok"))
    }
}
