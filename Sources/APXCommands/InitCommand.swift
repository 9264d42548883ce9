import APXDrop
import Foundation

/// `apx init [--root DIR]`: creates a workspace's layout (spec 05); run again, it changes
/// nothing. The only command, with `apx run --seed`, that makes a root a workspace.
struct InitCommand: Command {
    static let path = ["init"]
    static let summary = "create a workspace's layout (idempotent)"
    static let usage = "apx init [--root DIR]"
    static let spec = ArgumentSpec(options: ["root"])

    let root: String

    init(_ arguments: Arguments, environment: [String: String]) throws {
        root = Common.root(arguments, environment)
    }

    static func requiresWorkspace(_ arguments: Arguments) -> Bool { false }

    func run(_ output: Output) throws -> Int32 {
        let workspace = Workspace(root: root)
        let existed = workspace.isWorkspace
        try workspace.prepare()
        output.out(existed ? "workspace \(workspace.root) already laid out" : "workspace \(workspace.root) created")
        return ExitCode.ok
    }
}
