import APXCore
import APXDrop
import APXPipeline
import APXStore
import Foundation

/// `apx quarantine list`: the quarantine backlog (spec 05) — source, name, code, since, run;
/// settled and put-back entries too with `--all`.
struct QuarantineListCommand: Command {
    static let path = ["quarantine", "list"]
    static let summary = "the quarantine backlog: source, name, code, since, run (settled entries too with --all)"
    static let usage = "apx quarantine list [--root DIR] [--json] [--all]"
    static let spec = ArgumentSpec(flags: ["json", "all"], options: Common.rootOptions)

    let root: String
    let json: Bool
    let all: Bool

    init(_ arguments: Arguments, environment: [String: String]) throws {
        root = Common.root(arguments, environment)
        json = arguments.flag("json")
        all = arguments.flag("all")
    }

    func run(_ output: Output) throws -> Int32 {
        // A workspace that has never run has an empty backlog.
        let entries: [QuarantineEntry]
        if let store = try Common.openStoreIfRun(root: root, asOf: Timestamp.today()) {
            entries = all ? try store.quarantineEntries() : try store.quarantineBacklog()
        } else {
            entries = []
        }
        if json {
            output.out(JSON.array(entries.map(QuarantineListCommand.json)).serialized())
        } else if entries.isEmpty {
            output.out(all ? "no quarantine entries" : "quarantine backlog: none")
        } else {
            for e in entries {
                var line = "\(e.state.rawValue)  \(e.source)/\(e.name)  \(e.code)  since \(e.since)  run \(e.run)  → \(e.destination)"
                if e.repeats > 0 { line += "  (delivered again \(e.repeats)×)" }
                // Names and messages are partners' bytes: shown, never obeyed by the terminal.
                output.out(TerminalText.safe(line))
                if !e.message.isEmpty { output.out(TerminalText.safe("    \(e.message)")) }
                if e.state == .settled {
                    output.out(TerminalText.safe("    settled \(e.settledAt ?? "") by run \(e.settledRun ?? "") with \(e.settledByDestination ?? e.settledByName ?? "a person's decision (apx quarantine settle; see the audit trail)")"))
                }
            }
        }
        return ExitCode.ok
    }

    static func json(_ e: QuarantineEntry) -> JSON {
        .object([
            ("source", .string(e.source.rawValue)), ("name", .string(e.name)), ("code", .string(e.code)), ("message", .string(e.message)),
            ("since", .string(e.since)), ("run", .string(e.run)), ("path", .string(e.destination)),
            ("state", .string(e.state.rawValue)), ("settled", .bool(e.state == .settled)),
            ("settledAt", e.settledAt.map(JSON.string) ?? .null), ("settledRun", e.settledRun.map(JSON.string) ?? .null),
            ("settledBy", e.settledByDestination.map(JSON.string) ?? .null), ("repeats", .int(e.repeats)),
        ])
    }
}
