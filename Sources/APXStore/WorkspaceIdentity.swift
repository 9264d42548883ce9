import APXCore
import Foundation
import SQLiteDB
#if canImport(Glibc)
import Glibc
#endif

/// The database belongs to its workspace (spec 05). The workspace keeps, beside the database,
/// the file `<root>/.apx-workspace`: the workspace id (also stored in the database) and the
/// highest batch and notice numbers it has used. Opening the store checks the two against
/// each other: a missing, empty, foreign or older database in a workspace that has already
/// pushed is refused — never a silent fresh start, never a reused batch number.
public struct WorkspaceIdentity: Sendable {
    public static let fileName = ".apx-workspace"

    public let root: String
    public let databasePath: String
    /// Outbox folders whose published files prove a workspace has pushed (for workspaces
    /// from before the identity file).
    public let outboxFolders: [String]

    /// `apx run --adopt-database`: an operator's deliberate choice to go on with a missing,
    /// empty or older database (no newer backup exists). The database takes the workspace's id
    /// and its numbers are raised to the recorded highest ones, so none is reused; what was
    /// pushed after the backup may be pushed again. A foreign database is never adopted.
    public var adopt = false

    public init(root: String, databasePath: String, outboxFolders: [String], adopt: Bool = false) {
        self.root = root
        self.databasePath = databasePath
        self.outboxFolders = outboxFolders
        self.adopt = adopt
    }

    public var filePath: String { root + "/" + WorkspaceIdentity.fileName }

    /// What the identity file records.
    public struct Record: Equatable, Sendable {
        public var id: String
        /// `batch.gov`, `batch.notices`, `batch.archive`, `notice` → highest number used.
        public var counters: [String: Int]
        public var hasPushed: Bool { counters.values.contains { $0 > 0 } }
    }

    /// Why a database is refused: exit 1 with `description`, which says what to do.
    public struct Refusal: Error, CustomStringConvertible, Sendable {
        public let description: String
    }

    /// Counters whose numbers partners see (batch numbers, notice numbers): never reused.
    static func isTracked(_ counter: String) -> Bool { counter.hasPrefix("batch.") || counter == "notice" }

    // MARK: The file

    public func readFile() throws -> Record? {
        guard let data = FileManager.default.contents(atPath: filePath) else {
            guard !DurableFile.exists(filePath) else { throw Refusal(description: "cannot read \(filePath)") }
            return nil
        }
        var id = ""
        var counters: [String: Int] = [:]
        for line in String(decoding: data, as: UTF8.self).split(whereSeparator: \.isNewline) where !line.hasPrefix("#") {
            let parts = line.split(separator: " ", omittingEmptySubsequences: true)
            guard parts.count == 2 else { continue }
            if parts[0] == "workspace" { id = String(parts[1]) } else if let n = Int(parts[1]) { counters[String(parts[0])] = n }
        }
        guard !id.isEmpty else {
            throw Refusal(description: "\(filePath) holds no workspace id (damaged?): put back the file from a backup of the "
                          + "workspace root, or delete it only if this workspace has never pushed anything; nothing was done")
        }
        return Record(id: id, counters: counters)
    }

    func writeFile(_ record: Record) throws {
        var text = "# apx workspace identity: which database belongs to this workspace and the highest numbers it used.\n"
        text += "# Written by apx; do not edit or delete (see docs/decisions.md, \"The database has an identity\").\n"
        text += "workspace \(record.id)\n"
        for (name, value) in record.counters.sorted(by: { $0.key < $1.key }) { text += "\(name) \(value)\n" }
        // A temp name of this process's own: a reading command may rewrite the file while a run does.
        let temp = root + "/." + WorkspaceIdentity.fileName + ".\(getpid()).tmp"
        try DurableFile.write(Array(text.utf8), to: temp)
        guard rename(temp, filePath) == 0 else {
            let error = FileError("rename", filePath)
            unlink(temp)
            throw error
        }
        try DurableFile.syncDirectory(root)
    }

