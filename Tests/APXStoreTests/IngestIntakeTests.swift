import APXCore
import APXDomain
import Foundation
import Testing
@testable import APXStore

/// The batch intakes' own rules: keys are bytes (as the tables' unique indexes compare them),
/// what a file stored itself is remembered only up to a bound, and held rows go with a
/// rollback.
@Suite struct IngestIntakeTests {
    static func request(_ qqbh: String) -> WarehousingRequest {
        WarehousingRequest(qqbh: qqbh, xmdm: "2019-360102-47-03-012345", xmmc: "项目", xzqhdm: "360111", ztze: "35000.00",
                           sqdwdm: "91360100MA35AB01XX", sqdwmc: "建设单位", splclx: 3, sqsj: "2026-11-20T10:00:00+08:00")
    }

    @Test func keysThatAreOneTextInTwoByteSpellingsAreTwoKeysAsInTheTable() throws {
        let composed = "RK-\u{E9}", decomposed = "RK-e\u{301}"
        #expect(composed == decomposed)                         // Swift: canonically equivalent
        #expect(ByteKey(composed) != ByteKey(decomposed) && ByteKey(composed) == ByteKey(String(composed)))
        #expect(Set([ByteKey(composed), ByteKey(decomposed)]).count == 2)
        let batch = try TempStore(), single = try TempStore()
        let requests = [Self.request(composed), Self.request(decomposed), Self.request(composed)]
        let intake = RequestIntake(store: batch.store, fileID: try batch.inputFile(.rkqq))
        let inserted = try batch.store.transaction {
            try intake.prepare(requests.map(\.qqbh))
            let answers = try requests.map { try intake.insert($0) }
            try intake.flush()
            return answers
        }
        let fileID = try single.inputFile(.rkqq)
        let expected = try single.store.transaction { try requests.map { try single.store.insertRequest($0, fileID: fileID) } }
        #expect(inserted == expected && inserted == [true, true, false])
        #expect(try batch.store.request(decomposed)?.request.qqbh.utf8.count == decomposed.utf8.count)
    }

    @Test func pastItsBoundEveryKeyMayHaveBeenStoredByTheFile() {
        var keys = FileStoredKeys(limit: 3)
        for i in 0..<3 { keys.noteStored(ByteKey("K\(i)")) }
        #expect(keys.mayHaveStored(ByteKey("K1")) && !keys.mayHaveStored(ByteKey("other")))
        keys.noteStored(ByteKey("K3"))
        #expect(keys.mayHaveStored(ByteKey("other")) && keys.mayHaveStored(ByteKey("K0")))
    }

    @Test func heldResultsOfATransactionRolledBackAreNotWrittenAndTheNextOneStartsFromTheTable() throws {
        let bed = try TempStore()
        let fileID = try bed.inputFile(.dtjg)
        let r = ResultRecord(sxbm: "ZBTZS", number: "ZB-1", xmdm: "2019-360102-47-03-012345", gcdm: "")
        struct Fault: Error {}
        #expect(throws: Fault.self) {
            try bed.store.transaction {
                let intake = ResultIntake(store: bed.store, source: .dtjg, fileID: fileID)
                try intake.prepare([(r.sxbm, r.number)])
                _ = try intake.receive(r)
                try intake.flush()
                throw Fault()
            }
        }
        #expect(try bed.store.latestResult(sxbm: r.sxbm, number: r.number) == nil)
        let intake = ResultIntake(store: bed.store, source: .dtjg, fileID: fileID)
        let arrivals = try bed.store.transaction {
            try intake.prepare([(r.sxbm, r.number), (r.sxbm, r.number)])
            let a = [try intake.receive(r), try intake.receive(r)]
            try intake.flush()
            return a
        }
        guard case .inserted(let id) = arrivals[0], case .unchanged = arrivals[1] else {
            Issue.record("\(arrivals)")
            return
        }
        #expect(try bed.store.result(id: id)?.version == 1 && bed.store.results(xmdm: r.xmdm).count == 1)
    }
}
