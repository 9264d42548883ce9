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
    /// Returns, for a prepared pass, the decisions made ahead by kind (each checked against
    /// what rules 1–5 decide in the transaction just before the row is evaluated).
    @discardableResult
    static func evaluateOnePass(_ bed: MatchBed, prepared usePrepared: Bool) throws -> [String: Int] {
        var decidedAhead: [String: Int] = [:]
        let matching = ResultMatching(store: bed.store, settings: bed.settings, reference: bed.reference)
        let reader = try #require(bed.store.openResultsReader())
        let order = bed.reference.catalogue.prerequisiteOrder, ordered = Set(order)
        let reference = bed.reference
        for item in order + [nil] as [String?] {
            let batch = try bed.store.resultsToEvaluate(item: item, after: 0, limit: 1000)
            let page = usePrepared
                ? try #require(reader.prefetch(sxbm: item, after: 0, limit: 1000) {
                    ResultMatching.preparedPage($0, item: item, reads: $1, reference: reference)
                }.value())
                : nil
            #expect(page.map { $0.rows.map(\.id) } ?? batch.map(\.id) == batch.map(\.id))
            let rows = batch.filter { item != nil || !ordered.contains($0.record.sxbm) }
            try bed.store.transaction {
                try bed.store.holdingEvaluationWrites {
                    let reads = try ResultReads(store: bed.store, page: rows, prerequisites: matching.pagePrerequisites(rows),
                                                projects: page?.prepared.projects)
                    for row in rows {
                        let decided = page?.prepared.decisions?[row.id]
                        if let decided {
                            #expect(decided == (try ResultMatching.decide(row, reads: reads, reference: reference)),
                                    "\(row.record.sxbm) \(row.record.number): decided ahead as in the transaction")
                            decidedAhead[Self.kind(decided), default: 0] += 1
                        }
                        _ = try matching.evaluate(row, reads: reads, hint: nil, prepared: page?.prepared.pushes[row.id],
                                                  decided: decided)
                    }
                }
            }
        }
        return decidedAhead
    }

    static func kind(_ d: ResultMatching.Decision) -> String {
        switch d {
        case .warehouse: return "warehouse"
        case .review: return "review"
        case .waitOrReview: return "waitOrReview"
        }
    }

    @Test func aPageEvaluatedWithWhatWasPreparedAheadDecidesAndWritesAsWithout() throws {
        let (prepared, plain) = try Equivalence.twins()
        try Equivalence().mixedResults(prepared)
        try Equivalence().mixedResults(plain)
        let decided = try Self.evaluateOnePass(prepared, prepared: true)
        try Self.evaluateOnePass(plain, prepared: false)
        #expect(decided["warehouse"] ?? 0 > 0 && decided["review"] ?? 0 > 0 && decided["waitOrReview"] ?? 0 > 0,
                "every kind of decision made ahead: \(decided)")
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
            ResultMatching.preparedPage($0, item: "GHXK", reads: $1, reference: reference)
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

    /// Two results naming one application, one a page: both queue its SPSXBL key. The second
    /// page's hint is read ahead on the reader's connection before the first page commits (as
    /// `evaluateOpenResults` starts it), so the read finds the key absent; corrected by what the
    /// first page queued, the hint no longer answers it, and the second page decides and writes
    /// as the single path does (a correction of version 1, not a second version 1).
    @Test func aHintReadBesideThePageBeforeAnswersNoKeyThatPageQueued() throws {
        let (paged, single) = try Equivalence.twins()
        for bed in [paged, single] {
            try bed.warehoused()
            let file = try bed.inputFile(.sgt)
            try bed.store.transaction {
                try bed.store.receiveAcceptance(Acceptance(slbh: "SL-1", sxbm: "GHXK", xmdm: MatchBed.xmdm, gcdm: MatchBed.xmdm,
                                                           acceptedAt: "2026-11-02T09:00:00+08:00", promisedDays: 5,
                                                           waived: false, handler: "张三"), fileID: file)
            }
            for (i, number) in ["GH-1", "GH-2"].enumerated() {
                var r = bed.result("GHXK", number)
                r.application = "SL-1"
                r.finishedAt = "2026-11-1\(i)T10:00:00+08:00"
                try bed.deliver(r)
            }
        }
        let matching = ResultMatching(store: paged.store, settings: paged.settings, reference: paged.reference)
        let reader = try #require(paged.store.openResultsReader())
        let reference = paged.reference
        let first = try paged.store.resultsToEvaluate(item: "GHXK", after: 0, limit: 1)
        let row1 = try #require(first.first)
        // Read ahead, and finished, before the first page's transaction begins.
        let ahead = try #require(reader.prefetch(sxbm: "GHXK", after: row1.id, limit: 1) {
            ResultMatching.preparedPage($0, item: "GHXK", reads: $1, reference: reference)
        }.value())
        let handling = PushKey.handling(sxbm: "GHXK", key: "SL-1").dfsjzj
        #expect(ahead.prepared.absentKeys?.contains(handling) == true, "read before the first page queued it")
        let (_, queued) = try paged.store.notingQueuedPushKeys {
            try paged.store.transaction {
                try paged.store.holdingEvaluationWrites {
                    let reads = try ResultReads(store: paged.store, page: first, prerequisites: matching.pagePrerequisites(first))
                    let hint = try paged.store.pushKeyHint(target: .gov, keys: first.flatMap(matching.pushKeys))
                    #expect(try matching.evaluate(row1, reads: reads, hint: hint) == .warehoused)
                }
            }
        }
        #expect(!queued.isEmpty)
        let second = ahead.rows
        let hint = paged.store.pushKeyHint(target: .gov, absentAhead: try #require(ahead.prepared.absentKeys), queuedMeanwhile: queued)
        #expect(!hint.takeAbsent(target: .gov, dfsjzj: handling), "queued by the page before: read, not answered")
        try paged.store.transaction {
            try paged.store.holdingEvaluationWrites {
                let reads = try ResultReads(store: paged.store, page: second, prerequisites: matching.pagePrerequisites(second),
                                            projects: ahead.prepared.projects)
                for row in second {
                    _ = try matching.evaluate(row, reads: reads, hint: hint, prepared: ahead.prepared.pushes[row.id])
                }
            }
        }
        try Equivalence.singlePathResults(single, batchSize: 1)
        try Equivalence.expectSame(paged.store, single.store, "a hint read ahead, corrected")
        #expect(try paged.store.db.scalar("SELECT count(*) FROM push_record WHERE dfsjzj = ?", handling).int == 3,
                "version 1, its invalidation, version 2")
    }

    /// A page of an item that may rest on itself is not decided ahead: the page in flight before
    /// it writes the states its prerequisite checks read. Nor is a page outside the catalogue
    /// whose rows would ask for any prerequisite; a page whose checks ask only for other items is.
    @Test func aPageWhosePrerequisitesIncludeItsOwnItemIsDecidedInTheTransaction() throws {
        let catalogue = try Catalogue.parse(Catalogue.standardText + "\nSELF | 3 | manual | yes | SELF if K=1 | 自依赖事项\n")
        let reference = Reference(catalogue: catalogue, calendar: try WorkingCalendar())
        let bed = try MatchBed(reference: reference)
        try bed.warehoused()
        try bed.deliver(bed.result("SELF", "S-1", attributes: ["K": "1"]))
        try bed.deliver(bed.result("SELF", "S-2", attributes: ["K": "0"]))
        try bed.deliver(bed.result("SGTSC", "SC-1"))
        let reader = try #require(bed.store.openResultsReader())
        func decisions(_ item: String?, limit: Int = 10) throws -> [Int: ResultMatching.Decision]? {
            try #require(reader.prefetch(sxbm: item, after: 0, limit: limit) {
                ResultMatching.preparedPage($0, item: item, reads: $1, reference: reference)
            }.value()).prepared.decisions
        }
        #expect(try decisions("SELF") == nil, "S-1 rests on SELF")
        let selfless = try #require(try bed.store.resultsToEvaluate(item: "SELF", after: 0, limit: 10).last)
        let onlyS2 = try #require(reader.prefetch(sxbm: "SELF", after: selfless.id - 1, limit: 10) {
            ResultMatching.preparedPage($0, item: "SELF", reads: $1, reference: reference)
        }.value())
        #expect(onlyS2.rows.map(\.record.number) == ["S-2"])
        #expect(onlyS2.prepared.decisions?.count == 1, "S-2's conditions ask for nothing of SELF")
        let other = try #require(try decisions("SGTSC"))
        #expect(other.count == 1, "SGTSC's prerequisites are other items: decided ahead")
    }

    /// A row whose key is not plain (read on its own, never taken into a page) has no decision
    /// made ahead; the page's other rows have theirs.
    @Test func aRowWithAKeyThatIsNotPlainIsDecidedInTheTransaction() throws {
        let bed = try MatchBed()
        try bed.warehoused()
        try bed.deliver(bed.result("GHXK", "GH-1"))
        try bed.deliver(bed.result("GHXK", "GH-2", gcdm: MatchBed.xmdm + "-Å"))
        let reader = try #require(bed.store.openResultsReader())
        let reference = bed.reference
        let page = try #require(reader.prefetch(sxbm: "GHXK", after: 0, limit: 10) {
            ResultMatching.preparedPage($0, item: "GHXK", reads: $1, reference: reference)
        }.value())
        let ids = Dictionary(uniqueKeysWithValues: page.rows.map { ($0.record.number, $0.id) })
        let decisions = try #require(page.prepared.decisions)
        #expect(decisions[try #require(ids["GH-1"])] == .warehouse)
        #expect(decisions[try #require(ids["GH-2"])] == nil, "its sub-project key is read in the transaction")
    }
}
