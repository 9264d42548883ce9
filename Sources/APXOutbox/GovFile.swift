import APXCore
import APXDomain
import APXStore

/// Renders a push file for the provincial bureau (spec 04, `SJBS`).
public enum GovFile {
    public static func name(asOf: Day, batch: Int) -> String {
        "SZWJ_\(asOf.compact)_\(String(format: "%06d", batch)).xml"
    }

    /// The file's UTF-8 bytes; each record's payload is copied from its stored form once.
    public static func render(name: String, batch: Int, createdAt: String, records: [QueuedPushRecord]) -> [UInt8] {
        var out = XMLBytes(capacity: 256 + records.count * 512)
        out.raw("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
        out.raw("<SJBS wjm=\""); out.escaped(name); out.raw("\" pc=\""); out.int(batch)
        out.raw("\" scsj=\""); out.raw(createdAt); out.raw("\" jls=\""); out.int(records.count); out.raw("\">\n")
        for r in records {
            out.raw("  <JL lx=\""); out.raw(r.kind.rawValue); out.raw("\" dfsjzj=\""); out.escaped(r.dfsjzj)
            out.raw("\" bbh=\""); out.int(r.version); out.raw(r.valid ? "\" sjyxbs=\"1\"" : "\" sjyxbs=\"0\"")
            if !r.valid { out.raw(" sjwxyy=\""); out.escaped(r.invalidReason); out.raw("\"") }
            out.raw(">\n    ")
            r.appendPayload(to: &out.bytes)
            out.raw("\n  </JL>\n")
        }
        out.raw("</SJBS>\n")
        return out.bytes
    }
}
