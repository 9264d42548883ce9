import APXCore
import APXDomain
import Testing
@testable import APXStore

/// `OpenResultsReader`: the next page of open results read on a second connection and thread
/// is the page the store's connection would read, and it sees the last commit, not the open
/// transaction of the page being written.
@Suite struct OpenResultsReaderTests {
    /// 7 results: GHXK GH-0…GH-4 and SGXK XK-0, XK-1, interleaved by id.
    func storeWithResults() throws -> (TempStore, [Int]) {
        let t = try TempStore()
        let file = try t.inputFile(.dtjg)
        var ids: [Int] = []
        for (sxbm, number) in [("GHXK", "GH-0"), ("SGXK", "XK-0"), ("GHXK", "GH-1"), ("GHXK", "GH-2"), ("SGXK", "XK-1"),
                               ("GHXK", "GH-3"), ("GHXK", "GH-4")] {
            guard case .inserted(let id) = try t.store.receiveResult(ResultRepositoryTests.result(sxbm, number), source: .dtjg,
                                                                      fileID: file) else {
                Issue.record("not inserted"); continue
            }
            ids.append(id)
        }
        return (t, ids)
    }

    /// The reader's page alone (nothing prepared).
    func rows(_ reader: OpenResultsReader, sxbm: String, after: Int, limit: Int) -> [ResultRow]? {
        reader.prefetch(sxbm: sxbm, after: after, limit: limit) { _, _ in 0 }.value()?.rows
    }

    func described(_ rows: [ResultRow]?) -> [String] {
        (rows ?? []).map { "\($0.id) \($0.record.sxbm) \($0.record.number) \($0.state.rawValue) \($0.version) \($0.record.xmmc)" }
    }

    @Test func aPrefetchedPageIsThePageTheStoreReads() throws {
        let (t, ids) = try storeWithResults()
        let reader = try #require(t.store.openResultsReader())
        for after in [0, ids[0], ids[2], ids[6]] {
            for limit in [1, 2, 10] {
                let ofItem = rows(reader, sxbm: "GHXK", after: after, limit: limit)
                #expect(described(ofItem) == described(try t.store.resultsToEvaluate(sxbm: "GHXK", after: after, limit: limit)))
                let other = rows(reader, sxbm: "SGXK", after: after, limit: limit)
                #expect(described(other) == described(try t.store.resultsToEvaluate(sxbm: "SGXK", after: after, limit: limit)))
            }
        }
        #expect(rows(reader, sxbm: "GHXK", after: ids[6], limit: 5)?.isEmpty == true, "past the last: empty, not nil")
    }

    @Test func itSeesTheLastCommitNotTheOpenTransaction() throws {
        let (t, ids) = try storeWithResults()
        let reader = try #require(t.store.openResultsReader())
        try t.store.transaction {
            try t.store.setResultState(ids[2], ResultState.warehoused, reasons: [])
            #expect(try t.store.resultsToEvaluate(sxbm: "GHXK", after: 0, limit: 10).map(\.id) == [ids[0], ids[3], ids[5], ids[6]])
            let seen = rows(reader, sxbm: "GHXK", after: 0, limit: 10)
            #expect(seen?.map(\.id) == [ids[0], ids[2], ids[3], ids[5], ids[6]], "the uncommitted change is not seen")
        }
        #expect(rows(reader, sxbm: "GHXK", after: 0, limit: 10)?.map(\.id) == [ids[0], ids[3], ids[5], ids[6]])
    }

    @Test func aReadThatFailsIsNilSoTheStoreReadsItAgain() throws {
        let (t, _) = try storeWithResults()
        let reader = try #require(t.store.openResultsReader())
        try t.store.db.execute("UPDATE result SET source = 'no-such-source' WHERE id = (SELECT min(id) FROM result)")
        #expect(rows(reader, sxbm: "GHXK", after: 0, limit: 10) == nil)
        #expect(throws: (any Error).self) { try t.store.resultsToEvaluate(sxbm: "GHXK", after: 0, limit: 10) }
    }
}
