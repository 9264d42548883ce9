import APXCore
import APXDomain
import APXDrop
import APXMatch
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
        let store = try Common.openStoreForReading(root: root, asOf: Timestamp.today())
        guard let project = try store.project(xmdm) else {
            throw NotFound(message: "project \(xmdm) has never been seen")
        }
        let approved = try store.projectData(xmdm, kind: .approved)
        let platform = try store.projectData(xmdm, kind: .platform)
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
            ("xmdm", .string(project.xmdm)), ("state", .string(project.state.rawValue)),
            ("splclx", project.splclx.map(JSON.int) ?? .null),
            ("units", .array(units)),
            ("subprojects", .array(try store.subprojects(xmdm: xmdm).map {
                .object([("gcdm", .string($0.gcdm)), ("name", .string($0.name)), ("state", .string($0.state.rawValue))])
            })),
            ("results", .array(try store.results(xmdm: xmdm).map { row in
                .object([("sxbm", .string(row.record.sxbm)), ("number", .string(row.record.number)),
                         ("gcdm", .string(row.record.gcdm)), ("version", .int(row.version)), ("state", .string(row.state.rawValue)),
                         ("reasons", .array(row.reasons.map(JSON.string))), ("missing", .array(row.missing.map(JSON.string))),
                         ("source", .string(row.source.rawValue)), ("receivedOn", .string(row.receivedOn)),
                         ("documents", .array(row.record.documents.map {
                             .object([("name", .string($0.name)), ("size", .int(Int($0.size))), ("sha256", .string($0.sha256)),
                                      ("path", .string($0.path))])
                         }))])
            })),
            ("requests", .array(requests.map {
                .object([("qqbh", .string($0.request.qqbh)), ("state", .string($0.state.rawValue)),
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
            for s in try store.subprojects(xmdm: xmdm) { output.out("  sub-project \(s.gcdm) \(s.name): \(s.state)") }
            for r in try store.results(xmdm: xmdm) {
                let why = (r.reasons + (r.missing.isEmpty ? [] : ["missing " + r.missing.joined(separator: ",")])).joined(separator: " ")
                output.out("  result \(r.record.sxbm) \(r.record.number) v\(r.version) [\(r.record.gcdm)]: \(r.state) \(why)")
            }
        }
        return ExitCode.ok
    }
}

struct ProjectSplitCommand: Command {
    static let path = ["project", "split"]
    static let summary = "create a sub-project (pushed as XMJBXX with the next run)"
    static let usage = "apx project split XMDM --gcdm GCDM --name NAME [--by WHO] [--root DIR]"
    static let spec = ArgumentSpec(options: Common.rootOptions.union(["gcdm", "name", "by"]), positionals: ["XMDM"])

    let root: String
    let xmdm: String
    let gcdm: String
    let name: String
    let by: String

    init(_ arguments: Arguments, environment: [String: String]) throws {
        root = Common.root(arguments, environment)
        xmdm = Normalize.code(arguments.positional(0))
        guard let gcdm = arguments.value("gcdm") else { throw UsageError("--gcdm GCDM is required") }
        guard let name = arguments.value("name") else { throw UsageError("--name NAME is required") }
        self.gcdm = gcdm
        self.name = name
        by = try Common.actor(arguments, environment)
    }

    func run(_ output: Output) throws -> Int32 {
        let created = try Common.withLockedStore(root: root, actor: by) { store in
            try store.transaction { try Subprojects(store: store).split(xmdm: xmdm, gcdm: gcdm, name: name, by: by) }
        }
        output.out("sub-project \(created) created under \(xmdm)")
        return ExitCode.ok
    }
}

struct ProjectRecycleCommand: Command {
    static let path = ["project", "recycle"]
    static let summary = "move an empty sub-project to the recycle bin"
    static let usage = "apx project recycle GCDM [--by WHO] [--root DIR]"
    static let spec = ArgumentSpec(options: Common.rootOptions.union(["by"]), positionals: ["GCDM"])

    let root: String
    let gcdm: String
    let by: String

    init(_ arguments: Arguments, environment: [String: String]) throws {
        root = Common.root(arguments, environment)
        gcdm = arguments.positional(0)
        by = try Common.actor(arguments, environment)
    }

    func run(_ output: Output) throws -> Int32 {
        try Common.withLockedStore(root: root, actor: by) { store in
            try store.transaction { try Subprojects(store: store).recycle(gcdm: gcdm) }
        }
        output.out("sub-project \(gcdm) moved to the recycle bin")
        return ExitCode.ok
    }
}

struct ResultRecycleCommand: Command {
    static let path = ["result", "recycle"]
    static let summary = "move a result to the recycle bin (its pushes are invalidated; nothing is deleted)"
    static let usage = "apx result recycle SXBM NUMBER --by WHO [--note TEXT] [--root DIR]"
    static let spec = ArgumentSpec(options: Common.rootOptions.union(["by", "note"]), positionals: ["SXBM", "NUMBER"])

    let root: String
    let sxbm: String
    let number: String
    let by: String
    let note: String?

    init(_ arguments: Arguments, environment: [String: String]) throws {
        root = Common.root(arguments, environment)
        sxbm = arguments.positional(0)
        number = arguments.positional(1)
        by = try Common.actor(arguments, environment,
                              requiredBecause: "the unit that entered a result is the one that deletes it")
        note = arguments.value("note")
    }

    func run(_ output: Output) throws -> Int32 {
        try Common.withLockedStore(root: root, actor: by) { store in
            try store.transaction { try Recycling(store: store).recycleResult(sxbm: sxbm, number: number, by: by, note: note) }
        }
        output.out("result \(sxbm) \(number) moved to the recycle bin; its pushes are invalidated with the next run")
        return ExitCode.ok
    }
}
