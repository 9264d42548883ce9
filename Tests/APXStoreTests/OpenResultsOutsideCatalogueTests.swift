import APXCore
import APXDomain
import Testing
@testable import APXStore

/// `openResultIDs(outside:)` and `openResults(ids:)`: the evaluation's last pass (items outside
/// the catalogue) reads the same results, in the same id order, as filtering every open result
/// by id — through `result_open`, with `result_open_id` gone.
@Suite struct OpenResultsOutsideCatalogueTests {
    static let catalogue: Set<String> = ["GHXK", "SGXK"]

    /// Results of catalogue and other items interleaved by id; some of them closed.
    func store(items: [String]) throws -> (TempStore, [Int]) {
        let t = try TempStore()
        let file = try t.inputFile(.dtjg)
        var ids: [Int] = []
        for (i, sxbm) in items.enumerated() {
            guard case .inserted(let id) = try t.store.receiveResult(ResultRepositoryTests.result(sxbm, "N-\(i)"), source: .dtjg,
                                                                      fileID: file) else {
                Issue.record("not inserted"); continue
            }
            ids.append(id)
        }
        return (t, ids)
    }

    /// Every open result by id, its item not in `catalogue`: what the pass used to read.
    func expected(_ t: TempStore, outside catalogue: Set<String>) throws -> [Int] {
        try t.store.db.rows("SELECT id, sxbm FROM result WHERE state IN ('NEW','PENDING') ORDER BY id")
            .filter { !catalogue.contains(try $0.column("sxbm").text) }.map { $0.int("id") ?? 0 }
    }

    @Test func theIDsAreTheOpenResultsOfOtherItemsInIDOrder() throws {
        let items = ["ZZZZ", "GHXK", "AAAA", "SGXK", "ZZZZ", "AAAA", "GHXK", "MMMM", "AAAA", "SGXK", "ZZZZ"]
        let (t, ids) = try store(items: items)
        try t.store.setResultState(ids[4], ResultState.warehoused, reasons: [])    // a ZZZZ closed
        try t.store.setResultState(ids[7], ResultState.pending, reasons: ["PREREQ_MISSING"])   // MMMM waits: still open
        try t.store.setResultState(ids[1], ResultState.review, reasons: ["NAME_MISMATCH"])     // a GHXK closed
        let found = try t.store.openResultIDs(outside: Self.catalogue)
        #expect(found == [ids[0], ids[2], ids[5], ids[7], ids[8], ids[10]])
        #expect(found == (try expected(t, outside: Self.catalogue)))
        #expect(try t.store.openResultIDs(outside: []) == (try expected(t, outside: [])), "no catalogue: every open result")
        #expect(try t.store.openResultIDs(outside: Set(items)).isEmpty)
        #expect(try TempStore().store.openResultIDs(outside: Self.catalogue).isEmpty, "no results at all")
    }

    @Test func openResultsByIDSkipTheClosedOnesAndKeepIDOrder() throws {
        let (t, ids) = try store(items: ["AAAA", "BBBB", "AAAA", "CCCC"])
        try t.store.setResultState(ids[2], ResultState.warehoused, reasons: [])
        #expect(try t.store.openResults(ids: ids).map(\.id) == [ids[0], ids[1], ids[3]])
        #expect(try t.store.openResults(ids: [ids[2]]).isEmpty)
        #expect(try t.store.openResults(ids: []).isEmpty)
        #expect(try t.store.openResults(ids: ids.prefix(2)).map(\.record.number) == ["N-0", "N-1"])
    }

    /// Items stored with bytes a Swift String cannot hold (a database written by other means,
    /// or a quote and a backslash): each is still found once and the walk ends.
    @Test func itemsWithOddBytesAreEachFoundOnceAndTheWalkEnds() throws {
        let (t, ids) = try store(items: ["AAAA", "BBBB", "CCCC", "DDDD", "GHXK"])
        try t.store.db.execute("UPDATE result SET sxbm = CAST(X'41FF' AS TEXT) WHERE id = \(ids[0])")    // "A\xFF": not UTF-8
        try t.store.db.execute("UPDATE result SET sxbm = CAST(X'41FF' AS TEXT) WHERE id = \(ids[1])")
        try t.store.db.execute("UPDATE result SET sxbm = 'A\"\\\\B' WHERE id = \(ids[2])")
        try t.store.db.execute("UPDATE result SET sxbm = '' WHERE id = \(ids[3])")
        #expect(try t.store.openResultIDs(outside: Self.catalogue) == [ids[0], ids[1], ids[2], ids[3]])
    }

    /// Many items outside the catalogue, many open results of catalogue items between them:
    /// the same ids as the filter over every open result.
    @Test func manyItemsAndManyCatalogueResultsBetweenThem() throws {
        let items = (0..<600).map { i in i % 3 == 0 ? "X\(i % 37)" : (i % 2 == 0 ? "GHXK" : "SGXK") }
        let (t, ids) = try store(items: items)
        for id in ids where id % 5 == 0 { try t.store.setResultState(id, ResultState.warehoused, reasons: []) }
        let found = try t.store.openResultIDs(outside: Self.catalogue)
        #expect(found.count > 100)
        #expect(found == (try expected(t, outside: Self.catalogue)))
    }

    @Test func theMigrationDropsTheIndexOfOpenResultsByID() throws {
        let (t, ids) = try store(items: ["AAAA", "GHXK", "BBBB"])
        #expect(try t.store.db.row("SELECT 1 FROM sqlite_master WHERE name = 'result_open_id'") == nil)
        #expect(try t.store.db.row("SELECT 1 FROM sqlite_master WHERE name = 'result_open'") != nil)
        // A database from before migration 018: the index is there; opening it drops it and
        // the same results are found.
        try t.store.db.execute("""
            CREATE INDEX result_open_id ON result(id) WHERE state IN ('NEW','PENDING');
            DELETE FROM schema_migrations WHERE id = '018-result-open-id-dropped';
            """)
        let upgraded = try t.reopened()
        #expect(try upgraded.db.row("SELECT 1 FROM sqlite_master WHERE name = 'result_open_id'") == nil)
        #expect(try upgraded.db.row("SELECT 1 FROM schema_migrations WHERE id = '018-result-open-id-dropped'") != nil)
        #expect(try upgraded.openResultIDs(outside: Self.catalogue) == [ids[0], ids[2]])
    }
}
