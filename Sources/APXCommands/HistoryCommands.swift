import APXCore
import APXDomain
import APXStore
import Foundation

/// JSON and text forms shared by `apx project history`, `apx file show` and `apx check --root`.
enum HistoryJSON {
    /// What the night does (did) with a record, in an operator's words.
    static func nightWord(_ f: RecordFate) -> String {
        switch f.state {
        case "WAREHOUSED": return "warehouse"
        case "PENDING": return "pending"
        case "REVIEW": return "review"
        case "MIGRATION": return "review (manual migration)"
        case "": return f.carried.arrival == "older" ? "ignored (an older extract)" : "nothing stored"
        default: return f.state.lowercased()
        }
    }

    static func fate(_ f: RecordFate) -> JSON {
        .object([("record", .int(f.carried.record)), ("kind", .string(f.carried.kind.rawValue)), ("key", .string(f.carried.key)),
                 ("xmdm", .string(f.carried.xmdm)), ("arrival", .string(f.carried.arrival)), ("state", .string(f.state)),
                 ("night", .string(nightWord(f))), ("reasons", .array(f.reasons.map(JSON.string))),
                 ("openReviews", .array(f.openReviews.map(JSON.int)))])
    }

    static func event(_ e: HistoryEvent) -> JSON {
        .object([("at", .string(e.at)), ("run", .string(e.run)), ("type", .string(e.type)), ("action", .string(e.action))] + e.fields)
    }

    /// One line per event: the scalar facts, `key=value`.
    static func text(_ e: HistoryEvent) -> String {
        let facts = e.fields.compactMap { key, value -> String? in
            switch value {
            case .string(let s) where !s.isEmpty: return "\(key)=\(s)"
            case .int(let i): return "\(key)=\(i)"
            case .array(let items) where !items.isEmpty:
                return "\(key)=[" + items.map { item -> String in
                    if case .object(let pairs) = item {
                        return pairs.map { p in
                            if case .string(let s) = p.1 { return s }
                            return p.1.serialized()
                        }.filter { !$0.isEmpty }.joined(separator: " ")
                    }
                    if case .string(let s) = item { return s }
                    return item.serialized()
                }.joined(separator: "; ") + "]"
            default: return nil
            }
        }
        return "\(e.at)  \(e.type) \(e.action)  " + facts.joined(separator: "  ")
    }
}

struct ProjectHistoryCommand: Command {
    static let path = ["project", "history"]
    static let summary = """
        a project's story in time order: input files, state changes, reviews, pushes with their files, receipts, notices, packages
          e.g. apx project history 2019-360102-47-03-012345
               apx project history 2019-360102-47-03-012345 --json | jq '.events[] | select(.type=="push")'
        """
    static let usage = "apx project history XMDM [--root DIR] [--json]"
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
        guard try store.hasSeenProject(xmdm) else { throw NotFound(message: "project \(xmdm) has never been seen") }
        let events = try store.projectHistory(xmdm)
        let state = try store.project(xmdm)?.state.rawValue
        if json {
            output.out(JSON.object([("xmdm", .string(xmdm)), ("state", state.map(JSON.string) ?? .null),
                                    ("events", .array(events.map(HistoryJSON.event)))]).serialized())
        } else {
            output.out("\(xmdm)  \(state ?? "-")  \(events.count) event(s)")
            for e in events { output.out(HistoryJSON.text(e)) }
        }
        return ExitCode.ok
    }
}

struct FileShowCommand: Command {
    static let path = ["file", "show"]
    static let summary = """
        one input file: each claim of it (run, outcome, reason), where it is now, its rejects, and what became of each record
          e.g. apx file show RKQQ_20261120_01.csv
               apx file show SGT_BJ_SC3601002026000123.xml --json
        """
    static let usage = "apx file show NAME [--root DIR] [--json]"
    static let spec = ArgumentSpec(flags: ["json"], options: Common.rootOptions, positionals: ["NAME"])

    let root: String
    let name: String
    let json: Bool

    init(_ arguments: Arguments, environment: [String: String]) throws {
        root = Common.root(arguments, environment)
        name = RawPath.lastComponent(arguments.positional(0))
        json = arguments.flag("json")
    }

