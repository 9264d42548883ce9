import APXCore
import APXStore
import Foundation
import SQLiteDB
import Testing

/// `Store.openForReading`: the identity checks of `Store.open`, on a read-only connection,
/// never migrating and never writing (not the database, not the identity file).
@Suite struct StoreForReadingTests {
    /// A workspace root with a database path and one outbox folder (as `Workspace.identity()`).
    final class Root {
        let root = NSTemporaryDirectory() + "/apx-reading-\(UUID().uuidString.prefix(8))"
        var identity: WorkspaceIdentity { WorkspaceIdentity(root: root, databasePath: root + "/approval.sqlite", outboxFolders: [root + "/outbox"]) }
        var database: Data? { FileManager.default.contents(atPath: identity.databasePath) }
        init() { try! FileManager.default.createDirectory(atPath: root + "/outbox", withIntermediateDirectories: true) }
        deinit { try? FileManager.default.removeItem(atPath: root) }

        /// A database opened (stamped, identity file written) with one finished run R1.
        func withOneRun() throws {
            let store = try Store.open(identity, runID: "R1", asOf: day)
            try store.recordRunStart(command: "run")
            try store.recordRunEnd(exitCode: 0, summary: "{}")
        }
    }

    static let day = Day(iso: "2026-11-21")!
    var day: Day { Self.day }

    @Test func aReadingStoreAnswersAtOnceWhileAWriterHoldsItsTransaction() throws {
        let ws = Root()
        try ws.withOneRun()
        let writer = try Store.open(ws.identity, runID: "R2", asOf: day)
        try writer.transaction {
            try writer.recordRunStart(command: "run")   // not committed while the reader looks
            let started = Date()
            let reader = try Store.openForReading(ws.identity, asOf: day)   // the default 5 s busy timeout
            let status = try reader.status(receiptOverdueDays: 3, asOf: nil)
            #expect(Date().timeIntervalSince(started) < 1)
            #expect(status.lastRun?.id == "R1", "the last committed state")
            #expect(reader.isReadOnly)
            #expect {
                try reader.recordRunStart(command: "run")
            } throws: { ($0 as? DatabaseError)?.isReadOnly == true }
        }
    }

    @Test func aForeignOrOlderDatabaseIsRefusedAsStoreOpenRefusesIt() throws {
        let ws = Root()
        try ws.withOneRun()
        let id = try #require(try ws.identity.readFile()?.id)
        for (file, words) in [("workspace OTHER-ID\nbatch.gov 3\n", "belongs to another workspace"),
                              ("workspace \(id)\nbatch.gov 3\n", "older than this workspace")] {
            try file.write(toFile: ws.identity.filePath, atomically: true, encoding: .utf8)
            let before = ws.database
            let reading = #expect(throws: WorkspaceIdentity.Refusal.self) { try Store.openForReading(ws.identity, asOf: day) }
            #expect(ws.database == before)
            let opening = #expect(throws: WorkspaceIdentity.Refusal.self) { try Store.open(ws.identity, runID: "R3", asOf: day) }
            #expect(reading?.description.contains(words) == true, "\(reading?.description ?? "")")
            #expect(reading?.description == opening?.description)
            #expect(try String(contentsOfFile: ws.identity.filePath, encoding: .utf8) == file, "the identity file is left as it was")
        }
    }

    @Test func aDatabaseWithoutAnIdIsReadAsItIsNeitherStampedNorRecorded() throws {
        let ws = Root()
        _ = try Store(path: ws.identity.databasePath, runID: "R1", asOf: day)   // migrated, no workspace id
        let before = ws.database
        let reader = try Store.openForReading(ws.identity, asOf: day)
        #expect(try reader.status(receiptOverdueDays: 3, asOf: nil).lastRun == nil)
        #expect(ws.database == before)
        #expect(!FileManager.default.fileExists(atPath: ws.identity.filePath))
        #expect(try Database(readingOnly: ws.identity.databasePath).row("SELECT 1 FROM workspace_meta") == nil)
    }

    @Test func aSchemaBehindThisBinaryIsReportedAndNotMigrated() throws {
        let ws = Root()
        try ws.withOneRun()
        let last = try #require(Schema.migrator.ids.last)
        try Database(path: ws.identity.databasePath).run("DELETE FROM schema_migrations WHERE id = ?", last)
        let before = ws.database
        let behind = #expect(throws: SchemaBehind.self) { try Store.openForReading(ws.identity, asOf: day) }
        #expect(behind?.pending == [last])
        #expect(behind?.description.contains("1 migration(s) pending (\(last))") == true, "\(behind?.description ?? "")")
        #expect(ws.database == before)
        #expect(try Database(readingOnly: ws.identity.databasePath).row("SELECT 1 FROM schema_migrations WHERE id = ?", last) == nil)

        try Database(path: ws.identity.databasePath).run("INSERT INTO schema_migrations (id) VALUES (?), (?)", last, "999-newer")
        #expect(throws: Migrator.NewerSchema.self) { try Store.openForReading(ws.identity, asOf: day) }
    }
}
