import APXCore
import APXDomain
import APXDrop
import APXStore
import Foundation

/// Writes `reports/<run>.json` (the summary plus per-file, per-source, per-reason detail)
/// and a self-contained `reports/<run>.html` for supervisors: the data is gathered first
/// (`ReportData`), then both are rendered from it without touching the database.
struct Report {
    let store: Store
    let workspace: Workspace
    let settings: Settings
    let reference: Reference

    func write(summary: RunSummary, files: [JSON]) throws {
        let data = try ReportData.gather(store: store, settings: settings, reference: reference, summary: summary, files: files)
        try DurableFile.makeDirectories(workspace.reports)
        try DurableFile.publish(Report.json(data).serialized(pretty: true) + "\n", directory: workspace.reports,
                                name: summary.run + ".json")
        try DurableFile.publish(ReportHTML(data: data, asOf: store.asOf).render(), directory: workspace.reports,
                                name: summary.run + ".html")
    }

    static func json(_ d: ReportData) -> JSON {
        let s = d.summary
        var pairs: [(String, JSON)]
        if case .object(let p) = s.json { pairs = p } else { pairs = [] }
        pairs.append(("reasons", .object(s.reasons.keys.sorted().map { ($0, JSON.int(s.reasons[$0]!)) })))
        pairs.append(("perSource", .array(d.perSource.map { c in
            .object([("source", .string(c.source)), ("processed", .int(c.processed)), ("duplicate", .int(c.duplicate)),
                     ("alreadyQuarantined", .int(c.alreadyQuarantined)), ("quarantined", .int(c.quarantined)),
                     ("notReady", .int(c.notReady)), ("records", .int(c.records)), ("rejected", .int(c.rejected))])
        })))
        pairs.append(("fileDetails", .array(d.files)))
        pairs.append(("notReadyFiles", .array(s.notReadyFiles.map(JSON.string))))
        pairs.append(("pushedFiles", .array(s.pushedFiles.map(JSON.string))))
        pairs.append(("quarantineBacklog", .object([
            ("count", .int(d.backlogCount)), ("oldestSince", d.backlogOldest.map(JSON.string) ?? .null),
            ("entries", .array(d.backlog.map { e in
                .object([("source", .string(e.source.rawValue)), ("name", .string(e.name)), ("code", .string(e.code)),
                         ("since", .string(e.since)), ("run", .string(e.run)), ("path", .string(e.destination)),
                         ("repeats", .int(e.repeats))])
            })),
        ])))
        pairs.append(("openReviews", .int(d.reviewsTotal)))
        pairs.append(("pendingRequestsTotal", .int(d.pendingRequestsTotal)))
        pairs.append(("pendingResultsTotal", .int(d.pendingResultsTotal)))
        pairs.append(("pendingByAge", .array(ReportData.ageLabels.indices.map { i in
            .object([("age", .string(ReportData.ageLabels[i])), ("requests", .int(d.requestAges[i])), ("results", .int(d.resultAges[i]))])
        })))
        pairs.append(("pendingRequests", .array(d.pendingRequests.map { p in
            .object([("qqbh", .string(p.what)), ("xmdm", .string(p.xmdm)), ("ageDays", .int(p.ageDays)), ("reasons", .string(p.reasons))])
        })))
        pairs.append(("unacknowledged", .object([
            ("count", .int(d.unacknowledgedCount)),
            ("records", .array(d.unacknowledged.map {
                .object([("file", .string($0.file)), ("dfsjzj", .string($0.dfsjzj)), ("bbh", .int($0.bbh)), ("pushedOn", .string($0.pushedOn))])
            })),
        ])))
        func deadline(_ r: ReportData.DeadlineRow, _ key: String) -> JSON {
            .object([(key, .string(r.label)), ("dueTomorrow", .int(r.dueTomorrow)), ("dueToday", .int(r.dueToday)),
                     ("overdue", .int(r.overdue)), ("open", .int(r.open))])
        }
        pairs.append(("deadlines", .object([
            ("dueTomorrow", .int(d.deadlines.dueTomorrow)), ("dueToday", .int(d.deadlines.dueToday)),
            ("overdue", .int(d.deadlines.overdue)), ("open", .int(d.deadlines.open)),
            ("byItem", .array(d.deadlinesByItem.map { deadline($0, "item") })),
            ("byCity", .array(d.deadlinesByCity.map { deadline($0, "city") })),
        ])))
        func rates(_ rows: [ReportData.Rate], _ key: String) -> JSON {
            .array(rows.map { r in
                .object([(key, .string(r.code)), ("name", .string(r.name)), ("finished", .int(r.finished)),
                         ("onTime", .int(r.onTime)), ("rate", .double(r.rate))])
            })
        }
        pairs.append(("efficiency", .object([("byCity", rates(d.ratesByCity, "city")), ("byItem", rates(d.ratesByItem, "sxbm")),
                                             ("open", .int(d.deadlines.open)), ("overdue", .int(d.deadlines.overdue))])))
        return .object(pairs)
    }
}
