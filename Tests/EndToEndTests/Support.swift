import Foundation
import SQLiteDB
import Testing
import TestSupport
import XMLStream

/// The cast of the scenarios: units with valid USCCs, projects, and how to run nights.
enum Cast {
    static let lead1 = (name: "南昌瑋城建设投资有限公司", uscc: Fixture.uscc(body: "MA35AB01"))
    static let unit2 = (name: "江西誠信置业有限公司", uscc: Fixture.uscc(body: "MA35AB02"))
    static let lead2 = (name: "赣江新区建设投资集团", uscc: Fixture.uscc(body: "MA35AB03"))
    static let outsider = (name: "无关单位", uscc: Fixture.uscc(body: "MA35AB04"))

    static let p1 = "2019-360102-47-03-012345"
    static let p2 = "2020-360111-48-01-000001"
    static let p3 = "2020-360111-48-01-000002"
    static let p4 = "2020-360111-48-01-000003"
    static let p5 = "2021-360111-48-01-000005"
    static let p6 = "2021-360111-48-01-000006"

    static func project1() -> ProjectFixture {
        var p = ProjectFixture(xmdm: p1, xmmc: "青山湖区湖坊镇安置房建设项目", units: [lead1, unit2])
        p.jsdd = "南昌市青山湖区\r\n京东大道以东"   // a quoted field with a line break
        p.ztze = "35,000.00"
        return p
    }
}

/// Runs `apx` against one workspace.
struct Night {
    let ws: TempWorkspace

    @discardableResult
    func run(_ asOf: String, extra: [String] = []) -> (status: Int32, summary: [String: Any]) {
        let checked = CheckEquivalence.check(ws.root, asOf: asOf, extra: extra)
        let r = APXProcess.run(["run", "--root", ws.root, "--as-of", asOf, "--json"] + extra)
        let summary = (r.json as? [String: Any]) ?? [:]
        if summary.isEmpty { Issue.record("apx run printed no JSON: \(r.stderr)") }
        if let run = summary["run"] as? String { CheckEquivalence.expectSame(checked, CheckEquivalence.night(ws.root, run: run)) }
        return (r.status, summary)
    }

    func project(_ xmdm: String) -> [String: Any] {
        let r = APXProcess.run(["project", "show", xmdm, "--root", ws.root, "--json"])
        return (r.json as? [String: Any]) ?? [:]
    }

    func reviews(all: Bool = false) -> [[String: Any]] {
        let r = APXProcess.run(["review", "list", "--root", ws.root, "--json"] + (all ? ["--all"] : []))
        return (r.json as? [[String: Any]]) ?? []
    }

    func review(for xmdm: String, reason: String) -> [String: Any]? {
        reviews().first { ($0["xmdm"] as? String) == xmdm && (($0["reasons"] as? [String]) ?? []).contains(reason) }
    }

    func pushFiles() -> [String] {
        ws.files(under: "outbox/gov").filter { $0.hasSuffix(".xml") }
    }

    /// Every push file: `sha256sum -c` passes, `.ok` present, well-formed `SJBS` whose
    /// `jls` equals its records; returns the records as (lx, dfsjzj, bbh, sjyxbs).
    func verifiedPushRecords() throws -> [[String]] {
        var records: [[String]] = []
        for file in pushFiles() {
            let name = (file as NSString).lastPathComponent
            #expect(ws.exists(file + ".ok"), "marker for \(name)")
            let check = Process()
            check.executableURL = URL(fileURLWithPath: "/usr/bin/sha256sum")
            check.arguments = ["-c", "--quiet", name + ".sha256"]
            check.currentDirectoryURL = URL(fileURLWithPath: ws.path("outbox/gov"))
            try check.run()
            check.waitUntilExit()
            #expect(check.terminationStatus == 0, "sha256sum -c \(name)")
            let reader = try XMLStreamReader(path: ws.path(file))
            var jls = -1
            var count = 0
            try reader.forEachRecord(root: { root, attributes in
                #expect(root == "SJBS")
                #expect(attributes["wjm"] == name)
                jls = Int(attributes["jls"] ?? "") ?? -1
            }) { _, node in
                count += 1
                records.append([node.attributes["lx"] ?? "", node.attributes["dfsjzj"] ?? "",
                                node.attributes["bbh"] ?? "", node.attributes["sjyxbs"] ?? ""])
            }
            #expect(jls == count, "jls of \(name)")
        }
        return records
    }

    /// A digest of the database's business state, for "nothing changed" checks.
    func stateDigest() throws -> String {
        let db = try Database(path: ws.path("db/approval.sqlite"))
        var parts: [String] = []
        for sql in ["SELECT xmdm, state, splclx FROM project ORDER BY xmdm",
                    "SELECT xmdm, kind, xmmc, xzqhdm, ztze FROM project_data ORDER BY xmdm, kind",
                    "SELECT qqbh, state, reasons FROM warehousing_request ORDER BY qqbh",
                    "SELECT id, state, reasons FROM review_item ORDER BY id",
                    "SELECT dfsjzj, version, valid FROM push_record ORDER BY id",
                    "SELECT name FROM outbox_file ORDER BY id"] {
            parts += try db.rows(sql).map { $0.values.map { $0.string ?? "null" }.joined(separator: "|") }
        }
        return parts.joined(separator: "\n")
    }
}

func intAt(_ d: [String: Any], _ path: String...) -> Int? {
    var current: Any? = d
    for key in path { current = (current as? [String: Any])?[key] }
    return current as? Int
}
