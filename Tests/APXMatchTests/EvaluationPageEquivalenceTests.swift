import Foundation
import APXCore
import APXDomain
@testable import APXMatch
@testable import APXStore
import Testing
import TestSupport

/// The page path (`evaluateOpenResults` / `evaluateOpenRequests`: a page's projects,
/// sub-projects, warehoused prerequisites and applications read at once and kept up to date in
/// memory) decides exactly as the single path (`evaluate(_:)`, every read on its own), record
/// for record: the same states, reasons, review items, audit rows and push records (versions,
/// groups, order). Two stores get the same inputs; one evaluates by pages, the other by single
/// evaluations in the same order and transactions; their databases must read the same.
@Suite struct EvaluationPageEquivalenceTests {
    static let p2 = "2019-360102-47-03-022222", p3 = "2019-360102-47-03-033333", p4 = "2019-360102-47-03-044444"
    let sub = MatchBed.xmdm + "-0001"

    /// Everything the evaluations write, in id order where order is observable, without the
    /// wall-clock columns.
    static func dump(_ store: Store) throws -> [String: [String]] {
        func rows(_ sql: String) throws -> [String] {
            try store.db.rows(sql).map { $0.values.map { $0.string ?? $0.int.map(String.init) ?? "∅" }.joined(separator: "|") }
        }
        return [
            "audit": try rows("SELECT id, entity, entity_id, action, from_state, to_state, detail FROM audit ORDER BY id"),
            "push": try rows("""
                SELECT id, target, kind, dfsjzj, version, valid, invalid_reason, payload, group_id FROM push_record ORDER BY id
                """),
            "results": try rows("SELECT id, sxbm, number, version, state, reasons, missing, cleared FROM result ORDER BY id"),
            "requests": try rows("SELECT qqbh, state, reasons FROM warehousing_request ORDER BY qqbh"),
            "projects": try rows("SELECT xmdm, state, splclx, warehoused_on FROM project ORDER BY xmdm"),
            "reviews": try rows("SELECT id, kind, subject_type, subject_id, xmdm, gcdm, reasons, state, note FROM review_item ORDER BY id"),
            "fields": try rows("SELECT review_id, position, field, ours, theirs, similarity FROM review_field ORDER BY review_id, position"),
            "applications": try rows("SELECT slbh, state, finished_at, pushed_state FROM application ORDER BY slbh"),
            "counters": try rows("SELECT name, value FROM counter ORDER BY name"),
            "approved": try rows("SELECT xmdm FROM project_approved_as_platform ORDER BY xmdm"),
        ]
    }

    static func expectSame(_ paged: Store, _ single: Store, _ context: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let a = try dump(paged), b = try dump(single)
        for key in a.keys.sorted() {
            #expect(a[key] == b[key], "\(context): \(key) differs", sourceLocation: sourceLocation)
        }
    }

    /// The open results of items outside `catalogue`, by id, in pages of `limit`: read over
    /// every open result with a plain query, without apx's indexes or paging.
    static func outsidePages(_ store: Store, outside catalogue: Set<String>, limit: Int) throws -> [[Int]] {
        let ids = try store.db.rows("SELECT id, sxbm FROM result WHERE state IN ('NEW','PENDING') ORDER BY id")
            .filter { !catalogue.contains(try $0.column("sxbm").text) }.map { $0.int("id") ?? 0 }
        return stride(from: 0, to: ids.count, by: limit).map { Array(ids[$0..<min($0 + limit, ids.count)]) }
    }

    /// `evaluateOpenResults`' loop (prerequisite order, pages by id, then the items outside the
    /// catalogue together by id; passes until nothing more goes in) with each result evaluated
    /// on its own.
    static func singlePathResults(_ bed: MatchBed, batchSize: Int) throws {
        let matching = ResultMatching(store: bed.store, settings: bed.settings, reference: bed.reference)
        let order = bed.reference.catalogue.prerequisiteOrder
        let ordered = Set(order)
        for _ in 0..<32 {
            var progressed = false
            for item in order {
                var after = 0
                while true {
                    let batch = try bed.store.resultsToEvaluate(sxbm: item, after: after, limit: batchSize)
                    guard let tail = batch.last else { break }
                    try bed.store.transaction {
                        for row in batch where try matching.evaluate(row) == .warehoused { progressed = true }
                    }
                    after = tail.id
                }
            }
            for page in try outsidePages(bed.store, outside: ordered, limit: batchSize) {
                try bed.store.transaction {
                    for id in page {
                        guard let row = try bed.store.result(id: id), [ResultState.new, ResultState.pending].contains(row.state) else { continue }
                        if try matching.evaluate(row) == .warehoused { progressed = true }
                    }
                }
            }
            if !progressed { break }
        }
    }

