import APXCore
import APXDomain
import APXDrop
import APXPipeline
import APXStore
import Foundation

/// A command: parsed and validated in `init` (usage errors), then `run`.
protocol Command {
    static var path: [String] { get }
    static var summary: String { get }
    static var usage: String { get }
    static var spec: ArgumentSpec { get }
    init(_ arguments: Arguments, environment: [String: String]) throws
    func run(_ output: Output) throws -> Int32
    /// Whether the command refuses a root that is not a workspace (exit 66); checked by
    /// APXMain after validation, before `run`. Default: yes.
    static func requiresWorkspace(_ arguments: Arguments) -> Bool
}

extension Command {
    static func requiresWorkspace(_ arguments: Arguments) -> Bool { true }
}

/// Where commands write; tests and the binary use standard streams.
public struct Output: Sendable {
    public var out: @Sendable (String) -> Void
    public var err: @Sendable (String) -> Void
    public init(out: @escaping @Sendable (String) -> Void, err: @escaping @Sendable (String) -> Void) {
        self.out = out
        self.err = err
    }
    public static let standard = Output(
        out: { FileHandle.standardOutput.write(Data(($0 + "\n").utf8)) },
        err: { FileHandle.standardError.write(Data(($0 + "\n").utf8)) })
}

/// Options every workspace command shares.
struct Common {
    static let rootOptions: Set<String> = ["root", "pipeline"]

    /// `--root`, else `$APX_ROOT`, else `./var`.
    static func root(_ arguments: Arguments, _ environment: [String: String]) -> String {
        let raw = arguments.value("root") ?? environment["APX_ROOT"].flatMap { $0.isEmpty ? nil : $0 } ?? "./var"
        if raw.hasPrefix("/") { return raw }
        return FileManager.default.currentDirectoryPath + "/" + raw
    }

