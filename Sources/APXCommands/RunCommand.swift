import APXCore
import APXDomain
import APXDrop
import APXPipeline
import APXStore
import Foundation

/// What `apx run` and `apx reprocess` share: workspace, day, settings, output form.
struct RunOptions {
    let root: String
    let asOf: Day
    let settings: Settings
    let reference: Reference
    let json: Bool
    /// `--allow-earlier`: an as-of before the last completed run's is deliberate.
    let allowEarlier: Bool
    /// `--as-of` was given (not today's date).
    let asOfGiven: Bool
    /// No progress line on a terminal's stderr.
    let quiet: Bool

    static let names: Set<String> = Common.rootOptions.union(["as-of"])
    static let flags: Set<String> = ["json", "quiet", "allow-earlier"]

    init(_ arguments: Arguments, environment: [String: String]) throws {
        root = Common.root(arguments, environment)
        settings = try Common.settings(arguments)
        asOf = try Common.asOf(arguments)
        reference = try Common.reference(settings)
        json = arguments.flag("json")
        allowEarlier = arguments.flag("allow-earlier")
        asOfGiven = arguments.value("as-of") != nil
        quiet = arguments.flag("quiet")
    }
}

struct RunCommand: Command {
    static let path = ["run"]
    static let summary = "the nightly job: claim ready files, ingest, match, push, report"
    static let usage = "apx run [--root DIR] [--as-of yyyy-MM-dd [--allow-earlier]] [--pipeline FILE] [--seed DIR] [--json] [--quiet] [--adopt-database]"
    static let spec = ArgumentSpec(flags: RunOptions.flags.union(["adopt-database"]), options: RunOptions.names.union(["seed"]))

    let options: RunOptions
    /// A folder laid out like inbox/ (e.g. samples/) delivered into the inbox first.
    let seed: String?
    /// Go on with a missing, empty or older database the identity check refuses (docs/runbook.md).
    let adoptDatabase: Bool

    init(_ arguments: Arguments, environment: [String: String]) throws {
        options = try RunOptions(arguments, environment: environment)
        seed = arguments.value("seed")
        adoptDatabase = arguments.flag("adopt-database")
        if let seed, !FileManager.default.fileExists(atPath: seed) { throw UsageError("--seed folder \(seed) not found") }
    }

    /// `--seed` may create the workspace; otherwise the root must hold `inbox/` (the rest is made).
    static func requiresWorkspace(_ arguments: Arguments) -> Bool { arguments.value("seed") == nil }

    func run(_ output: Output) throws -> Int32 {
        try RunCommand.perform(options, seed: seed, selection: nil, adoptDatabase: adoptDatabase, output: output)
    }

    /// The nightly job (also behind `apx reprocess`): lock, open, execute, report, print.
    static func perform(_ options: RunOptions, seed: String?, selection: ReprocessSelection?, adoptDatabase: Bool = false,
                        output: Output) throws -> Int32 {
        let (root, asOf, settings, reference, json) = (options.root, options.asOf, options.settings, options.reference, options.json)
        let workspace = Workspace(root: root)
        try workspace.prepare()
        // `apx run` never waits (cron's overlap is harmless) and yields to a watcher; a
        // reprocess is a person's command and waits for a running cycle.
        let lock: WorkspaceLock
        if selection == nil {
            if WatchLock.isHeld(root: workspace.root) { throw WorkspaceLock.Failure.watcherRuns }
            lock = try WorkspaceLock(root: workspace.root)
        } else {
            lock = try WorkspaceLock(root: workspace.root, waitSeconds: Common.lockWaitSeconds(settings))
        }
        if let seed { try Seeder.seed(from: seed, into: workspace.inbox) }
        let runID = Timestamp.runID()
        let log = RunLog(path: workspace.logs + "/\(runID).jsonl")
        let summary: RunSummary
        do {
            let store = try Store.open(Common.identity(workspace, adopt: adoptDatabase), runID: runID, asOf: asOf,
                                       busyTimeoutMilliseconds: settings.busyTimeoutMilliseconds)
            let earlier = try Common.refuseEarlier(store, asOf: asOf, explicit: options.asOfGiven, allowEarlier: options.allowEarlier)
            let nightly = NightlyRun(workspace: workspace, settings: settings, reference: reference, store: store, log: log)
            nightly.progress = ProgressMeter.forStandardError(quiet: options.quiet)
            summary = try nightly.execute(reprocessing: selection, warnings: earlier.map { [$0] } ?? [])
        } catch {
            log.event("run.failed", [("error", .string(String(describing: type(of: error))))])
            withExtendedLifetime(lock) {}
            throw error
        }
        withExtendedLifetime(lock) {}
        if json {
            output.out(summary.json.serialized())
        } else {
            output.out("""
                run \(summary.run) as-of \(summary.asOf): \(summary.claimed) claimed, \(summary.processed) processed, \
                \(summary.duplicate) duplicate, \(summary.quarantined) quarantined, \(summary.notReady) not ready; \
                \(summary.recordsRead) records read, \(summary.recordsRejected) rejected; \
                projects \(summary.projectsWarehoused) warehoused, \(summary.projectsReview) review, \
                \(summary.projectsMigration) migration, \(summary.projectsPending) pending; \
                results \(summary.resultsWarehoused) warehoused, \(summary.resultsReview) review, \(summary.resultsPending) pending; \
                pushed \(summary.govFiles) gov file(s) with \(summary.govRecords) record(s), \
                \(summary.archivePackages) archive package(s), \(summary.notices) notice(s)
                \(summary.alreadyQuarantined) already in quarantine, \(summary.quarantineSettled) quarantine entr(ies) settled, \
                backlog \(summary.quarantineBacklog); \(summary.startedAt) – \(summary.finishedAt), \
                \(String(format: "%.1f", summary.durationSeconds)) s, \(Int(summary.recordsPerSecond.rounded())) records/s
                report: \(workspace.reports)/\(summary.run).html
                """)
            for warning in summary.warnings { output.err("warning: \(warning)") }
        }
        return Int32(summary.exitCode)
    }
}

