import APXCore
import APXDomain
import APXDrop
import APXPipeline
import APXStore
import Foundation

/// `apx check`: will the night accept these files? The night's own claim and ingestion
/// run in a throw-away workspace; with `--root`, from a snapshot of that workspace's
/// database, with the night's evaluation, to say what would become of each record.
struct CheckCommand: Command {
    static let path = ["check"]
    static let summary = """
        validate partner files exactly as ingestion would, writing nothing: per file its source, verdict (OK or the \
        quarantine code) and record rejects; with --root also what the night would do with each record. \
        Exit 0 all clean, 65 otherwise.
          e.g. apx check samples/tzxm/TZXM_20261120_01.csv
               apx check --source rkqq --json export.csv
               apx check --root /var/lib/apx inbox-copy/sgt/SGT_BJ_SC1.xml   (attachments beside the XML go with it)
        """
    static let usage = "apx check [--source S] [--root DIR] [--pipeline FILE] [--as-of yyyy-MM-dd] [--json] PATH…"
    static let spec = ArgumentSpec(flags: ["json"], options: Common.rootOptions.union(["source", "as-of"]),
                                   positionals: ["PATH"], variadic: true)

    /// Files are checked without a workspace; `--root` names one, which must be one.
    static func requiresWorkspace(_ arguments: Arguments) -> Bool { arguments.value("root") != nil }

    let inputs: [Check.Input]
    let root: String?
    let json: Bool
    let check: Check

    init(_ arguments: Arguments, environment: [String: String]) throws {
        var source: Source?
        if let s = arguments.value("source") {
            guard let named = Source(rawValue: s) else {
                throw UsageError("unknown source \(s); sources: \(Source.all.map(\.folder).joined(separator: ", "))")
            }
            source = named
        }
        let paths = arguments.positionals
        for path in paths where !DurableFile.exists(path) { throw NotFound(message: "no such file \(path)") }
        inputs = Check.inputs(for: paths, source: source)
        // Business matching only against a workspace named explicitly.
        root = arguments.value("root").map { _ in Common.root(arguments, environment) }
        json = arguments.flag("json")
        let settings = try Common.settings(arguments)
        check = Check(settings: settings, reference: try Common.reference(settings), asOf: try Common.asOf(arguments))
    }

    func run(_ output: Output) throws -> Int32 {
        let checked = try check.run(inputs, workspaceRoot: root)
        let clean = checked.allSatisfy(\.isClean)
        if json {
            output.out(JSON.object([
                ("files", .array(checked.map(CheckCommand.json))),
                ("clean", .bool(clean)), ("exitCode", .int(Int(clean ? ExitCode.ok : ExitCode.dataError))),
            ]).serialized())
        } else {
            for c in checked { output.out(CheckCommand.text(c)) }
            output.out(clean ? "all \(checked.count) file(s) clean" :
                        "\(checked.filter { !$0.isClean }.count) of \(checked.count) file(s) not clean")
        }
        return clean ? ExitCode.ok : ExitCode.dataError
    }

    static func json(_ c: Check.Checked) -> JSON {
        func opt(_ v: String?) -> JSON { v.map(JSON.string) ?? .null }
        func opt(_ v: Int?) -> JSON { v.map(JSON.int) ?? .null }
        var fields: [(String, JSON)] = [
            ("path", .string(c.input.path)), ("name", .string(c.storedName ?? c.input.name)), ("source", opt(c.input.source?.folder)),
            ("verdict", .string(c.verdict)), ("code", c.verdict == "OK" ? .null : .string(c.verdict)),
            ("message", opt(c.message)), ("line", opt(c.line)), ("record", opt(c.record)), ("field", opt(c.field)),
            ("records", .int(c.records)), ("rejected", .int(c.rejected)),
            ("rejects", .array(c.rejects.map { r in
                .object([("record", .int(r.record)), ("line", opt(r.line)), ("field", .string(r.field)),
                         ("code", .string(r.code.rawValue)), ("message", .string(r.message)), ("raw", .string(r.raw))])
            })),
            ("attachments", .array(c.attachments.map(JSON.string))),
            ("clean", .bool(c.isClean)),
        ]
        if !c.fates.isEmpty || c.verdict == "OK" {
            fields.append(("outcomes", .array(c.fates.map(HistoryJSON.fate))))
        }
        return .object(fields)
    }

    static func text(_ c: Check.Checked) -> String {
        var lines = ["\(c.verdict)  \(c.input.source?.folder ?? "?")  \(c.input.path)"
                     + (c.verdict == "OK" ? "  \(c.records) record(s), \(c.rejected) rejected" : "")
                     + (c.message.map { "  \(c.line.map { "line \($0): " } ?? "")\($0)" } ?? "")]
        if !c.attachments.isEmpty { lines.append("    attachments: \(c.attachments.joined(separator: ", "))") }
        for r in c.rejects {
            lines.append("    record \(r.record)\(r.line.map { " line \($0)" } ?? "") \(r.field) \(r.code.rawValue): \(r.message)")
        }
        for f in c.fates {
            lines.append("    \(f.carried.kind.rawValue) \(f.carried.key): \(HistoryJSON.nightWord(f))"
                         + (f.reasons.isEmpty ? "" : " (\(f.reasons.joined(separator: ", ")))"))
        }
        return lines.joined(separator: "\n")
    }
}
