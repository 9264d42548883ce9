import APXCore
import APXFixtures
import Foundation
import Testing
@testable import APXDecode

private func file(_ bytes: [UInt8]) -> String {
    let path = NSTemporaryDirectory() + "/pdf-\(UUID().uuidString).pdf"
    FileManager.default.createFile(atPath: path, contents: Data(bytes))
    return path
}

private func code(_ body: () throws -> Void) -> ReasonCode? {
    do { try body(); return nil } catch let e as DecodeError { return e.code } catch { return nil }
}

private let keys: [(String, String)] = [
    ("XMDM", "2019-360102-47-03-012345"), ("SXBM", "GHXK"), ("WJBH", "建字第360111202600012号"),
    ("FZJG", "南昌市自然资源和规划局"), ("FZRQ", "2026-09-15"), ("JSDWDM", "91110000600037341L"),
    ("Title", "建设工程规划许可证（瑋）"),
]

@Suite struct PDFMetadataReaderTests {
    @Test(arguments: [PDFWriter.TextForm.literalUTF16, .hexUTF16])
    func classicXrefTable(form: PDFWriter.TextForm) throws {
        let info = try PDFMetadataReader.info(path: file(PDFWriter.document(info: keys, layout: .classic, form: form)))
        for (k, v) in keys { #expect(info[k] == v, "\(k)") }
    }

    @Test func xrefStreamWithInfoInACompressedObjectStream() throws {
        let info = try PDFMetadataReader.info(path: file(PDFWriter.document(info: keys, layout: .xrefStream(predictor: false))))
        #expect(info["WJBH"] == "建字第360111202600012号")
        #expect(info["Title"] == "建设工程规划许可证（瑋）")
    }

    @Test func xrefStreamWithPNGUpPredictor() throws {
        let info = try PDFMetadataReader.info(path: file(PDFWriter.document(info: keys, layout: .xrefStream(predictor: true),
                                                                           form: .literalUTF16)))
        #expect(info["FZJG"] == "南昌市自然资源和规划局")
    }

    @Test func incrementalUpdateNewestRevisionWins() throws {
        let first = PDFWriter.document(info: keys.map { $0.0 == "WJBH" ? ($0.0, "OLD-001") : $0 }, layout: .classic)
        let updated = PDFWriter.incrementalUpdate(first, info: keys, form: .literalUTF16)
        let info = try PDFMetadataReader.info(path: file(updated))
        #expect(info["WJBH"] == "建字第360111202600012号")
        let base = try PDFMetadataReader.info(path: file(first))
        #expect(base["WJBH"] == "OLD-001")
    }

    @Test func incrementalUpdateOverAnXrefStreamBase() throws {
        let first = PDFWriter.document(info: [("XMDM", "A"), ("Title", "first")], layout: .xrefStream(predictor: true))
        let info = try PDFMetadataReader.info(path: file(PDFWriter.incrementalUpdate(first, info: [("XMDM", "B"), ("Title", "second")])))
        #expect(info["XMDM"] == "B")
        #expect(info["Title"] == "second")
    }

    @Test func literalStringEscapes() throws {
        let raw = Array("%PDF-1.4\n1 0 obj\n<< /Title (a\\(b\\)c\\\\d\\nE\\101\\0611\\\n2 (nested) end) /T2 (\\344\\226) >>\nendobj\n".utf8)
        let xrefAt = raw.count
        let pdf = raw + Array("xref\n0 2\n0000000000 65535 f\r\n0000000009 00000 n\r\ntrailer\n<< /Size 2 /Info 1 0 R >>\nstartxref\n\(xrefAt)\n%%EOF\n".utf8)
        let info = try PDFMetadataReader.info(path: file(pdf))
        #expect(info["Title"] == "a(b)c\\d\nEA112 (nested) end")
        // PDFDocEncoding: 0xE4 = ä, 0x96 = Œ.
        #expect(info["T2"] == "äŒ")
    }

    @Test func encryptedIsPDFEncrypted() {
        #expect(code { _ = try PDFMetadataReader.info(path: file(PDFWriter.document(info: keys, encrypted: true))) } == .pdfEncrypted)
    }

    @Test func missingInfoIsPDFMetadata() {
        let raw = Array("%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\n".utf8)
        let pdf = raw + Array("xref\n0 2\n0000000000 65535 f\r\n0000000009 00000 n\r\ntrailer\n<< /Size 2 /Root 1 0 R >>\nstartxref\n\(raw.count)\n%%EOF\n".utf8)
        #expect(code { _ = try PDFMetadataReader.info(path: file(pdf)) } == .pdfMetadata)
    }

    @Test func truncatedOrNotAPDFIsPDFFormat() {
        let whole = PDFWriter.document(info: keys)
        #expect(code { _ = try PDFMetadataReader.info(path: file(Array(whole.prefix(whole.count / 2)))) } == .pdfFormat)
        #expect(code { _ = try PDFMetadataReader.info(path: file(Array("hello, not a pdf".utf8))) } == .pdfFormat)
        #expect(code { _ = try PDFMetadataReader.info(path: file([])) } == .pdfFormat)
    }

    @Test func loopingPrevChainEnds() throws {
        // A trailer whose /Prev points at its own xref section.
        let raw = Array("%PDF-1.4\n1 0 obj\n<< /Title (x) >>\nendobj\n".utf8)
        let at = raw.count
        let pdf = raw + Array("xref\n0 2\n0000000000 65535 f\r\n0000000009 00000 n\r\ntrailer\n<< /Size 2 /Info 1 0 R /Prev \(at) >>\nstartxref\n\(at)\n%%EOF\n".utf8)
        #expect(try PDFMetadataReader.info(path: file(pdf))["Title"] == "x")
    }

    @Test func objectStreamClaimingAHugeNIsRefused() {
        let huge = PDFWriter.document(info: keys, layout: .xrefStream(predictor: true), declaredObjectCount: 99_999_999)
        #expect(code { _ = try PDFMetadataReader.info(path: file(huge)) } == .pdfFormat)
        let tooMany = PDFWriter.document(info: keys, layout: .xrefStream(predictor: true), declaredObjectCount: 50)
        #expect(code { _ = try PDFMetadataReader.info(path: file(tooMany)) } == .pdfFormat)
    }

    @Test func absurdStreamLengthFallsBackOrFails() {
        var pdf = Array("%PDF-1.4\n".utf8)
        let objAt = pdf.count
        pdf += Array("1 0 obj\n<< /Title (ok) >>\nendobj\n2 0 obj\n<< /Length 99999999999 >>\nstream\nabc\nendstream\nendobj\n".utf8)
        let xrefAt = pdf.count
        pdf += Array("xref\n0 2\n0000000000 65535 f\r\n\(String(objAt).leftPadded(10)) 00000 n\r\ntrailer\n<< /Size 3 /Info 1 0 R >>\nstartxref\n\(xrefAt)\n%%EOF\n".utf8)
        #expect((try? PDFMetadataReader.info(path: file(pdf)))?["Title"] == "ok")
        var negative = Array("%PDF-1.4\n".utf8)
        negative += Array("trailer\n<< /Size 1 >>\nstartxref\n-5\n%%EOF\n".utf8)
        #expect(code { _ = try PDFMetadataReader.info(path: file(negative)) } == .pdfFormat)
    }
}

import Flate
