import APXCore
import APXDrop
import APXMatch
import APXPipeline
import APXStore
import Foundation

struct ReviewListCommand: Command {
    static let path = ["review", "list"]
    static let summary = "open review items (all with --all)"
    static let usage = "apx review list [--root DIR] [--json] [--all]"
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
        // A workspace that has never run has no review items (as `apx quarantine list`).
        let items = try Common.openStoreIfRun(root: root, asOf: Timestamp.today())?.reviews(all: all) ?? []
        if json {
            output.out(JSON.array(items.map(ReviewListCommand.json)).serialized())
        } else if items.isEmpty {
            output.out(all ? "no review items" : "no open review items")
        } else {
            for item in items {
                output.out("#\(item.id)  \(item.kind)  \(item.state)  \(item.xmdm)\(item.gcdm.isEmpty ? "" : " " + item.gcdm)  \(item.reasons.joined(separator: ","))  \(item.subjectType) \(item.subjectID)  since \(item.createdOn)")
                for f in item.fields {
                    let sim = f.similarity.map { String(format: "  (similarity %.2f)", $0) } ?? ""
                    output.out("    \(f.field): ours «\(f.ours)»  theirs «\(f.theirs)»\(sim)")
                }
                if let by = item.decidedBy {
                    output.out("    decided by \(by) at \(item.decidedAt ?? ""): \(item.note ?? "")\(item.changes.map { " [\($0)]" } ?? "")")
                }
            }
        }
        return ExitCode.ok
    }

    /// `gcdm` is the item's GCDM as everywhere in the spec: the XMDM for the main project
    /// (spec 01: "The main project's GCDM equals its XMDM"), as `apx project show` gives it.
    static func json(_ item: ReviewItem) -> JSON {
        .object([
            ("id", .int(item.id)), ("kind", .string(item.kind.rawValue)), ("xmdm", .string(item.xmdm)),
            ("gcdm", .string(item.gcdm.isEmpty ? item.xmdm : item.gcdm)),
            ("reasons", .array(item.reasons.map(JSON.string))),
            ("fields", .array(item.fields.map { f in
                var pairs: [(String, JSON)] = [("field", .string(f.field)), ("ours", .string(f.ours)), ("theirs", .string(f.theirs))]
                if let s = f.similarity { pairs.append(("similarity", .double(s))) }
                return .object(pairs)
            })),
            ("createdAt", .string(item.createdAt)), ("state", .string(item.state.rawValue)),
            ("subject", .object([("type", .string(item.subjectType.rawValue)), ("id", .string(item.subjectID))])),
            ("decidedBy", item.decidedBy.map(JSON.string) ?? .null), ("decidedAt", item.decidedAt.map(JSON.string) ?? .null),
            ("note", item.note.map(JSON.string) ?? .null),
        ])
    }
}

struct ReviewAcceptCommand: Command {
    static let path = ["review", "accept"]
    static let summary = "accept a review item, optionally with corrected values"
    static let usage = "apx review accept ID --by WHO [--note TEXT] [--set FIELD=VALUE]… [--root DIR]"
    static let spec = ArgumentSpec(options: Common.rootOptions.union(["by", "note"]), repeated: ["set"], positionals: ["ID"])

    let root: String
    let id: Int
    let by: String
    let note: String?
    let sets: [(String, String)]
    let settings: Settings

    init(_ arguments: Arguments, environment: [String: String]) throws {
        root = Common.root(arguments, environment)
        guard let id = Int(arguments.positional(0)), id > 0 else { throw UsageError("ID must be a review item number") }
        self.id = id
        by = try Common.actor(arguments, environment, requiredBecause: "every decision records who took it")
        note = arguments.value("note")
        sets = try arguments.all("set").map { pair in
            guard let eq = pair.firstIndex(of: "="), eq != pair.startIndex else { throw UsageError("--set needs FIELD=VALUE, got \(pair)") }
            return (String(pair[..<eq]).uppercased(), String(pair[pair.index(after: eq)...]))
        }
        settings = try Common.settings(arguments)
    }

