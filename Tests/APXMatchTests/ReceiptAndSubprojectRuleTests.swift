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
        #expect(try bed.store.pushedRecord(fileName: file, dfsjzj: "XM:\(MatchBed.xmdm)", version: 1)?.receiptState == "ACCEPTED")
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
        let item = try #require(try bed.openReviews("push", String(record.id)).first)
        #expect(item.reasons == ["GOV_REJECTED"] && item.fields.first?.theirs == "投资额格式错误")
        try bed.decisions.accept(item.id, by: "张三", note: "已更正", sets: [("ZTZE", "35000.50")])
        let push = try #require(try bed.push(key))
        #expect(push.version == 2 && push.valid && push.payload.contains("35000.50"))
    }

    @Test func subprojects_anEmptySubprojectIsRecycledAndItsPushInvalidated() throws {
        let bed = try MatchBed()
        try bed.warehoused()
        try bed.store.transaction {
            _ = try Subprojects(store: bed.store).split(xmdm: MatchBed.xmdm, gcdm: sub, name: "1#楼", by: "李四")
            try Subprojects(store: bed.store).recycle(gcdm: sub)
        }
        #expect(try bed.store.subproject(sub)?.state == "RECYCLED")
        #expect(try bed.push("XM:\(sub)")?.valid == false)
    }

    @Test func subprojects_aSubprojectWithAResultUnderItCannotBeRecycled() throws {
        let bed = try MatchBed()
        try bed.warehoused()
        _ = try bed.store.transaction { try Subprojects(store: bed.store).split(xmdm: MatchBed.xmdm, gcdm: sub, name: "1#楼", by: "李四") }
        try bed.deliver(bed.result("GHXK", "GH-1", gcdm: sub, xmmc: "1#楼"))
        try bed.evaluateResults()
        #expect(throws: DecisionError.self) { try bed.store.transaction { try Subprojects(store: bed.store).recycle(gcdm: sub) } }
        #expect(try bed.store.subproject(sub)?.state == "ACTIVE")
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
}