    /// `evaluateOpenRequests`' loop with each request evaluated on its own.
    static func singlePathRequests(_ bed: MatchBed, batchSize: Int) throws {
        let warehousing = Warehousing(store: bed.store, settings: bed.settings)
        var after = ""
        while true {
            let batch = try bed.store.requestsToEvaluate(after: after, limit: batchSize)
            guard let last = batch.last else { break }
            try bed.store.transaction {
                for row in batch { _ = try warehousing.evaluate(row) }
            }
            after = last.request.qqbh
        }
    }

    /// Two beds on the same day with the same catalogue.
    static func twins(asOf: String = "2026-11-21", reference: Reference? = nil) throws -> (MatchBed, MatchBed) {
        let a = try MatchBed(asOf: asOf, reference: reference), b = try MatchBed(asOf: asOf, reference: reference)
        return (a, b)
    }

    // MARK: Results

    /// Projects in and out of the library, a sub-project, an unknown one, prerequisites met the
    /// same night (an item before the items resting on it), met by the main project's result,
    /// conditioned away, missing; unit and name mismatches; a new version; an application
    /// finished by two results of one page; an item outside the catalogue.
    func mixedResults(_ bed: MatchBed) throws {
        try bed.warehoused()
        try bed.platform(bed.project(Self.p2, xmmc: "赣江大桥"))
        try bed.request("RK-P2", xmdm: Self.p2, xmmc: "赣江大桥")
        try bed.evaluateRequests()
        try bed.platform(bed.project(Self.p3, xmmc: "红谷滩中心"))   // on the platform, never requested
        _ = try bed.store.transaction { try Subprojects(store: bed.store).split(xmdm: MatchBed.xmdm, gcdm: sub, name: "1#楼", by: "李四") }
        let file = try bed.inputFile(.sgt)
        try bed.store.transaction {
            try bed.store.receiveAcceptance(Acceptance(slbh: "SL-1", sxbm: "SGTSC", xmdm: MatchBed.xmdm, gcdm: MatchBed.xmdm,
                                                       acceptedAt: "2026-11-02T09:00:00+08:00", promisedDays: 5, waived: false,
                                                       handler: "张三"), fileID: file)
        }
        var withApplication = bed.result("SGTSC", "SC-1")
        withApplication.application = "SL-1"
        withApplication.finishedAt = "2026-11-06T10:00:00+08:00"
        var sameApplication = bed.result("SGTSC", "SC-1B")
        sameApplication.application = "SL-1"
        sameApplication.finishedAt = "2026-11-07T10:00:00+08:00"
        let deliveries: [ResultRecord] = [
            bed.result("SGXK", "XK-1"),                                        // needs SGTSC, SGHT, JLHT: all this night
            withApplication, sameApplication,
            bed.result("GHXK", "GH-1"),
            bed.result("SGTSC", "SC-SUB", gcdm: sub, xmmc: "1#楼"),            // the main project's GHXK counts
            bed.result("ZBTZS", "ZB-1"),
            bed.result("SGHT", "HT-1", attributes: ["ZBFS": "1"]),            // needs ZBTZS
            bed.result("JLHT", "JL-1", attributes: ["ZBFS": "3"]),            // ZBTZS not needed
            bed.result("XFYS", "XF-1"),                                        // needs SGXK (this night)
            bed.result("GHXK", "GH-U", jsdwdm: MatchBed.stranger),             // unit mismatch
            bed.result("GHXK", "GH-N", xmmc: "完全不同的名字"),                   // name mismatch
            bed.result("GHXK", "GH-S", gcdm: MatchBed.xmdm + "-0009", xmmc: "9#楼"),   // unknown sub-project
            bed.result("SGTSC", "SC-2", xmdm: Self.p2, xmmc: "赣江大桥"),          // GHXK missing: pending
            bed.result("SGTSC", "SC-3", xmdm: Self.p2, xmmc: "赣江大桥", attributes: ["RQSL": "1"]),   // conditioned away
            bed.result("GHXK", "GH-3", xmdm: Self.p3, xmmc: "红谷滩中心"),          // project not warehoused
            bed.result("GHXK", "GH-4", xmdm: Self.p4, xmmc: "不存在"),             // project unknown
            bed.result("ZZXX", "ZZ-1"),                                        // outside the catalogue
        ]
        for r in deliveries { try bed.deliver(r) }
        var changed = bed.result("GHXK", "GH-1")
        changed.issued = "2026-11-02"
        try bed.deliver(changed)   // a second version the same night
    }

