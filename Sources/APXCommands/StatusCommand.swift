import APXCore
import APXDomain
import APXDrop
import APXPipeline
import APXStore
import Foundation

/// `apx status [--root DIR] [--json]`: how the workspace is doing, for a person or for
/// monitoring. Reads only (never takes the lock, never creates the database); exit 0 when
/// healthy, 1 when something needs a person (the `attention` list says what).
struct StatusCommand: Command {
    static let path = ["status"]
    static let summary = "last run, lock holder, inbox waiting, quarantine backlog, open work; exit 1 when a person is needed"
    static let usage = "apx status [--root DIR] [--pipeline FILE] [--as-of yyyy-MM-dd] [--json]"
    static let spec = ArgumentSpec(flags: ["json"], options: Common.rootOptions.union(["as-of"]))

    let root: String
    let settings: Settings
    let reference: Reference
    /// nil: the last nightly run's as-of day, else today.
    let asOf: Day?
    let json: Bool

    init(_ arguments: Arguments, environment: [String: String]) throws {
        root = Common.root(arguments, environment)
        settings = try Common.settings(arguments)
        reference = try Common.reference(settings)
        asOf = arguments.value("as-of") == nil ? nil : try Common.asOf(arguments)
        json = arguments.flag("json")
    }

    func run(_ output: Output) throws -> Int32 {
        let report = try WorkspaceStatus.gather(workspace: Workspace(root: root), settings: settings, reference: reference, asOf: asOf)
        output.out(json ? report.json.serialized(pretty: true) : report.text)
        return report.attention.isEmpty ? ExitCode.ok : ExitCode.failure
    }
}