    func run(_ output: Output) throws -> Int32 {
        try Common.withLockedStore(root: root, actor: by) { store in
            try ReviewDecisions(store: store, settings: settings, reference: Common.reference(settings))
                .accept(id, by: by, note: note, sets: sets)
        }
        output.out("review item \(id) accepted by \(by); pushes go out with the next run")
        return ExitCode.ok
    }
}

struct ReviewRejectCommand: Command {
    static let path = ["review", "reject"]
    static let summary = "reject a review item (the record is set aside with the reason)"
    static let usage = "apx review reject ID --by WHO --note TEXT [--root DIR]"
    static let spec = ArgumentSpec(options: Common.rootOptions.union(["by", "note"]), positionals: ["ID"])

    let root: String
    let id: Int
    let by: String
    let note: String
    let settings: Settings

    init(_ arguments: Arguments, environment: [String: String]) throws {
        root = Common.root(arguments, environment)
        guard let id = Int(arguments.positional(0)), id > 0 else { throw UsageError("ID must be a review item number") }
        self.id = id
        by = try Common.actor(arguments, environment, requiredBecause: "every decision records who took it")
        note = try Common.requiredNote(arguments, because: "a rejection records why")
        settings = try Common.settings(arguments)
    }

    func run(_ output: Output) throws -> Int32 {
        try Common.withLockedStore(root: root, actor: by) { store in
            try ReviewDecisions(store: store, settings: settings, reference: Common.reference(settings)).reject(id, by: by, note: note)
        }
        output.out("review item \(id) rejected by \(by)")
        return ExitCode.ok
    }
}

struct ReportCommand: Command {
    static let path = ["report"]
    static let summary = "a run's report (the last run by default)"
    static let usage = "apx report [--root DIR] [--run RUN] [--json]"
    static let spec = ArgumentSpec(flags: ["json"], options: Common.rootOptions.union(["run"]))

    let root: String
    let run: String?
    let json: Bool

    init(_ arguments: Arguments, environment: [String: String]) throws {
        root = Common.root(arguments, environment)
        run = arguments.value("run")
        json = arguments.flag("json")
    }

    func run(_ output: Output) throws -> Int32 {
        let store = try Common.openStoreForReading(root: root, asOf: Timestamp.today())
        guard let row = try store.runRow(id: run) else { throw NotFound(message: run.map { "no run \($0)" } ?? "no finished run yet") }
        let id = row.id
        let workspace = Workspace(root: root)
        func parse(_ text: String) -> [String: Any]? { (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any] }
        // The report file when it is this run's JSON object; else (gone, damaged, another run's)
        // the summary the database kept — `--json` always prints JSON.
        let file = workspace.reports + "/\(id).json"
        var text = (try? String(contentsOfFile: file, encoding: .utf8))?.trimmingCharacters(in: .newlines)
        var parsed = text.flatMap(parse)
        if text != nil && parsed?["run"] as? String != id {
            output.err("apx: \(TerminalText.safe(file)) is not this run's report (damaged?); showing the summary kept in the database")
            text = nil
            parsed = nil
        }
        if text == nil, let summary = row.summary, parse(summary) != nil {
            text = summary
            parsed = parse(summary)
        }
        if text == nil {
            // A run that never finished (killed, power cut): what is known of it; the next run
            // finished its work.
            output.err("apx: run \(id) did not finish (killed?); it has no report; the next run finishes its work")
            let known = JSON.object([("run", .string(id)), ("asOf", .string(row.asOf)), ("exitCode", .null),
                                     ("startedAt", .string(row.startedAt)), ("finishedAt", .null),
                                     ("durationSeconds", .null), ("finished", .bool(false))])
            text = known.serialized()
            parsed = parse(text ?? "")
        }
        if json {
            output.out(text ?? "{}")
        } else {
            output.out(ReportText.render(parsed ?? [:], htmlPath: "\(workspace.reports)/\(id).html"))
        }
        return ExitCode.ok
    }
}
