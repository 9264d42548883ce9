import APXCore
import APXDomain
import Foundation

/// An archive handover package (spec 04): `manifest.xml` plus every warehoused result
/// document, byte-identical. The plan (manifest bytes and the files to copy, with their
/// hashes) is what the outbox stores; the ZIP is built from it deterministically.
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

    /// Writes the ZIP to `sink`; `root` resolves the workspace-relative document paths.
    public func build<S: ZipSink>(root: String, into sink: S) throws -> S {
        var zip = ZipWriter(sink: sink, timestamp: time)
        try zip.add(name: "manifest.xml", data: Array(manifest.utf8))
        for entry in entries {
            try zip.addFile(name: entry.name, path: root + "/" + entry.path, expectedSHA256: entry.sha256)
        }
        try zip.finish()
        return zip.sink
    }
}

public enum ArchiveManifest {
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

/// The notices file (spec 04): UTF-8 with BOM, CRLF, header row.
public enum NoticeFile {
    public static let header = ["TZBH", "LX", "XMDM", "GCDM", "DWTYSHXYDM", "DWMC", "SXBM", "NR", "SJ"]

    public static func name(asOf: Day, batch: Int) -> String { "TZ_\(asOf.compact)_\(String(format: "%06d", batch)).csv" }

    public static func render(_ rows: [[String]]) -> [UInt8] {
        var text = CSVText.line(header)
        for row in rows { text += CSVText.line(row.map(CSVText.formulaSafe)) }
        return [0xEF, 0xBB, 0xBF] + Array(text.utf8)
    }
}
