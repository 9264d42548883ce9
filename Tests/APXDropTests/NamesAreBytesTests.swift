import APXCore
import Foundation
import Testing
import TestSupport
@testable import APXDrop
#if canImport(Glibc)
import Glibc
#endif

/// Spec 02 "Names are bytes": the scan pairs markers byte for byte and keeps every name.
@Suite struct FileNameTests {
    @Test func escapedFormRoundTripsAnyBytes() {
        let gbk: [UInt8] = [0xB0, 0xA1, 0xD6, 0xD0, 0x2E, 0x70, 0x64, 0x66]   // 啊中.pdf in GBK
        #expect(FileName(bytes: gbk).escaped == "\\xB0\\xA1\\xD6\\xD0.pdf")
        #expect(FileName(escaped: "\\xB0\\xA1\\xD6\\xD0.pdf").bytes == gbk)
        // Valid UTF-8 is kept as it is; a literal backslash-x-hex is itself escaped.
        #expect(FileName(bytes: Array("证书.pdf".utf8)).escaped == "证书.pdf")
        #expect(FileName(bytes: Array("a\\x41.pdf".utf8)).escaped == "a\\x5Cx41.pdf")
        #expect(FileName(bytes: Array("a\nb".utf8)).escaped == "a\\x0Ab")
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2_000 {
            let bytes = (0..<Int.random(in: 1...40, using: &generator)).map { _ in UInt8.random(in: 1...255, using: &generator) }
            let name = FileName(bytes: bytes)
            #expect(FileName(escaped: name.escaped) == name, "\(bytes)")
        }
    }

    @Test func pathsSplitAtTheLastSlashByteEvenBeforeACombiningMark() {
        let path = "/w/quarantine/tzxm/\u{324}x.csv"
        #expect(RawPath.split(path) == ("/w/quarantine/tzxm", "\u{324}x.csv"))
        #expect(RawPath.split("plain") == ("", "plain"))
    }

    @Test func nfcAndNfdSpellingsAreDifferentNames() {
        let nfc = FileName(bytes: Array("caf\u{E9}.pdf".utf8))
        let nfd = FileName(bytes: Array("cafe\u{301}.pdf".utf8))
        #expect("caf\u{E9}.pdf" == "cafe\u{301}.pdf")          // Swift strings compare canonically…
        #expect(nfc != nfd)                                      // …names do not.
        #expect(Set([nfc, nfd]).count == 2)
    }

    @Test func helperNamesFitTheFileSystemLimitWhateverTheInputName() {
        let long = String(repeating: "长", count: 80) + ".pdf"       // 244 bytes
        #expect(long.utf8.count == 244)
        let reason = FileName.sidecar(long, ".reason.json")
        #expect(FileName(escaped: reason).bytes.count <= 255)
        #expect(reason.hasSuffix(".reason.json"))
        #expect(FileName.sidecar(long, ".rejects.csv") != FileName.sidecar(String(repeating: "长", count: 81) + ".pdf", ".rejects.csv"))
        #expect(FileName.sidecar("short.pdf", ".reason.json") == "short.pdf.reason.json")
        #expect(DurableFile.temporaryName(for: reason).utf8.count <= 255)
        #expect(DurableFile.temporaryName(for: "a.pdf") == ".a.pdf.tmp")
    }
}

@Suite struct InboxBytesScanTests {
    func touch(_ dir: String, _ name: FileName) throws {
        try DurableFile.write([0x25, 0x50, 0x44, 0x46], to: dir + "/" + name.escaped)
    }

    @Test func aNonUTF8NameIsReadyAndKeptByteExact() throws {
        let ws = TempWorkspace()
        let dir = ws.path("inbox/manual")
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let gbk = FileName(bytes: [0xB0, 0xA1, 0x2E, 0x70, 0x64, 0x66])
        try touch(dir, gbk)
        try touch(dir, gbk.appending(".ok"))
        let scan = Inbox(root: ws.path("inbox")).scan(.manual)
        #expect(scan.ready.map(\.name) == ["\\xB0\\xA1.pdf"])
        #expect(RawPath.isRegularFile(scan.ready[0].path))
    }

    @Test func aMarkerPairsOnlyWithTheByteIdenticalName() throws {
        let ws = TempWorkspace()
        let dir = ws.path("inbox/manual")
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try touch(dir, FileName(bytes: Array("cafe\u{301}.pdf".utf8)))             // NFD data file, half written
        try touch(dir, FileName(bytes: Array("caf\u{E9}.pdf.ok".utf8)))             // NFC marker
        let scan = Inbox(root: ws.path("inbox")).scan(.manual)
        #expect(scan.ready.isEmpty)
        #expect(scan.notReady.map(\.name) == ["cafe\u{301}.pdf"])
        #expect(scan.orphanMarkers.map { Array($0.name.utf8) } == [Array("caf\u{E9}.pdf.ok".utf8)])
    }

    @Test func aDirectoryWithAMarkerIsReadyAndOneWithoutIsSkipped() throws {
        let ws = TempWorkspace()
        let dir = ws.path("inbox/tzxm")
        try FileManager.default.createDirectory(atPath: dir + "/TZXM_20261120_01.csv", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: dir + "/stray", withIntermediateDirectories: true)
        try touch(dir, FileName(escaped: "TZXM_20261120_01.csv.ok"))
        let scan = Inbox(root: ws.path("inbox")).scan(.tzxm)
        #expect(scan.ready.map(\.name) == ["TZXM_20261120_01.csv"])
        #expect(scan.ready.first?.kind == .directory)
        #expect(scan.skipped.map(\.name) == ["stray"])
    }

    @Test func anSgtFileWithItsOwnMarkerIsADataFileNotAnAttachment() throws {
        let ws = TempWorkspace()
        ws.drop("sgt", "readme.txt", text: "hello")
        ws.drop("sgt", "SC1_hgs.pdf", text: "%PDF", marker: false)
        let scan = Inbox(root: ws.path("inbox")).scan(.sgt)
        #expect(scan.ready.map(\.name) == ["readme.txt"])
        #expect(Array(scan.attachments.keys) == [FileName(escaped: "SC1_hgs.pdf")])
    }

    @Test func everyEntryLandsInExactlyOneList() throws {
        let ws = TempWorkspace()
        let dir = ws.path("inbox/rkqq")
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        ws.drop("rkqq", "RKQQ_20261120_01.csv", text: "x")
        ws.drop("rkqq", "RKQQ_20261120_02.csv", text: "x", marker: false)
        ws.drop("rkqq", ".hidden", text: "x", marker: false)
        ws.drop("rkqq", "a.part", text: "x")
        ws.drop("rkqq", "gone.csv.ok", text: "", marker: false)
        #expect(mkfifo(dir + "/fifo", 0o644) == 0)
        let scan = Inbox(root: ws.path("inbox")).scan(.rkqq)
        let listed = scan.ready.map(\.name) + scan.notReady.map(\.name) + scan.orphanMarkers.map(\.name) + scan.skipped.map(\.name)
            + scan.attachments.keys.map(\.escaped)
        let markersOfListed = scan.ready.map { $0.name + ".ok" }
        let onDisk = try FileManager.default.contentsOfDirectory(atPath: dir)
        #expect(Set(listed + markersOfListed) == Set(onDisk))
        #expect(listed.count == Set(listed).count)
    }
}
