import APXCore
import APXDomain
import APXStore
import Foundation

struct ProjectShowCommand: Command {
    static let path = ["project", "show"]
    static let summary = "a project's state, units, sub-projects, results and requests"
    static let usage = "apx project show XMDM [--root DIR] [--json]"
    static let spec = ArgumentSpec(flags: ["json"], options: Common.rootOptions, positionals: ["XMDM"])

    let root: String
    let xmdm: String
    let json: Bool

    init(_ arguments: Arguments, environment: [String: String]) throws {
        root = Common.root(arguments, environment)
        xmdm = Normalize.code(arguments.positional(0))
        json = arguments.flag("json")
    }

    func run(_ output: Output) throws -> Int32 {
        let store = try Common.openStore(root: root, asOf: Timestamp.today())
        guard let project = try store.project(xmdm) else {
            throw NotFound(message: "project \(xmdm) has never been seen")
        }
        let approved = try store.projectData(xmdm, kind: "approved")
        let platform = try store.projectData(xmdm, kind: "platform")
        let requests = try store.requests(xmdm: xmdm)
        var units: [JSON] = []
        if let data = approved ?? platform {
            units = data.units.enumerated().map { i, u in
                .object([("uscc", .string(u.code)), ("name", .string(u.name)), ("lead", .bool(i == 0))])
            }
        }
        func data(_ p: ProjectRecord?) -> JSON {
            guard let p else { return .null }
            return .object([("XMMC", .string(p.xmmc)), ("XZQHDM", .string(p.xzqhdm)), ("ZTZE", .string(p.ztze)),
                            ("LXLX", .string(p.lxlx)), ("TZPTLX", .string(p.tzptlx)), ("JSDD", .string(p.jsdd)),
                            ("NKGSJ", .string(p.nkgsj)), ("NJCSJ", .string(p.njcsj)), ("LXSJ", .string(p.lxsj))])
        }
        let doc = JSON.object([
            ("xmdm", .string(project.xmdm)), ("state", .string(project.state)),
            ("splclx", project.splclx.map(JSON.int) ?? .null),
            ("units", .array(units)),
            ("subprojects", .array([])),
            ("results", .array([])),
            ("requests", .array(requests.map {
                .object([("qqbh", .string($0.request.qqbh)), ("state", .string($0.state)),
                         ("reasons", .array($0.reasons.map(JSON.string))), ("receivedOn", .string($0.receivedOn))])
            })),
            ("approved", data(approved)), ("platform", data(platform)),
            ("firstSeen", .string(project.firstSeen)), ("warehousedOn", project.warehousedOn.map(JSON.string) ?? .null),
        ])
        if json {
            output.out(doc.serialized())
        } else {
            output.out("\(project.xmdm)  \(project.state)  SPLCLX \(project.splclx.map(String.init) ?? "-")")
            if let p = approved ?? platform { output.out("  \(p.xmmc)  \(p.xzqhdm)  \(p.ztze) 万元") }
            for (i, u) in ((approved ?? platform)?.units ?? []).enumerated() {
                output.out("  unit \(i + 1)\(i == 0 ? " (lead)" : ""): \(u.name)  \(u.code)")
            }
            for r in requests { output.out("  request \(r.request.qqbh): \(r.state) \(r.reasons.joined(separator: ","))") }
        }
        return ExitCode.ok
    }
}
