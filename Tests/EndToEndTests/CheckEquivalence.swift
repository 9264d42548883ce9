import Foundation
import Testing
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// `apx check` against the night: before a night, `apx check --root --json` over the
/// inbox's ready files; after it, each file's verdict and record rejects must equal what
/// the night's report says of the same file. `Night.run` does this for every night of the
/// end-to-end scenarios, so every fixture they drop is compared.
enum CheckEquivalence {
    static let sources = ["tzxm", "rkqq", "sgt", "dtjg", "manual", "jsqq", "gov-receipt", "archive-receipt"]

    /// What the night will claim: data files with their marker, as the drop protocol reads them.
    static func readyFiles(_ root: String) -> [String] {
        var out: [String] = []
        for source in sources {
            let dir = root + "/inbox/" + source
            var st = stat()
            guard lstat(dir, &st) == 0, (st.st_mode & S_IFMT) == S_IFDIR,
                  let names = try? FileManager.default.contentsOfDirectory(atPath: dir) else { continue }
            let all = Set(names)
            for name in names.sorted() where !name.hasSuffix(".ok") && all.contains(name + ".ok") {
                if name.hasPrefix(".") || [".tmp", ".part", ".partial"].contains(where: name.hasSuffix) { continue }
                if source == "sgt" && !name.lowercased().hasSuffix(".xml") { continue }
                guard lstat(dir + "/" + name, &st) == 0, (st.st_mode & S_IFMT) != S_IFDIR else { continue }
                out.append(dir + "/" + name)
            }
        }
        return out
    }

    /// `source/name` → (verdict, rejects as `record|line|field|code`) from `apx check --json`.
    typealias Verdicts = [String: (verdict: String, rejects: [String])]

    static func check(_ root: String, asOf: String?, extra: [String] = [], workspace: Bool = true,
                      sourceLocation: SourceLocation = #_sourceLocation) -> Verdicts {
        let files = readyFiles(root)
        guard !files.isEmpty else { return [:] }
        var args = ["check", "--json"] + (workspace ? ["--root", root] : []) + (asOf.map { ["--as-of", $0] } ?? [])
        if let i = extra.firstIndex(of: "--pipeline"), i + 1 < extra.count { args += ["--pipeline", extra[i + 1]] }
        let r = APXProcess.run(args + ["--"] + files)
        #expect(r.status == 0 || r.status == 65, "apx check: \(r.stderr)", sourceLocation: sourceLocation)
        var out: Verdicts = [:]
        for f in ((r.json as? [String: Any])?["files"] as? [[String: Any]]) ?? [] {
            let key = "\(f["source"] as? String ?? "?")/\(f["name"] as? String ?? "")"
            out[key] = (f["verdict"] as? String ?? "", rejectKeys(f["rejects"]))
        }
        #expect(out.count == files.count, "apx check answered for \(out.count) of \(files.count) files", sourceLocation: sourceLocation)
        return out
    }

    static func rejectKeys(_ list: Any?) -> [String] {
        ((list as? [[String: Any]]) ?? []).map {
            "\($0["record"] as? Int ?? -1)|\(($0["line"] as? Int).map(String.init) ?? "-")|\($0["field"] as? String ?? "")|\($0["code"] as? String ?? "")"
        }
    }

    /// The night's verdicts, from its report `reports/<run>.json`.
    static func night(_ root: String, run: String) -> Verdicts {
        guard let data = FileManager.default.contents(atPath: root + "/reports/\(run).json"),
              let report = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { return [:] }
        var out: Verdicts = [:]
        for f in (report["fileDetails"] as? [[String: Any]]) ?? [] {
            let outcome = f["outcome"] as? String ?? ""
            out["\(f["source"] as? String ?? "")/\(f["name"] as? String ?? "")"] =
                (outcome == "PROCESSED" ? "OK" : (f["code"] as? String ?? outcome), rejectKeys(f["rejects"]))
        }
        return out
    }

    /// The verdicts of the workspace's latest run.
    static func lastNight(_ root: String) -> Verdicts {
        let reports = ((try? FileManager.default.contentsOfDirectory(atPath: root + "/reports")) ?? []).filter { $0.hasSuffix(".json") }.sorted()
        guard let last = reports.last else { return [:] }
        return night(root, run: String(last.dropLast(5)))
    }

    /// Every file: the same verdict and the same rejects (the report lists the first 100).
    static func expectSame(_ checked: Verdicts, _ night: Verdicts, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(Set(checked.keys) == Set(night.keys), "files checked vs claimed", sourceLocation: sourceLocation)
        for (key, n) in night {
            guard let c = checked[key] else { continue }
            #expect(c.verdict == n.verdict, "\(key): check says \(c.verdict), the night \(n.verdict)", sourceLocation: sourceLocation)
            #expect(Array(c.rejects.prefix(100)) == n.rejects, "\(key): rejects differ", sourceLocation: sourceLocation)
        }
    }
}
