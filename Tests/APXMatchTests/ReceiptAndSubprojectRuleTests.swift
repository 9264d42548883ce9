import APXCore
import APXDomain
import APXMatch
import APXOutbox
import APXStore
import Testing
import TestSupport

/// Receipts from the bureau (spec 03/04: a rejected record goes to a person and out again as
/// the next version) and sub-project states (active, or RECYCLED only when empty).
@Suite struct ReceiptAndSubprojectRuleTests {
    let sub = MatchBed.xmdm + "-0001"

    /// Plans the queued gov records into a file; its name.
    func planned(_ bed: MatchBed) throws -> String {
        try #require(try OutboxPlanner(store: bed.store, maxRecordsPerFile: 100).planGov(asOf: bed.store.asOf).first)
    }

    @Test func receipts_anAcceptingReceiptIsRecordedOnThePushedRecord() throws {
        let bed = try MatchBed()
        try bed.warehoused()
        let file = try planned(bed)
        let effect = try bed.store.transaction {
            try GovReceipts(store: bed.store).apply(file: file, dfsjzj: "XM:\(MatchBed.xmdm)", version: 1, accepted: true, reason: "")
        }
        #expect(effect == .accepted)
        #expect(try bed.store.pushedRecord(fileName: file, dfsjzj: "XM:\(MatchBed.xmdm)", version: 1)?.receiptState == .accepted)
    }

    @Test func receipts_aRecordTheReceiptDoesNotKnowChangesNothing() throws {
        let bed = try MatchBed()
        try bed.warehoused()
        let file = try planned(bed)
        let effect = try bed.store.transaction {
            try GovReceipts(store: bed.store).apply(file: file, dfsjzj: "XM:\(MatchBed.xmdm)", version: 9, accepted: true, reason: "")
        }
        #expect(effect == .unknown)
    }

    @Test func receipts_aRejectingReceiptOpensGovRejectedAndAcceptingItSendsTheNextVersion() throws {
        let bed = try MatchBed()
        try bed.warehoused()
        let file = try planned(bed)
        let key = "XM:\(MatchBed.xmdm)"
        let effect = try bed.store.transaction {
            try GovReceipts(store: bed.store).apply(file: file, dfsjzj: key, version: 1, accepted: false, reason: "投资额格式错误")
        }
        #expect(effect == .rejected)
        let record = try #require(try bed.store.pushedRecord(fileName: file, dfsjzj: key, version: 1))
        let item = try #require(try bed.openReviews(.push, String(record.id)).first)
        #expect(item.reasons == ["GOV_REJECTED"] && item.fields.first?.theirs == "投资额格式错误")
        try bed.decisions.accept(item.id, by: "张三", note: "已更正", sets: [("ZTZE", "35000.50")])
        let push = try #require(try bed.push(key))
        #expect(push.version == 2 && push.valid && push.payload.contains("35000.50"))
    }

    @Test func receipts_theSameAnswerAgainChangesNothing() throws {
        let bed = try MatchBed()
        try bed.warehoused()
        let file = try planned(bed)
        let key = "XM:\(MatchBed.xmdm)"
        for _ in 0..<2 {
            _ = try bed.store.transaction {
                try GovReceipts(store: bed.store).apply(file: file, dfsjzj: key, version: 1, accepted: false, reason: "格式错误")
            }
        }
        let record = try #require(try bed.store.pushedRecord(fileName: file, dfsjzj: key, version: 1))
        #expect(try bed.openReviews(.push, String(record.id)).count == 1)
        #expect(try bed.store.receiptConflicts(run: "R1").isEmpty)
    }

    @Test func receipts_aContradictingAnswerIsAppliedAndKeptAsAConflict() throws {
        let bed = try MatchBed()
        try bed.warehoused()
        let file = try planned(bed)
        let key = "XM:\(MatchBed.xmdm)"
        let receipts = GovReceipts(store: bed.store)
        _ = try bed.store.transaction { try receipts.apply(file: file, dfsjzj: key, version: 1, accepted: true, reason: "") }
        let effect = try bed.store.transaction { try receipts.apply(file: file, dfsjzj: key, version: 1, accepted: false, reason: "重复报送") }
        #expect(effect == .rejected)
        let conflict = try #require(try bed.store.receiptConflicts(run: "R1").first)
        #expect(conflict.earlierState == "ACCEPTED" && conflict.laterState == "REJECTED" && conflict.laterReason == "重复报送")
        #expect(try bed.store.pushedRecord(fileName: file, dfsjzj: key, version: 1)?.receiptState == .rejected)
    }