    final class SlowToFree: @unchecked Sendable {
        deinit { usleep(300_000) }
    }

    /// Pages are freed on a background thread (`BackgroundRelease`), and a page's reads hold
    /// the store: once an evaluation has returned nothing of its pages is left there, so the
    /// store (its connection) goes when its owner drops it, on the owner's thread. The
    /// background thread is kept busy (300 ms) as the evaluation starts, so a page handed over
    /// at its end is still waiting when it returns unless the evaluation waited for it.
    @Test(arguments: ["requests", "results"])
    func noPageOfAnEvaluationOutlivesIt(evaluation: String) throws {
        weak var store: Store?
        do {
            let bed = try MatchBed()
            store = bed.store
            if evaluation == "results" {
                // One page: its one handover waits behind the slow value (pending slots to spare).
                try bed.warehoused()
                try bed.deliver(bed.result("GHXK", "GH-1"))
            } else {
                try bed.platform(bed.project(Self.p2, xmmc: "赣江大桥"))
                try bed.request("RK-P2", xmdm: Self.p2, xmmc: "赣江大桥")
            }
            var slow: SlowToFree? = SlowToFree()
            BackgroundRelease.release(&slow, leaving: nil)
            if evaluation == "results" {
                _ = try ResultMatching(store: bed.store, settings: bed.settings, reference: bed.reference).evaluateOpenResults()
            } else {
                _ = try Warehousing(store: bed.store, settings: bed.settings).evaluateOpenRequests()
            }
        }
        #expect(store == nil, "a page handed to the background thread still held the store")
    }

    @Test(arguments: [1, 2, 3, 2000])
    func resultsByPagesDecideAsOneByOne(batchSize: Int) throws {
        let (paged, single) = try Self.twins()
        try mixedResults(paged)
        try mixedResults(single)
        try Self.expectSame(paged.store, single.store, "before")
        _ = try ResultMatching(store: paged.store, settings: paged.settings, reference: paged.reference)
            .evaluateOpenResults(batchSize: batchSize)
        try Self.singlePathResults(single, batchSize: batchSize)
        try Self.expectSame(paged.store, single.store, "first night, pages of \(batchSize)")
        #expect(try paged.latest("SGXK", "XK-1").state == ResultState.warehoused)
        #expect(try paged.latest("XFYS", "XF-1").state == ResultState.warehoused)
        #expect(try paged.latest("SGTSC", "SC-SUB").state == ResultState.warehoused)
        #expect(try paged.latest("SGTSC", "SC-2").state == ResultState.pending)
        #expect(try paged.latest("GHXK", "GH-U").state == ResultState.review)
        #expect(try paged.store.application("SL-1")?.finishedAt == "2026-11-07T10:00:00+08:00")

        // A later night: the missing prerequisite arrives (pending → warehoused), and past the
        // pending period what still waits goes to review.
        for bed in [paged, single] {
            bed.store.asOf = Day(iso: "2026-12-30")!
            try bed.deliver(bed.result("GHXK", "GH-2", xmdm: Self.p2, xmmc: "赣江大桥"))
        }
        _ = try ResultMatching(store: paged.store, settings: paged.settings, reference: paged.reference)
            .evaluateOpenResults(batchSize: batchSize)
        try Self.singlePathResults(single, batchSize: batchSize)
        try Self.expectSame(paged.store, single.store, "second night, pages of \(batchSize)")
        #expect(try paged.latest("SGTSC", "SC-2").state == ResultState.warehoused)
        #expect(try paged.latest("GHXK", "GH-3").state == ResultState.review)
    }

