import APXCore
import APXDomain
@testable import APXMatch
@testable import APXStore
import Testing
import TestSupport

/// The part of a results page made ahead on the page reader's thread (`PreparedPage`): the
/// projects read on the reader's own connection, and the SPSXBL / PFWJ payloads encoded from
/// the record and the reference data alone. A page evaluated with it decides and writes exactly
/// as without it.
@Suite struct ResultPagePreparedTests {
    typealias Equivalence = EvaluationPageEquivalenceTests

    /// One pass of `evaluateOpenResults`' order, each item's open results as one page, with the
    /// page prepared by the reader (or not).
    static func evaluateOnePass(_ bed: MatchBed, prepared usePrepared: Bool) throws {
        let matching = ResultMatching(store: bed.store, settings: bed.settings, reference: bed.reference)
        let reader = try #require(bed.store.openResultsReader())
        let order = bed.reference.catalogue.prerequisiteOrder, ordered = Set(order)
        let reference = bed.reference
        for item in order + [nil] as [String?] {
            let batch = try item.map { try bed.store.resultsToEvaluate(sxbm: $0, after: 0, limit: 1000) }
                ?? bed.store.openResults(ids: bed.store.openResultIDs(outside: ordered))
            // Items outside the catalogue are never read ahead (their pass is read by ids).
            let page = usePrepared && item != nil
                ? try #require(reader.prefetch(sxbm: item!, after: 0, limit: 1000) {
                    ResultMatching.preparedPage($0, reads: $1, reference: reference)
                }.value())
                : nil
            #expect(page.map { $0.rows.map(\.id) } ?? batch.map(\.id) == batch.map(\.id))
            try bed.store.transaction {
                try bed.store.holdingEvaluationWrites {
                    let reads = try ResultReads(store: bed.store, page: batch, prerequisites: matching.pagePrerequisites(batch),
                                                projects: page?.prepared.projects)
                    for row in batch {
                        _ = try matching.evaluate(row, reads: reads, hint: nil, prepared: page?.prepared.pushes[row.id])
                    }
                }
            }
        }
    }

    @Test func aPageEvaluatedWithWhatWasPreparedAheadDecidesAndWritesAsWithout() throws {
        let (prepared, plain) = try Equivalence.twins()
        try Equivalence().mixedResults(prepared)
        try Equivalence().mixedResults(plain)
        try Self.evaluateOnePass(prepared, prepared: true)
        try Self.evaluateOnePass(plain, prepared: false)
        try Equivalence.expectSame(prepared.store, plain.store, "prepared ahead vs in the transaction")
        // What the mixed night must show, so the comparison is not between two empty outcomes.
        #expect(try prepared.latest("GHXK", "GH-U").state == ResultState.review)
        #expect(try prepared.latest("ZBTZS", "ZB-1").state == ResultState.warehoused)
        #expect(try prepared.store.db.scalar("SELECT count(*) FROM push_record").int ?? 0 > 4)
    }

    @Test func aResultNamingAnApplicationHasItsHandlingPayloadMadeInTheTransaction() throws {
        let bed = try MatchBed()
        var withApplication = bed.result("SGTSC", "SC-1")
        withApplication.application = "SL-1"
        let rows = [ResultRow(id: 1, record: withApplication, version: 1, state: .new, reasons: [], missing: [], cleared: [],
                              receivedOn: "2026-11-21", source: .manual),
                    ResultRow(id: 2, record: bed.result("GHXK", "GH-1"), version: 1, state: .new, reasons: [], missing: [], cleared: [],
                              receivedOn: "2026-11-21", source: .manual)]
        let pushes = ResultMatching.preparedPushes(rows, reference: bed.reference)
        #expect(pushes[1]?.handling == nil, "its acceptance facts come from the application, read in the transaction")
        #expect(pushes[1]?.document.text == ResultMatching.documentPayload(withApplication, reference: bed.reference))
        let plain = rows[1].record
        #expect(pushes[2]?.handling?.text == ResultMatching.handlingPayload(plain, application: nil, reference: bed.reference))
    }

    @Test func thePreparedProjectsAreTheProjectsTheStoreReads() throws {
        let bed = try MatchBed()
        try bed.warehoused()
        let other = Equivalence.p2, unknown = Equivalence.p4
        try bed.platform(bed.project(other, xmmc: "赣江大桥"))   // on the platform, not warehoused
        for (sxbm, number, xmdm) in [("GHXK", "GH-1", MatchBed.xmdm), ("GHXK", "GH-2", other), ("GHXK", "GH-3", unknown)] {
            try bed.deliver(bed.result(sxbm, number, xmdm: xmdm))
        }
        let reader = try #require(bed.store.openResultsReader())
        let reference = bed.reference
        let page = try #require(reader.prefetch(sxbm: "GHXK", after: 0, limit: 10) {
            ResultMatching.preparedPage($0, reads: $1, reference: reference)
        }.value())
        var keys = PageKeys()
        for key in [MatchBed.xmdm, other, unknown] { keys.insert(key) }
        let stored = try bed.store.transaction { try bed.store.projectReadings(keys, kind: .approved) }
        let projects = try #require(page.prepared.projects)
        #expect(projects.keys.sorted() == stored.keys.sorted())
        #expect(projects.keys.sorted() == [MatchBed.xmdm, other].sorted(), "the unknown project is absent")
        for (xmdm, reading) in stored {
            #expect(projects[xmdm]?.project.state == reading.project.state)
            #expect(projects[xmdm]?.data == reading.data)
        }
    }
}