    /// True when an outbox folder holds a published file (not a dot-temp).
    func outboxHasFiles() -> Bool {
        outboxFolders.contains { folder in
            ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).contains { !$0.hasPrefix(".") }
        }
    }

    // MARK: The check

    /// Before the database is opened: a missing database is refused when the workspace has pushed.
    public func checkBeforeOpening() throws {
        guard !DurableFile.exists(databasePath), !adopt else { return }
        if let record = try readFile() {
            if record.hasPushed { throw refusal(.missing, record: record, database: nil) }
        } else if outboxHasFiles() {
            throw refusal(.missing, record: nil, database: nil)
        }
    }

    /// On the open (not yet migrated) database: compares it with the file; returns the id to stamp
    /// into the database when it has none yet (a new workspace, or one from before identities).
    func check(_ db: Database) throws -> String? {
        let file = try readFile()
        let dbID = try WorkspaceIdentity.storedID(db)
        let counters = try WorkspaceIdentity.storedCounters(db)
        guard let dbID else {
            if let file {
                if file.hasPushed && !adopt { throw refusal(.empty, record: file, database: counters) }
                return file.id
            }
            if outboxHasFiles() && !counters.values.contains(where: { $0 > 0 }) && !adopt {
                throw refusal(.empty, record: nil, database: counters)
            }
            return UUID().uuidString
        }
        guard let file else { return nil }
        if file.id != dbID { throw refusal(.foreign(dbID), record: file, database: counters) }
        if file.counters.contains(where: { counters[$0.key, default: 0] < $0.value }) && !adopt {
            throw refusal(.behind, record: file, database: counters)
        }
        return nil
    }

    /// Writes the file from the database (after opening, and after numbers were taken).
    func record(_ db: Database) throws {
        guard let id = try WorkspaceIdentity.storedID(db) else { return }
        var counters = try WorkspaceIdentity.storedCounters(db)
        // Never lower a recorded number (a run that failed after the file was written).
        let old = try? readFile()
        if let old, old.id == id {
            for (name, value) in old.counters { counters[name] = max(counters[name, default: 0], value) }
        }
        let record = Record(id: id, counters: counters)
        if old == record { return }
        try writeFile(record)
    }

    static func storedID(_ db: Database) throws -> String? {
        guard try db.row("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'workspace_meta'") != nil else { return nil }
        return try db.row("SELECT value FROM workspace_meta WHERE key = 'workspace_id'")?.column("value").string
    }

    static func storedCounters(_ db: Database) throws -> [String: Int] {
        guard try db.row("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'counter'") != nil else { return [:] }
        var out: [String: Int] = [:]
        for row in try db.rows("SELECT name, value FROM counter") where isTracked(try row.column("name").text) {
            out[try row.column("name").text] = try row.column("value").int ?? 0
        }
        return out
    }

    // MARK: Messages

    enum Problem { case missing, empty, foreign(String), behind, unreadable(String) }

    func refusal(_ problem: Problem, record: Record?, database: [String: Int]?) -> Refusal {
        func label(_ counters: [String: Int]) -> String {
            counters.sorted { $0.key < $1.key }.filter { $0.value > 0 }.map { name, value in
                name == "notice" ? "notice number \(value)" : "\(name.dropFirst("batch.".count)) batch \(value)"
            }.joined(separator: ", ")
        }
        let numbers = record.map { label($0.counters) } ?? ""
        let pushed = record.map {
            numbers.isEmpty ? "this workspace is id \($0.id) (it has pushed nothing yet)"
                : "this workspace (id \($0.id)) has already pushed (\(numbers))"
        }
            ?? "this workspace has already pushed (its outbox holds published files)"
        let what: String
        switch problem {
        case .missing: what = "the approval database \(databasePath) is missing, but \(pushed)"
        case .empty: what = "the approval database \(databasePath) is empty (it has no workspace id), but \(pushed)"
        case .foreign(let other): what = "the approval database \(databasePath) belongs to another workspace (id \(other)), and \(pushed)"
        case .unreadable(let why):
            what = "the approval database \(databasePath) cannot be read (\(why))"
                + (record.map { _ in ", and \(pushed)" } ?? "")
        case .behind:
            let known = label(database ?? [:])
            what = "the approval database \(databasePath) is older than this workspace: \(pushed), the database knows only "
                + "\(known.isEmpty ? "none" : known) (an older backup?)"
        }
        return Refusal(description: """
            refused: \(what). A fresh or wrong database would reuse batch numbers and push records again. \
            Restore this workspace's latest backup to \(databasePath) (the backup made by `apx backup`; see docs/runbook.md, \
            "Restoring the database"), then run again. Only if no newer backup exists, `apx run --adopt-database` goes on \
            with this one (numbers continue above the highest used; records pushed since the backup may be pushed again). \
            The workspace identity is in \(filePath). Nothing was done.
            """)
    }
}

extension Store {
    /// Opens the database of a workspace through the identity check (every command does).
    public static func open(_ identity: WorkspaceIdentity, runID: String, asOf: Day, actor: String = "apx",
                            busyTimeoutMilliseconds: Int = 5000) throws -> Store {
        try identity.checkBeforeOpening()
        let db: Database
        let stamp: String?
        do {
            db = try Database(path: identity.databasePath, busyTimeoutMilliseconds: Int32(clamping: busyTimeoutMilliseconds))
            stamp = try identity.check(db)
        } catch let error as DatabaseError where error.isNotADatabase {
            throw identity.refusal(.unreadable(error.message), record: try? identity.readFile(), database: nil)
        }
        let store = try Store(database: db, runID: runID, asOf: asOf, actor: actor)
        if let stamp {
            try store.transaction {
                try db.run("INSERT OR IGNORE INTO workspace_meta (key, value) VALUES ('workspace_id', ?)", stamp)
            }
        }
        store.identity = identity
        if identity.adopt, let file = try identity.readFile() { try store.adoptNumbers(file) }
        try identity.record(db)
        return store
    }

    /// Adoption: batch and notice numbers continue above the highest the workspace used.
    func adoptNumbers(_ record: WorkspaceIdentity.Record) throws {
        try transaction {
            for (name, value) in record.counters where WorkspaceIdentity.isTracked(name) {
                try db.run("INSERT INTO counter (name, value) VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET value = max(value, excluded.value)",
                           name, value)
            }
            try audit(.workspace, record.id, "database adopted",
                      detail: record.counters.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))
        }
    }

    /// Records the numbers taken so far in the workspace's identity file (after planning).
    public func recordIdentity() throws {
        try identity?.record(db)
    }
}