    /// Where a claim's file (or one of its attachments, `name` → `destination`) is now,
    /// workspace-relative: its destination once moved, else (or once put back) the inbox.
    static func location(_ w: FileWhereabouts, name: String? = nil, destination: String? = nil) -> String {
        w.moved && w.requeuedAt == nil ? destination ?? w.file.destination : "inbox/\(w.file.source)/\(name ?? w.file.name)"
    }

    func run(_ output: Output) throws -> Int32 {
        let store = try Common.openStoreForReading(root: root, asOf: Timestamp.today())
        let claims = try store.fileWhereabouts(named: name)
        guard !claims.isEmpty else { throw NotFound(message: "no input file named \(name) was ever claimed") }
        var docs: [JSON] = []
        for w in claims {
            let f = w.file
            let rejects = try store.rejects(fileID: f.id)
            let fates = try store.recordFates(fileID: f.id)
            let attachment = f.name != name ? w.companions.first { $0.name == name } : nil
            if json {
                docs.append(.object([
                    ("attachmentOf", attachment == nil ? .null : .string(f.name)),
                    ("attachmentLocation", attachment.map { .string(FileShowCommand.location(w, name: $0.name, destination: $0.destination)) } ?? .null),
                    ("id", .int(f.id)), ("source", .string(f.source.rawValue)), ("name", .string(f.name)), ("sha256", .string(f.sha256)),
                    ("run", .string(f.runID)), ("asOf", w.asOf.map(JSON.string) ?? .null), ("claimedAt", .string(f.claimedAt)),
                    ("outcome", .string(f.outcome.rawValue)), ("code", f.reason.map(JSON.string) ?? .null),
                    ("message", f.message.map(JSON.string) ?? .null), ("line", f.line.map(JSON.int) ?? .null),
                    ("destination", .string(f.destination)), ("moved", .bool(w.moved)),
                    ("requeuedAt", w.requeuedAt.map(JSON.string) ?? .null), ("location", .string(FileShowCommand.location(w))),
                    ("attachments", .array(w.companions.map { .object([("name", .string($0.name)), ("destination", .string($0.destination))]) })),
                    ("records", .int(f.recordsRead)), ("rejected", .int(f.recordsRejected)),
                    ("rejects", .array(rejects.map { r in
                        .object([("record", .int(r.record)), ("line", r.line.map(JSON.int) ?? .null), ("field", .string(r.field)),
                                 ("code", .string(r.code.rawValue)), ("message", .string(r.message)), ("raw", .string(r.raw))])
                    })),
                    ("outcomes", .array(fates.map(HistoryJSON.fate))),
                ]))
            } else {
                if let attachment { output.out("\(name) is an attachment of \(f.name), now at \(FileShowCommand.location(w, name: attachment.name, destination: attachment.destination))") }
                output.out("\(f.source)/\(f.name)  run \(f.runID) (as-of \(w.asOf ?? "-"))  \(f.outcome)"
                           + (f.reason.map { " \($0)" } ?? "") + (f.message.map { ": \($0)" } ?? ""))
                output.out("  now at \(FileShowCommand.location(w))" + (w.requeuedAt.map { " (put back into the inbox at \($0))" } ?? ""))
                for c in w.companions { output.out("  attachment \(c.name) → \(c.destination)") }
                output.out("  \(f.recordsRead) record(s), \(f.recordsRejected) rejected")
                for r in rejects {
                    output.out("  reject record \(r.record)\(r.line.map { " line \($0)" } ?? "") \(r.field) \(r.code.rawValue): \(r.message)")
                }
                for fate in fates {
                    output.out("  \(fate.carried.kind.rawValue) \(fate.carried.key) (\(fate.carried.arrival)): \(fate.state.isEmpty ? "-" : fate.state)"
                               + (fate.reasons.isEmpty ? "" : " \(fate.reasons.joined(separator: ","))"))
                }
            }
        }
        if json {
            // The latest claim's facts at the top (where the file is now), every claim below.
            var top: [(String, JSON)] = [("name", .string(name))]
            if case .object(let latest)? = docs.last { top += latest.filter { $0.0 != "name" } }
            output.out(JSON.object(top + [("claims", .array(docs))]).serialized())
        }
        return ExitCode.ok
    }
}
