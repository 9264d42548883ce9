import APXCore
import APXStore
import Foundation
import SQLiteDB
import Testing

/// `Store.openForReading` on files that are not (yet) an apx database.
@Suite struct StoreForReadingAttackTests {
    static let day = Day(iso: "2026-11-21")!

    /// An empty file (0 bytes: a first run's file an instant after its creation, or a database
    /// emptied in a workspace that has never pushed) is said to be empty — not "an older schema
    /// than this apx, 29 migration(s) pending" — and left as it is.
    @Test func anEmptyFileIsSaidToBeEmptyNotAnOlderSchema() throws {
        let ws = StoreForReadingTests.Root()
        FileManager.default.createFile(atPath: ws.identity.databasePath, contents: Data())
        let behind = #expect(throws: SchemaBehind.self) { try Store.openForReading(ws.identity, asOf: Self.day) }
        #expect(behind?.isEmpty == true)
        #expect(behind?.pending == Schema.migrator.ids)
        #expect(behind?.description.contains("is empty") == true && behind?.description.contains("older") == false,
                "\(behind?.description ?? "")")
        #expect(ws.database == Data())

        // One migration behind: an older schema, as before.
        _ = try Store(path: ws.identity.databasePath, runID: "R1", asOf: Self.day)
        let last = try #require(Schema.migrator.ids.last)
        try Database(path: ws.identity.databasePath).run("DELETE FROM schema_migrations WHERE id = ?", last)
        let older = #expect(throws: SchemaBehind.self) { try Store.openForReading(ws.identity, asOf: Self.day) }
        #expect(older?.isEmpty == false)
        #expect(older?.description.contains("older schema") == true)
    }
}
