import APXCore
import APXDrop
import APXStore
import Foundation

/// `apx quarantine settle SOURCE/NAME --by WHO --note TEXT`: a person takes an entry out of
/// the backlog that no redelivery of the same name will settle (a wrong name redelivered
/// correctly, a file sent by mistake). The files stay in quarantine/; the audit trail says who
/// and why. Exit 66 when nothing of that name waits.
struct QuarantineSettleCommand: Command {
    static let path = ["quarantine", "settle"]
    static let summary = "take a quarantined file out of the backlog by a person's decision (files kept; who and why audited)"
    static let usage = "apx quarantine settle SOURCE/NAME --by WHO --note TEXT [--root DIR]"
    static let spec = ArgumentSpec(options: Common.rootOptions.union(["by", "note"]), positionals: ["SOURCE/NAME"])

    let root: String
    let source: String
    let name: String
    let by: String
    let note: String

    init(_ arguments: Arguments, environment: [String: String]) throws {
        root = Common.root(arguments, environment)
        let target = arguments.positional(0)
        guard let slash = target.firstIndex(of: "/"), slash != target.startIndex, target.index(after: slash) != target.endIndex else {
            throw UsageError("name the entry as SOURCE/NAME, as apx quarantine list shows it (e.g. rkqq/RKQQ_20261120_01.csv)")
        }
        source = String(target[..<slash])
        name = String(target[target.index(after: slash)...])
        by = try Common.actor(arguments, environment, requiredBecause: "every decision records who took it")
        note = try Common.requiredNote(arguments, because: "settling by hand records why")
    }

    func run(_ output: Output) throws -> Int32 {
        let named = Source(rawValue: source)
        let settled = try Common.withLockedStore(root: root, actor: by) { store -> Int in
            guard let named else { return 0 }   // no entry of an unknown source
            // The name as stored, or as `apx quarantine list` shows it (overrides escaped).
            let names = Set(try store.quarantineEntries()
                .filter { $0.state != .settled && $0.source == named && ($0.name == name || TerminalText.safe($0.name) == name) }
                .map(\.name))
            return try names.reduce(0) { $0 + (try store.settleQuarantineByPerson(source: named, name: $1, note: note)) }
        }
        guard settled > 0 else {
            throw NotFound(message: "no unsettled quarantine entry \(TerminalText.safe(source + "/" + name)) (see apx quarantine list)")
        }
        output.out(TerminalText.safe("\(source)/\(name): \(settled) quarantine entr\(settled == 1 ? "y" : "ies") settled by \(by)"))
        return ExitCode.ok
    }
}