    /// Results of several items outside the catalogue, delivered between results of catalogue
    /// items that stay pending: the last pass takes them by id across items (not item by
    /// item), in pages of ids, as the single path does over every open result by id.
    @Test(arguments: [1, 2, 5, 2000])
    func itemsOutsideTheCatalogueAreTakenByIDAcrossItems(batchSize: Int) throws {
        let (paged, single) = try Self.twins()
        for bed in [paged, single] {
            try bed.warehoused()
            try bed.platform(bed.project(Self.p2, xmmc: "赣江大桥"))
            try bed.request("RK-P2", xmdm: Self.p2, xmmc: "赣江大桥")
            try bed.evaluateRequests()
            for (i, sxbm) in ["ZZXX", "SGTSC", "AAXX", "ZZXX", "SGTSC", "MMXX", "AAXX", "ZZXX", "SGTSC", "AAXX"].enumerated() {
                let r = sxbm == "SGTSC" ? bed.result(sxbm, "P-\(i)", xmdm: Self.p2, xmmc: "赣江大桥")   // GHXK missing: pending
                                        : bed.result(sxbm, "O-\(i)")
                try bed.deliver(r)
            }
        }
        _ = try ResultMatching(store: paged.store, settings: paged.settings, reference: paged.reference)
            .evaluateOpenResults(batchSize: batchSize)
        try Self.singlePathResults(single, batchSize: batchSize)
        try Self.expectSame(paged.store, single.store, "items outside the catalogue, pages of \(batchSize)")
        #expect(try paged.latest("SGTSC", "P-1").state == ResultState.pending)
        let outside = try paged.store.db.rows("SELECT id, sxbm FROM result WHERE sxbm LIKE '%XX' ORDER BY id")
        #expect(outside.count == 7)
        let mm = try paged.latest("MMXX", "O-5")
        #expect(mm.state != ResultState.new, "evaluated")
        // Their push groups follow their ids, whatever their items.
        let groups = try paged.store.db.rows("""
            SELECT min(p.group_id) AS g FROM push_record p JOIN result r ON p.dfsjzj LIKE '%:' || r.number
            WHERE r.sxbm LIKE '%XX' GROUP BY r.id ORDER BY r.id
            """).map { $0.int("g") ?? 0 }
        #expect(groups == groups.sorted())
    }

    /// An item that may rest on itself: a result and its prerequisite in one page, the later
    /// one seeing the earlier one warehoused in memory, as the single path sees it in the table.
    @Test(arguments: [1, 2000])
    func aResultAndItsPrerequisiteInOnePageSeeEachOther(batchSize: Int) throws {
        let catalogue = try Catalogue.parse(Catalogue.standardText + "\nSELF | 3 | manual | yes | SELF if K=1 | 自依赖事项\n")
        let reference = Reference(catalogue: catalogue, calendar: try WorkingCalendar())
        let (paged, single) = try Self.twins(reference: reference)
        for bed in [paged, single] {
            try bed.warehoused()
            try bed.deliver(bed.result("SELF", "S-1", attributes: ["K": "0"]))
            try bed.deliver(bed.result("SELF", "S-2", attributes: ["K": "1"]))
            try bed.deliver(bed.result("SELF", "S-3", xmdm: Self.p2, attributes: ["K": "1"]))
        }
        _ = try ResultMatching(store: paged.store, settings: paged.settings, reference: reference).evaluateOpenResults(batchSize: batchSize)
        try Self.singlePathResults(single, batchSize: batchSize)
        try Self.expectSame(paged.store, single.store, "self prerequisite, pages of \(batchSize)")
        #expect(try paged.latest("SELF", "S-2").state == ResultState.warehoused)
    }