struct ReprocessCommand: Command {
    static let path = ["reprocess"]
    static let summary = "put quarantined files back through the pipeline, or re-evaluate a file's, project's or run's records"
    static let usage = "apx reprocess [--root DIR] [--as-of yyyy-MM-dd [--allow-earlier]] [--pipeline FILE] [--json] [--quiet] (--quarantined [--source S] | --file NAME | --project XMDM | --run RUN)"
    static let spec = ArgumentSpec(flags: RunOptions.flags.union(["quarantined"]), options: RunOptions.names.union(["source", "file", "project", "run"]))

    let options: RunOptions
    let selection: ReprocessSelection

    init(_ arguments: Arguments, environment: [String: String]) throws {
        options = try RunOptions(arguments, environment: environment)
        let chosen = [arguments.flag("quarantined"), arguments.value("file") != nil, arguments.value("project") != nil,
                      arguments.value("run") != nil].filter { $0 }.count
        guard chosen == 1 else { throw UsageError("choose exactly one of --quarantined, --file, --project, --run") }
        if arguments.value("source") != nil && !arguments.flag("quarantined") { throw UsageError("--source goes with --quarantined") }
        if let source = arguments.value("source"), Source(rawValue: source) == nil {
            throw UsageError("unknown source \(source); sources: \(Source.all.map(\.folder).joined(separator: ", "))")
        }
        if arguments.flag("quarantined") { selection = ReprocessSelection(.quarantined(source: arguments.value("source").flatMap(Source.init(rawValue:)))) }
        else if let file = arguments.value("file") { selection = ReprocessSelection(.file(file)) }
        else if let project = arguments.value("project") { selection = ReprocessSelection(.project(project)) }
        else { selection = ReprocessSelection(.run(arguments.value("run")!)) }
    }

    func run(_ output: Output) throws -> Int32 {
        guard FileManager.default.fileExists(atPath: Workspace(root: options.root).databasePath) else {
            try Common.identity(Workspace(root: options.root)).checkBeforeOpening()
            throw NotFound(message: "no approval database under \(options.root) (run `apx run` first)")
        }
        try checkTargetExists()
        return try RunCommand.perform(options, seed: nil, selection: selection, output: output)
    }

    /// A named file, project or run that was never seen: exit 66 before anything is
    /// recorded (no run row, no log, no report).
    func checkTargetExists() throws {
        let store = try Common.openStore(root: options.root, asOf: options.asOf)
        switch selection.scope {
        case .quarantined: return
        case .file(let name):
            if try !store.hasInputFile(named: name) { throw NotFound(message: "no input file named \(name) was ever received") }
        case .project(let xmdm):
            if try store.project(Normalize.code(xmdm)) == nil { throw NotFound(message: "project \(xmdm) has never been seen") }
        case .run(let run):
            if try !store.hasRun(run) { throw NotFound(message: "no run \(run)") }
        }
    }
}
