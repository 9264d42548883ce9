import APXCore
import Foundation
import APXDomain
import Testing
import TestSupport
@testable import APXOutbox
@testable import APXStore

/// A gov push file is written into one byte buffer; its bytes are those of the string
/// concatenation it replaces (kept here as the reference), escapes and invalidations included.
@Suite struct GovFileBytesTests {
    static func reference(name: String, batch: Int, createdAt: String, records: [QueuedPushRecord]) -> String {
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        out += "<SJBS wjm=\"\(XMLText.escape(name))\" pc=\"\(batch)\" scsj=\"\(createdAt)\" jls=\"\(records.count)\">\n"
        for r in records {
            out += "  <JL lx=\"\(r.kind.rawValue)\" dfsjzj=\"\(XMLText.escape(r.key.dfsjzj))\" bbh=\"\(r.version)\" sjyxbs=\"\(r.valid ? 1 : 0)\""
            if !r.valid { out += " sjwxyy=\"\(XMLText.escape(r.invalidReason))\"" }
            out += ">\n    " + r.payload + "\n  </JL>\n"
        }
        return out + "</SJBS>\n"
    }

    @Test func renderedBytesAreThoseOfTheConcatenation() throws {
        let ws = TempWorkspace()
        try FileManager.default.createDirectory(atPath: ws.path("db"), withIntermediateDirectories: true)
        let s = try Store(path: ws.path("db/approval.sqlite"), runID: "test", asOf: Day(iso: "2026-11-21")!)
        let q = PushQueue(store: s)
        try s.transaction {
            _ = try q.enqueue(key: .project(gcdm: "2021-1"), payload: "<XMDM>2021-1</XMDM><XMMC>a&amp;b</XMMC>")
            _ = try q.enqueue(key: .document(sxbm: "SGXK", number: "赣建:1 <\"号\">"), payload: "<PFWH>赣建</PFWH>\u{01}x")
            _ = try q.enqueue(key: .handling(sxbm: "ZBTZS", key: "SL&1"), payload: "")
        }
        try s.transaction {
            _ = try q.enqueue(key: .project(gcdm: "2021-1"), payload: "<XMDM>2021-1</XMDM><XMMC>c</XMMC>", changeReason: "更正 <\"&'>")
            _ = try q.invalidate(key: .document(sxbm: "SGXK", number: "赣建:1 <\"号\">"), reason: "撤回\n")
        }
        let records = try s.unplannedPushRecords(target: .gov, limit: 100)
        #expect(records.count == 6 && records.contains { !$0.valid })
        for (name, batch) in [("SZWJ_20261121_000001.xml", 1), ("a&\"b\".xml", 0), ("", -7)] {
            let bytes = GovFile.render(name: name, batch: batch, createdAt: "2026-11-21T02:00:00+08:00", records: records)
            #expect(bytes == Array(Self.reference(name: name, batch: batch, createdAt: "2026-11-21T02:00:00+08:00", records: records).utf8))
        }
        #expect(records.allSatisfy { $0.dfsjzj == $0.key.dfsjzj })
    }
}