    /// Application numbers that are other bytes but equal Swift strings (canonically
    /// equivalent: a precomposed letter and letter + combining mark; KELVIN SIGN and K): each
    /// result finishes its own application, as SQLite's byte comparison finds it, in a page as
    /// one by one (such keys are not taken into a page; they are read on their own).
    @Test func applicationNumbersEqualOnlyAsUnicodeStayApart() throws {
        let (paged, single) = try Self.twins()
        let numbers = ["SL-\u{00C5}", "SL-A\u{030A}", "SL-\u{212A}", "SL-K"]
        for bed in [paged, single] {
            try bed.warehoused()
            let file = try bed.inputFile(.sgt)
            for (i, slbh) in numbers.enumerated() {
                try bed.store.transaction {
                    try bed.store.receiveAcceptance(Acceptance(slbh: slbh, sxbm: "GHXK", xmdm: MatchBed.xmdm, gcdm: MatchBed.xmdm,
                                                               acceptedAt: "2026-11-0\(i + 2)T09:00:00+08:00", promisedDays: 5,
                                                               waived: false, handler: "经办\(i)"), fileID: file)
                }
                var r = bed.result("GHXK", "GH-\(i)")
                r.application = slbh
                r.finishedAt = "2026-11-1\(i)T10:00:00+08:00"
                try bed.deliver(r)
            }
        }
        _ = try ResultMatching(store: paged.store, settings: paged.settings, reference: paged.reference).evaluateOpenResults()
        try Self.singlePathResults(single, batchSize: 2000)
        try Self.expectSame(paged.store, single.store, "look-alike application numbers")
        for (i, slbh) in numbers.enumerated() {
            #expect(try paged.store.application(slbh)?.finishedAt == "2026-11-1\(i)T10:00:00+08:00", "\(slbh.unicodeScalars.map { $0.value })")
        }
    }

    // MARK: Requests

    /// Requests warehousing, answered (already in the library; a second request of a project
    /// warehoused by the first), pending (no platform data), migration (unit not on the
    /// project; past the pending period), review (not the lead unit; key mismatch).
    func mixedRequests(_ bed: MatchBed) throws {
        try bed.warehoused()
        try bed.platform(bed.project(Self.p2, xmmc: "赣江大桥"))
        try bed.platform(bed.project(Self.p3, xmmc: "红谷滩中心"))
        try bed.platform(bed.project(Self.p4, xmmc: "昌北机场"))
        try bed.request("RK1", xmdm: MatchBed.xmdm)                                         // already warehoused
        try bed.request("RK2", xmdm: Self.p2, xmmc: "赣江大桥")                                // warehoused
        try bed.request("RK3", xmdm: Self.p2, xmmc: "赣江大桥")                                // answered by RK2
        try bed.request("RK4", xmdm: Self.p3, xmmc: "红谷滩中心", unit: MatchBed.partner)        // not the lead unit
        try bed.request("RK5", xmdm: Self.p4, xmmc: "昌北机场", ztze: "1.00")                    // key mismatch
        try bed.request("RK6", xmdm: "2019-360102-47-03-055555", xmmc: "无平台数据")              // pending
        try bed.request("RK7", xmdm: Self.p3, xmmc: "红谷滩中心", unit: MatchBed.stranger)       // unit not on the project
        try bed.request("RK8", xmdm: Self.p2, xmmc: "赣江大桥")                                // answered by RK2 too
    }

    @Test(arguments: [1, 2, 1000])
    func requestsByPagesDecideAsOneByOne(batchSize: Int) throws {
        let (paged, single) = try Self.twins()
        try mixedRequests(paged)
        try mixedRequests(single)
        try Self.expectSame(paged.store, single.store, "before")
        _ = try Warehousing(store: paged.store, settings: paged.settings).evaluateOpenRequests(batchSize: batchSize)
        try Self.singlePathRequests(single, batchSize: batchSize)
        try Self.expectSame(paged.store, single.store, "pages of \(batchSize)")
        #expect(try paged.store.project(Self.p2)?.state == ProjectState.warehoused)
        #expect(try paged.store.request("RK3")?.state == RequestState.answered)
        #expect(try paged.store.request("RK6")?.state == RequestState.pending)

        // Past the pending period the request without platform data goes to migration.
        for bed in [paged, single] { bed.store.asOf = Day(iso: "2026-12-30")! }
        _ = try Warehousing(store: paged.store, settings: paged.settings).evaluateOpenRequests(batchSize: batchSize)
        try Self.singlePathRequests(single, batchSize: batchSize)
        try Self.expectSame(paged.store, single.store, "later, pages of \(batchSize)")
        #expect(try paged.store.request("RK6")?.state == RequestState.migration)
    }
}
