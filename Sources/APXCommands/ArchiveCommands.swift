import APXCore
import APXDomain
import APXDrop
import APXMatch
import APXOutbox
import APXStore

struct ArchiveRepushCommand: Command {
    static let path = ["archive", "repush"]
    static let summary = "push a new archive package for an ENDING project (after the archive refused one)"
    static let usage = "apx archive repush XMDM [--by WHO] [--as-of yyyy-MM-dd [--allow-earlier]] [--root DIR] [--pipeline FILE]"
    static let spec = ArgumentSpec(flags: ["allow-earlier"], options: Common.rootOptions.union(["by", "as-of"]), positionals: ["XMDM"])

    let root: String
    let xmdm: String
    let by: String
    let settings: Settings
    let asOf: Day
    let allowEarlier: Bool
    let asOfGiven: Bool

    init(_ arguments: Arguments, environment: [String: String]) throws {
        root = Common.root(arguments, environment)
        xmdm = Normalize.code(arguments.positional(0))
        by = try Common.actor(arguments, environment)
        settings = try Common.settings(arguments)
        asOf = try Common.asOf(arguments)
        allowEarlier = arguments.flag("allow-earlier")
        asOfGiven = arguments.value("as-of") != nil
    }

    func run(_ output: Output) throws -> Int32 {
        let workspace = Workspace(root: root)
        let name = try Common.withLockedStore(root: root, asOf: asOf, actor: by) { store in
            if let warning = try Common.refuseEarlier(store, asOf: asOf, explicit: asOfGiven, allowEarlier: allowEarlier) {
                output.err("warning: \(warning)")
            }
            let name = try store.transaction {
                try Ending(store: store, settings: settings, workspaceRoot: workspace.root, packageDigest: ArchivePlan.zipDigest).repush(xmdm: xmdm)
            }
            try store.recordIdentity()
            try OutboxPublisher(store: store, outboxRoot: workspace.outbox, workspaceRoot: workspace.root).publishPlanned()
            return name
        }
        output.out("archive package \(name) pushed to \(workspace.outbox)/archive")
        return ExitCode.ok
    }
}
