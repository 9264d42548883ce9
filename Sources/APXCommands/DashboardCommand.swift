import APXCore
import APXDomain
import APXDrop
import APXPipeline
import APXStore
import Foundation

/// `apx dashboard`: the supervision view over a period, as a self-contained HTML page and JSON.
struct DashboardCommand: Command {
    static let path = ["dashboard"]
    static let summary = """
        the supervision view over a period: per city (ranked) on-time and overdue rates, projects warehoused and ended, \
        results per stage; per item the working days used; open items overdue; a monthly trend. Writes \
        reports/dashboard-<from>-<to>.html (--out FILE elsewhere, --out - to standard output); --json prints the figures.
          e.g. apx dashboard --from 2026-01-01 --to 2026-11-30
               apx dashboard --city 南昌市 --out /tmp/nanchang.html
               apx dashboard --from 2026-10-01 --json
        """
    static let usage = "apx dashboard [--root DIR] [--from yyyy-MM-dd] [--to yyyy-MM-dd] [--as-of yyyy-MM-dd] [--city C] [--out FILE|-] [--json]"
    static let spec = ArgumentSpec(flags: ["json"], options: Common.rootOptions.union(["from", "to", "as-of", "city", "out"]))

    let root: String
    let from: Day
    let to: Day
    let asOf: Day
    let city: String?
    let out: String?
    let json: Bool
    let reference: Reference

    init(_ arguments: Arguments, environment: [String: String]) throws {
        root = Common.root(arguments, environment)
        asOf = try Common.asOf(arguments)
        func day(_ name: String) throws -> Day? {
            guard let text = arguments.value(name) else { return nil }
            guard let d = Day(iso: text) else { throw UsageError("--\(name) needs a date yyyy-MM-dd, got \(text)") }
            return d
        }
        to = try day("to") ?? asOf
        from = try day("from") ?? Day(year: to.year, month: 1, day: 1)!
        guard from <= to else { throw UsageError("--from \(from.iso) is after --to \(to.iso)") }
        if let c = arguments.value("city") {
            guard let prefix = Cities.prefix(named: c) else {
                throw UsageError("unknown city \(c); cities: \(Cities.jiangxi.map(\.name).joined(separator: " "))")
            }
            city = prefix
        } else {
            city = nil
        }
        out = arguments.value("out")
        json = arguments.flag("json")
        reference = try Common.reference(try Common.settings(arguments))
    }

    func run(_ output: Output) throws -> Int32 {
        let store = try Common.openStoreForReading(root: root, asOf: asOf)
        let view = try Dashboard.compute(store: store, reference: reference, from: from, to: to, asOf: asOf, city: city)
        if json { output.out(view.json.serialized()) }
        // With --json the page is written only when --out asks for it.
        guard !json || out != nil else { return ExitCode.ok }
        if out == "-" {
            output.out(view.html)
            return ExitCode.ok
        }
        let path = out ?? Workspace(root: root).reports + "/dashboard-\(from.iso)-\(to.iso)\(city.map { "-\($0)00" } ?? "").html"
        let absolute = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        let directory = (absolute as NSString).deletingLastPathComponent
        try DurableFile.makeDirectories(directory)
        try DurableFile.publish(view.html, directory: directory, name: (absolute as NSString).lastPathComponent)
        if !json { output.out(absolute) }
        return ExitCode.ok
    }
}
