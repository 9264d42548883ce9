import APXCore
import APXDrop
import APXPipeline
import Foundation

/// `apx backup --to FILE|DIR/`: an online, integrity-checked copy of the database.
struct BackupCommand: Command {
    static let path = ["backup"]
    static let summary = "an online copy of the database, integrity-checked (a folder gets approval-<time>.sqlite; --keep N there)"
    static let usage = "apx backup [--root DIR] --to FILE|DIR/ [--force] [--keep N] [--json]"
    static let spec = ArgumentSpec(flags: ["force", "json"], options: Common.rootOptions.union(["to", "keep"]))

    let root: String
    let to: String
    let force: Bool
    let keep: Int?
    let json: Bool

    init(_ arguments: Arguments, environment: [String: String]) throws {
        root = Common.root(arguments, environment)
        guard let to = arguments.value("to"), !to.isEmpty else { throw UsageError("--to FILE (or a folder) is required") }
        self.to = to.hasPrefix("/") ? to : FileManager.default.currentDirectoryPath + "/" + to
        force = arguments.flag("force")
        if let text = arguments.value("keep") {
            guard let n = Int(text), n >= 1 else { throw UsageError("--keep needs a whole number of copies, at least 1") }
            keep = n
        } else { keep = nil }
        json = arguments.flag("json")
        _ = try Common.settings(arguments)
    }

    func run(_ output: Output) throws -> Int32 {
        let workspace = Workspace(root: root)
        guard FileManager.default.fileExists(atPath: workspace.databasePath) else {
            // A fresh workspace (before its first run): nothing to copy, not a failure.
            output.err("apx: no database yet under \(workspace.root): nothing to back up")
            if json { output.out(JSON.object([("backup", .null), ("integrity", .null)]).serialized()) }
            return ExitCode.ok
        }
        let outcome = try DatabaseBackup.run(workspace: workspace, to: to, force: force, keep: keep)
        if json {
            output.out(JSON.object([("backup", .string(outcome.path)), ("bytes", .int(Int(outcome.bytes))), ("integrity", .string("ok")),
                                    ("seconds", .double(outcome.seconds)), ("removed", .array(outcome.removed.map(JSON.string)))]).serialized())
        } else {
            output.out("backup \(outcome.path): \(outcome.bytes) bytes, integrity_check ok"
                       + (outcome.removed.isEmpty ? "" : "; removed \(outcome.removed.count) older copies"))
        }
        return ExitCode.ok
    }
}

/// `apx prune`: archive, reports and logs older than their periods (pipeline file).
struct PruneCommand: Command {
    static let path = ["prune"]
    static let summary = "delete archive/, reports/ and logs/ entries older than the configured periods (never outbox, db, quarantine)"
    static let usage = "apx prune [--root DIR] [--pipeline FILE] [--as-of yyyy-MM-dd] [--dry-run] [--json]"
    static let spec = ArgumentSpec(flags: ["dry-run", "json"], options: Common.rootOptions.union(["as-of"]))

    let root: String
    let settings: Settings
    let asOf: Day
    let dryRun: Bool
    let json: Bool

    init(_ arguments: Arguments, environment: [String: String]) throws {
        root = Common.root(arguments, environment)
        settings = try Common.settings(arguments)
        asOf = try Common.asOf(arguments)
        dryRun = arguments.flag("dry-run")
        json = arguments.flag("json")
    }

    func run(_ output: Output) throws -> Int32 {
        let workspace = Workspace(root: root)
        // Not while a run works on the same folders.
        let lock = try WorkspaceLock(root: workspace.root)
        defer { withExtendedLifetime(lock) {} }
        // Documents results refer to stay for the archive handover, however old.
        let retained = FileManager.default.fileExists(atPath: workspace.databasePath)
            ? try Common.openStore(root: root, asOf: asOf).documentPaths() : []
        let areas = try Prune(workspace: workspace, settings: settings, asOf: asOf, dryRun: dryRun, retained: retained).run()
        if json {
            output.out(JSON.object([("asOf", .string(asOf.iso)), ("dryRun", .bool(dryRun))] + areas.map { a in
                (a.name, .object([("keepDays", .int(a.keepDays)), ("removed", .int(a.removed.count)), ("kept", .int(a.kept)),
                                  ("paths", .array(a.removed.map(JSON.string)))]))
            }).serialized())
        } else {
            output.out((dryRun ? "would remove: " : "removed: ") + areas.map { "\($0.name) \($0.removed.count) (older than \($0.keepDays) days)" }
                .joined(separator: ", "))
        }
        return ExitCode.ok
    }
}