    static func settings(_ arguments: Arguments) throws -> Settings {
        guard let path = arguments.value("pipeline") else { return Settings() }
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw UsageError("cannot read pipeline file \(path)")
        }
        let settings: Settings
        do { settings = try Settings.parse(text) } catch let e as Settings.ParseError { throw UsageError(e.description) }
        // The zone drives the default --as-of, every timestamp and the run id from here on.
        Timestamp.configure(zone: settings.timeZone)
        return settings
    }

    static func reference(_ settings: Settings) throws -> Reference {
        do { return try Reference.load(settings) } catch { throw UsageError("\(error)") }
    }

    static func asOf(_ arguments: Arguments) throws -> Day {
        guard let text = arguments.value("as-of") else { return Timestamp.today() }
        guard let day = Day(iso: text) else { throw UsageError("--as-of needs a date yyyy-MM-dd, got \(text)") }
        return day
    }

    /// Who acts (`--by`): required for decisions (`why` says so), else `$USER` or "operator".
    static func actor(_ arguments: Arguments, _ environment: [String: String], requiredBecause why: String? = nil) throws -> String {
        if let by = arguments.value("by"), !by.trimmingCharacters(in: .whitespaces).isEmpty { return by }
        if let why { throw UsageError("--by WHO is required: \(why)") }
        return environment["USER"] ?? "operator"
    }

    /// A change by a person: holds the workspace lock (as a run does) while `body` works on
    /// the open database; exit 75 when a run holds it, 66 when there is no database.
    static func withLockedStore<T>(root: String, asOf: Day = Timestamp.today(), actor: String,
                                   _ body: (Store) throws -> T) throws -> T {
        let lock = try WorkspaceLock(root: Workspace(root: root).root, waitSeconds: lockWaitSeconds())
        defer { withExtendedLifetime(lock) {} }
        let store = try openStore(root: root, asOf: asOf, actor: actor)
        CrashPoint.hit("person's command opened the store")
        let result = try body(store)
        CrashPoint.hit("person's command committed")
        return result
    }

    /// How long a person's command waits for a running cycle (`apx watch`) to release the
    /// workspace lock: `$APX_LOCK_WAIT_SECONDS`, else the pipeline's `lock.wait_seconds` (30).
    static func lockWaitSeconds(_ settings: Settings = Settings()) -> Double {
        ProcessInfo.processInfo.environment["APX_LOCK_WAIT_SECONDS"].flatMap(Double.init).map { max(0, $0) }
            ?? settings.lockWaitSeconds
    }

    /// Opens an existing workspace's database (read or decide) through the identity check;
    /// missing → exit 66, or exit 1 when the workspace has already pushed (restore the backup).
    static func openStore(root: String, asOf: Day, actor: String = "apx") throws -> Store {
        let workspace = Workspace(root: root)
        guard FileManager.default.fileExists(atPath: workspace.databasePath) else {
            try identity(workspace).checkBeforeOpening()
            throw NotFound(message: "no approval database under \(root) (run `apx run` first)")
        }
        return try Store.open(identity(workspace), runID: Timestamp.runID(), asOf: asOf, actor: actor)
    }

    /// Opens an existing workspace's database for a command that only reads, as `openStore`
    /// (the same refusals, the same exit 66), on a read-only connection: it never waits for a
    /// run's write lock. A schema behind this binary is migrated first, as any command did
    /// (`openStore`: a write, once after an upgrade); `apx status` alone reports it instead.
    static func openStoreForReading(root: String, asOf: Day) throws -> Store {
        let workspace = Workspace(root: root)
        guard FileManager.default.fileExists(atPath: workspace.databasePath) else {
            try identity(workspace).checkBeforeOpening()
            throw NotFound(message: "no approval database under \(root) (run `apx run` first)")
        }
        let store: Store
        do {
            store = try Store.openForReading(identity(workspace), asOf: asOf)
        } catch is SchemaBehind {
            return try openStore(root: root, asOf: asOf)
        }
        // A lost identity file is rewritten from the database, as by `openStore` (a file write,
        // never waiting for SQLite; nothing when the file is as it should be) — when this user
        // may write the root: one who may only read (or a read-only mount) is answered all the
        // same, and the next run rewrites it.
        do { try store.recordIdentity() } catch let e as FileError where e.isPermissionDenied || e.errno == EROFS {}
        return store
    }

    /// The database of a workspace for reading (`openStoreForReading`), or nil when the
    /// workspace has never run (no database yet, nothing pushed): lists of such a workspace
    /// are empty, not "not found".
    static func openStoreIfRun(root: String, asOf: Day) throws -> Store? {
        let workspace = Workspace(root: root)
        if !FileManager.default.fileExists(atPath: workspace.databasePath) && FileManager.default.fileExists(atPath: workspace.inbox) {
            try identity(workspace).checkBeforeOpening()   // a workspace that has pushed lost its database
            return nil
        }
        return try openStoreForReading(root: root, asOf: asOf)
    }

    /// The identity check's view of a workspace: its id file, database and outbox folders.
    static func identity(_ workspace: Workspace, adopt: Bool = false) -> WorkspaceIdentity {
        workspace.identity(adopt: adopt)
    }

    /// `--as-of` earlier than the last completed run's is refused (exit 64) unless
    /// `--allow-earlier` (spec 05): a night is never run backwards by mistake. Without
    /// `--as-of` (today) the command goes on; the returned warning goes into its report.
    @discardableResult
    static func refuseEarlier(_ store: Store, asOf: Day, explicit: Bool, allowEarlier: Bool) throws -> String? {
        guard !allowEarlier, let last = try store.lastCompletedRun(), asOf < last.asOf else { return nil }
        guard explicit else {
            return "today (\(asOf.iso)) is earlier than the last completed run's as-of (\(last.asOf.iso), run \(last.id)): "
                + "is the clock right? deadlines and file names use \(asOf.iso)"
        }
        throw UsageError("--as-of \(asOf.iso) is earlier than the last completed run's (\(last.asOf.iso), run \(last.id)); "
                         + "pass --allow-earlier to go back in time deliberately")
    }
}
