import APXCore
import Foundation

/// An archive handover package (spec 04): `manifest.xml` plus every warehoused result
/// document, byte-identical. The plan (manifest bytes and the files to copy, with their
/// hashes) is what the outbox stores; APXOutbox builds the ZIP from it deterministically.
public struct ArchivePlan: Codable, Sendable {
    public struct Entry: Codable, Sendable {
        public let name: String
        public let path: String
        public let sha256: String
    }
    public let manifest: String
    public let time: String
    public let entries: [Entry]

    public var json: [UInt8] { Array((try? JSONEncoder().encode(self)) ?? Data()) }

    public static func decode(_ bytes: [UInt8]) throws -> ArchivePlan {
        try JSONDecoder().decode(ArchivePlan.self, from: Data(bytes))
    }
}

public enum ArchiveManifest {
    /// The package's file name: `DA_<XMDM>_<yyyyMMdd>.zip`, then `_2`, `_3` … (`attempt` ≥ 1)
    /// for a name already used.
    public static func fileName(xmdm: String, asOf: Day, attempt: Int) -> String {
        "DA_\(xmdm)_\(asOf.compact)\(attempt == 1 ? "" : "_\(attempt)").zip"
    }

    /// The manifest and the file entries for a project's warehoused results (latest
    /// versions, recycled sub-projects excluded by the caller).
    public static func plan(project p: ProjectRecord, splclx: Int?, subprojects: [(gcdm: String, name: String)],
                            results: [ResultRecord], createdAt: String, operatorUnit: String) -> ArchivePlan {
        var x = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        x += "<DZWJFZB bb=\"1\" fzlx=\"原始型\" cjsj=\"\(createdAt)\" cjdw=\"\(XMLText.escape(operatorUnit))\">\n  <XM>\n    "
        x += XMLText.element("XMDM", p.xmdm) + XMLText.element("XMMC", p.xmmc) + XMLText.element("XZQHDM", p.xzqhdm)
        x += XMLText.element("JSDD", p.jsdd) + XMLText.element("SPLCLX", splclx.map(String.init) ?? "") + "\n    <DWLB>"
        for (i, u) in p.units.enumerated() {
            x += "<DW xh=\"\(i + 1)\" dwlx=\"01\">" + XMLText.element("DWMC", u.name) + XMLText.element("TYSHXYDM", u.code) + "</DW>"
        }
        x += "</DWLB>\n    <ZXMLB>"
        for s in subprojects { x += "<ZXM>" + XMLText.element("GCDM", s.gcdm) + XMLText.element("GCMC", s.name) + "</ZXM>" }
        x += "</ZXMLB>\n  </XM>\n  <WJLB>\n"
        var entries: [ArchivePlan.Entry] = []
        for (i, r) in results.enumerated() {
            let xh = i + 1
            x += "    <WJ xh=\"\(xh)\">" + XMLText.element("GCDM", r.gcdm) + XMLText.element("SXBM", r.sxbm)
            x += XMLText.element("WJBH", r.number) + XMLText.element("WJBT", r.title) + XMLText.element("FZJG", r.issuer)
            x += XMLText.element("FZRQ", r.issued)
            for (j, d) in r.documents.enumerated() {
                let name = "files/\(String(format: "%04d", xh))_\(r.sxbm)\(j == 0 ? "" : "_\(j + 1)").pdf"
                x += "<DZWJ>" + XMLText.element("WJM", name) + XMLText.element("DX", String(d.size))
                    + XMLText.element("SHA256", d.sha256) + "</DZWJ>"
                entries.append(.init(name: name, path: d.path, sha256: d.sha256))
            }
            x += "</WJ>\n"
        }
        x += "  </WJLB>\n</DZWJFZB>\n"
        return ArchivePlan(manifest: x, time: createdAt, entries: entries)
    }
}

/// The SHA-256 of the ZIP a plan builds, computed by the outbox (which writes ZIPs) for the
/// module that plans the package in its own transaction; `root` resolves the document paths.
public typealias PackageDigest = (_ plan: ArchivePlan, _ root: String) throws -> String
