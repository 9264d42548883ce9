import APXCore
import APXDomain
import Foundation

/// `apx report` without `--json`: a readable summary of a run's JSON report (or of the
/// summary kept in the database when the report file is gone).
enum ReportText {
    static func render(_ report: [String: Any], htmlPath: String) -> String {
        func obj(_ v: Any?) -> [String: Any] { v as? [String: Any] ?? [:] }
        func n(_ v: Any?) -> String {
            if let i = v as? Int { return String(i) }
            if let d = v as? Double { return String(format: "%.1f", d) }
            return "-"
        }
        func str(_ v: Any?) -> String { v as? String ?? "-" }
        let files = obj(report["files"]), records = obj(report["records"]), projects = obj(report["projects"])
        let results = obj(report["results"]), push = obj(report["push"]), quarantine = obj(report["quarantine"])
        var lines: [String] = []
        lines.append("run \(str(report["run"])) as-of \(str(report["asOf"])) — exit code \(n(report["exitCode"]))")
        lines.append("  started \(str(report["startedAt"]))  finished \(str(report["finishedAt"]))  duration \(n(report["durationSeconds"])) s  (\(n(records["perSecond"])) records/s)")
        lines.append("")
        lines.append("files        claimed \(n(files["claimed"])) · processed \(n(files["processed"])) · duplicate \(n(files["duplicate"])) · already in quarantine \(n(files["alreadyQuarantined"])) · quarantined \(n(files["quarantined"])) · not ready \(n(files["notReady"]))")
        lines.append("records      read \(n(records["read"])) · rejected \(n(records["rejected"]))")
        if let perSource = report["perSource"] as? [[String: Any]], !perSource.isEmpty {
            lines.append("per source   " + ["source", "processed", "duplicate", "quarantined", "notReady", "records", "rejected"]
                .map { $0.padding(toLength: 13, withPad: " ", startingAt: 0) }.joined())
            for s in perSource {
                let cells = [str(s["source"]), n(s["processed"]), n(s["duplicate"]), n(s["quarantined"]), n(s["notReady"]), n(s["records"]), n(s["rejected"])]
                lines.append("             " + cells.map { $0.padding(toLength: 13, withPad: " ", startingAt: 0) }.joined())
            }
        }
        let reasons = obj(report["reasons"]).sorted { $0.key < $1.key }.map { "\($0.key) \(n($0.value))" }
        lines.append("quarantine   \(n(files["quarantined"])) this run\(reasons.isEmpty ? "" : " (" + reasons.joined(separator: ", ") + ")") · settled \(n(quarantine["settled"])) · open backlog \(n(quarantine["backlog"]))")
        for f in (report["fileDetails"] as? [[String: Any]] ?? []) where f["outcome"] as? String == InputFileOutcome.quarantined.rawValue {
            lines.append("  \(str(f["source"]))/\(str(f["name"]))  \(str(f["code"]))  \(str(f["message"]))")
        }
        lines.append("projects     warehoused \(n(projects["warehoused"])) · review \(n(projects["review"])) · migration \(n(projects["migration"])) · pending \(n(projects["pending"])) · ended \(n(projects["ended"]))")
        lines.append("results      warehoused \(n(results["warehoused"])) · review \(n(results["review"])) · pending \(n(results["pending"]))")
        if report["openReviews"] != nil {
            lines.append("open reviews \(n(report["openReviews"]))")
            lines.append("pending      requests \(n(report["pendingRequestsTotal"])) · results \(n(report["pendingResultsTotal"]))")
        }
        if let deadlines = report["deadlines"] as? [String: Any] {
            lines.append("deadlines    due tomorrow \(n(deadlines["dueTomorrow"])) · due today \(n(deadlines["dueToday"])) · overdue \(n(deadlines["overdue"])) · open \(n(deadlines["open"]))")
        }
        let gov = obj(push["gov"])
        lines.append("pushed       gov \(n(gov["files"])) file(s), \(n(gov["records"])) record(s) · archive \(n(obj(push["archive"])["packages"])) package(s) · notices \(n(push["notices"]))")
        let warnings = report["warnings"] as? [String] ?? []
        lines.append("warnings     " + (warnings.isEmpty ? "none" : String(warnings.count)))
        for w in warnings { lines.append("  " + w) }
        lines.append("report: \(htmlPath)")
        return lines.map(TerminalText.safe).joined(separator: "\n")
    }
}
