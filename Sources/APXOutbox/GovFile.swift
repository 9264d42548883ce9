import APXCore
import APXDomain
import APXStore

/// Renders a push file for the provincial bureau (spec 04, `SJBS`).
public enum GovFile {
    public static func name(asOf: Day, batch: Int) -> String {
        "SZWJ_\(asOf.compact)_\(String(format: "%06d", batch)).xml"
    }

    public static func render(name: String, batch: Int, createdAt: String, records: [QueuedPushRecord]) -> String {
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        out += "<SJBS wjm=\"\(XMLText.escape(name))\" pc=\"\(batch)\" scsj=\"\(createdAt)\" jls=\"\(records.count)\">\n"
        for r in records {
            out += "  <JL lx=\"\(r.kind.rawValue)\" dfsjzj=\"\(XMLText.escape(r.key.dfsjzj))\" bbh=\"\(r.version)\" sjyxbs=\"\(r.valid ? 1 : 0)\""
            if !r.valid { out += " sjwxyy=\"\(XMLText.escape(r.invalidReason))\"" }
            out += ">\n    " + r.payload + "\n  </JL>\n"
        }
        out += "</SJBS>\n"
        return out
    }
}