    @Test func acceptances_anAcceptedItemIsPushedAsHandlingBLZT3OnceAndItsResultFinishesIt() throws {
        let bed = try MatchBed()
        try bed.warehoused()
        let file = try bed.inputFile(.sgt)
        try bed.store.transaction {
            try bed.store.receiveAcceptance(Acceptance(slbh: "SC1", sxbm: "SGTSC", xmdm: MatchBed.xmdm, gcdm: MatchBed.xmdm,
                                                       acceptedAt: "2026-11-02T09:30:00+08:00", promisedDays: 10, waived: true,
                                                       handler: "江西省施工图审查中心"), fileID: file)
        }
        let matching = ResultMatching(store: bed.store, settings: bed.settings, reference: bed.reference)
        #expect(try matching.pushAcceptances() == 1)
        #expect(try matching.pushAcceptances() == 0)
        let accepted = try #require(try bed.push("BL:SGTSC:SC1"))
        #expect(accepted.version == 1 && accepted.payload.contains("<BLZT>3</BLZT>"))
        var certificate = bed.result("SGTSC", "赣施审字(2026)第0001号", attributes: ["RQSL": "1"])
        certificate.application = "SC1"
        certificate.finishedAt = "2026-11-10T16:00:00+08:00"
        try bed.deliver(certificate, source: .sgt)
        try bed.evaluateResults()
        #expect(try bed.store.application("SC1")?.state == .finished)
        let finished = try #require(try bed.push("BL:SGTSC:SC1"))
        #expect(finished.version == 2 && finished.payload.contains("<BLZT>12</BLZT>"))     // waived: 容缺通过
    }

    @Test func subprojects_anEmptySubprojectIsRecycledAndItsPushInvalidated() throws {
        let bed = try MatchBed()
        try bed.warehoused()
        try bed.store.transaction {
            _ = try Subprojects(store: bed.store).split(xmdm: MatchBed.xmdm, gcdm: sub, name: "1#楼", by: "李四")
            try Subprojects(store: bed.store).recycle(gcdm: sub)
        }
        #expect(try bed.store.subproject(sub)?.state == .recycled)
        #expect(try bed.push("XM:\(sub)")?.valid == false)
    }

    @Test func subprojects_aSubprojectWithAResultUnderItCannotBeRecycled() throws {
        let bed = try MatchBed()
        try bed.warehoused()
        _ = try bed.store.transaction { try Subprojects(store: bed.store).split(xmdm: MatchBed.xmdm, gcdm: sub, name: "1#楼", by: "李四") }
        try bed.deliver(bed.result("GHXK", "GH-1", gcdm: sub, xmmc: "1#楼"))
        try bed.evaluateResults()
        #expect(throws: DecisionError.self) { try bed.store.transaction { try Subprojects(store: bed.store).recycle(gcdm: sub) } }
        #expect(try bed.store.subproject(sub)?.state == .active)
    }

    @Test func subprojects_aRecycledCodeIsNeverReused() throws {
        let bed = try MatchBed()
        try bed.warehoused()
        try bed.store.transaction {
            _ = try Subprojects(store: bed.store).split(xmdm: MatchBed.xmdm, gcdm: sub, name: "1#楼", by: "李四")
            try Subprojects(store: bed.store).recycle(gcdm: sub)
        }
        #expect(throws: DecisionError.self) {
            try bed.store.transaction { _ = try Subprojects(store: bed.store).split(xmdm: MatchBed.xmdm, gcdm: sub, name: "新", by: "李四") }
        }
    }

    @Test func recycling_aRecycledResultKeepsItsDataAndItsPushesAreInvalidated() throws {
        let bed = try MatchBed()
        try bed.warehoused()
        try bed.deliver(bed.result("GHXK", "GH-1"))
        try bed.evaluateResults()
        try bed.store.transaction { try Recycling(store: bed.store).recycleResult(sxbm: "ghxk", number: "GH-1", by: "张三", note: "误传") }
        let row = try bed.latest("GHXK", "GH-1")
        #expect(row.state == ResultState.recycled && row.record == bed.result("GHXK", "GH-1"))
        #expect(try bed.push("PF:GHXK:GH-1")?.valid == false && bed.push("BL:GHXK:GH-1")?.valid == false)
        #expect(throws: DecisionError.self) {
            try bed.store.transaction { try Recycling(store: bed.store).recycleResult(sxbm: "GHXK", number: "GH-1", by: "张三", note: nil) }
        }
    }
}
