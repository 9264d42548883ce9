import APXCore
import APXDomain
import Foundation
import Testing
@testable import APXStore

private let xmdm = "2019-360102-47-03-012345"

private func result(_ sxbm: String, _ number: String, issued: String = "2026-11-01") -> ResultRecord {
    var r = ResultRecord(sxbm: sxbm, number: number, xmdm: xmdm, gcdm: xmdm)
    r.xmmc = "青山湖区京东大道商住综合体"
    r.jsdwdm = "A1"
    r.issued = issued
    r.fields = ["JZMJ": "12345.67", "BDMC": "一标段/二\"段\""]
    return r
}

/// A file's results as an ingest brings them: new items, a number twice (unchanged), a number
/// changed twice inside the file, numbers of an item stored before (one REJECTED), ids
/// interleaved with a second item.
private func file(_ n: Int) -> [ResultRecord] {
    var out: [ResultRecord] = []
    for i in 0..<n {
        out.append(result(i % 2 == 0 ? "ZBTZS" : "GHXK", "N-\(i)"))
        if i % 7 == 0 { out.append(result(i % 2 == 0 ? "ZBTZS" : "GHXK", "N-\(i)")) }
        if i % 11 == 0 {
            out.append(result("ZBTZS", "N-\(i)", issued: "2026-11-02"))
            out.append(result("ZBTZS", "N-\(i)", issued: "2026-11-03"))
        }
        if i % 13 == 0 { out.append(result("SGXK", "OLD-\(i % 3)", issued: "2026-11-0\(4 + i % 5)")) }
    }
    return out
}

/// What the tests compare: the result table (ids, versions, states, records) and the audit trail.
private func tables(_ s: Store) throws -> [String] {
    try s.db.rows("SELECT id, sxbm, number, version, xmdm, gcdm, state, reasons, missing, cleared, record, source, input_file_id, received_on FROM result ORDER BY id")
        .map { $0.values.map { $0.string ?? "∅" }.joined(separator: "|") }
        + s.db.rows("SELECT id, entity, entity_id, action, from_state, to_state, detail FROM audit ORDER BY id")
        .map { $0.values.map { $0.string ?? "∅" }.joined(separator: "|") }
}

/// Items stored before the file: SGXK with three numbers, the second REJECTED.
private func earlier(_ t: TempStore) throws {
    let file = try t.inputFile(.dtjg)
    for i in 0..<3 { _ = try t.store.receiveResult(result("SGXK", "OLD-\(i)"), source: .dtjg, fileID: file) }
    try t.store.setResultState(2, .rejected, reasons: ["X"])
}

private func arrivals(_ s: Store, _ records: [ResultRecord], file: Int, intake: ResultIntake?) throws -> [String] {
    try records.map { r -> String in
        switch try s.receiveResult(r, source: .dtjg, fileID: file, intake: intake) {
        case .inserted(let id): return "inserted \(id)"
        case .unchanged: return "unchanged"
        case .newVersion(let id): return "v\(try s.result(id: id)?.version ?? -1) \(id)"
        }
    }
}

/// A file's results received through a `ResultIntake` (the reads of numbers an item
/// certainly lacks skipped) end exactly as one read and one INSERT each.
@Suite struct ResultIntakeTests {
    @Test(arguments: [40, 1_500])
    func aFilesResultsThroughAnIntakeEndAsOneReadAndInsertEach(count: Int) throws {
        for bounded in [false, true] { try compare(count: count, bounded: bounded) }
    }

    private func compare(count: Int, bounded: Bool) throws {
        let direct = try TempStore(), held = try TempStore()
        try direct.store.db.execute("PRAGMA synchronous = OFF")
        try earlier(direct)
        try earlier(held)
        let (df, hf) = (try direct.inputFile(.dtjg), try held.inputFile(.dtjg))
        let records = file(count)
        let expected = try direct.store.transaction { try arrivals(direct.store, records, file: df, intake: nil) }
        let intake = bounded ? ResultIntake(bound: 25) : ResultIntake()
        let got = try held.store.transaction { try arrivals(held.store, records, file: hf, intake: intake) }
        #expect(got == expected)
        let (a, b) = (try tables(direct.store), try tables(held.store))
        #expect(a.count == b.count)
        #expect(a == b)
    }

    /// Numbers equal as Swift Strings but not as bytes (É composed and decomposed) share a
    /// hash: the second is read, found absent, and stored as a number of its own — as SQLite,
    /// which compares bytes, does without an intake.
    @Test func canonicallyEquivalentNumbersThroughAnIntakeEndAsWithoutOne() throws {
        let records = ["\u{00C9}-1", "E\u{0301}-1", "\u{00C9}-1", "E\u{0301}-1", "E-1"].map { result("ZBTZS", $0) }
            + [result("ZBTZS", "E\u{0301}-1", issued: "2026-11-02")]
        let direct = try TempStore(), held = try TempStore()
        let (df, hf) = (try direct.inputFile(.dtjg), try held.inputFile(.dtjg))
        let expected = try direct.store.transaction { try arrivals(direct.store, records, file: df, intake: nil) }
        let got = try held.store.transaction { try arrivals(held.store, records, file: hf, intake: ResultIntake()) }
        #expect(expected == ["inserted 1", "inserted 2", "unchanged", "unchanged", "inserted 3", "v2 4"])
        #expect(got == expected)
        #expect(try tables(direct.store) == tables(held.store))
    }

    @Test func pastItsBoundAnItemIsReadForEveryNumber() throws {
        let t = try TempStore()
        let file = try t.inputFile(.dtjg)
        let intake = ResultIntake(bound: 2)
        for n in ["A", "B", "C"] {
            #expect(try intake.isCertainlyNew(sxbm: "ZBTZS", number: n, store: t.store))
            _ = try t.store.receiveResult(result("ZBTZS", n), source: .dtjg, fileID: file, intake: intake)
        }
        // The third number did not fit: the item is read from now on, its numbers all found.
        #expect(try !intake.isCertainlyNew(sxbm: "ZBTZS", number: "D", store: t.store))
        guard case .unchanged = try t.store.receiveResult(result("ZBTZS", "C"), source: .dtjg, fileID: file, intake: intake) else {
            Issue.record("a stored number was stored again"); return
        }
    }

    /// A province's first load brings one item's results in one file, 200k in the benchmark:
    /// the default bound keeps such a file's numbers (as hashes, whatever their length), so
    /// none of them is read again — and every stored one is still found.
    @Test func theDefaultIntakeKeepsAFileOfMoreNumbersOfOneItemThanTheOldBound() throws {
        let t = try TempStore()
        let intake = ResultIntake()
        let count = (1 << 16) + 5_000
        func number(_ i: Int) -> String { "赣建施字〔2024〕第\(100_000 + i)号" }
        var assumedStored = 0, forgotten = 0
        for i in 0..<count {
            if try !intake.isCertainlyNew(sxbm: "ZBTZS", number: number(i), store: t.store) { assumedStored += 1 }
            intake.noteStored(sxbm: "ZBTZS", number: number(i))
        }
        for i in stride(from: 0, to: count, by: 97) where try intake.isCertainlyNew(sxbm: "ZBTZS", number: number(i), store: t.store) {
            forgotten += 1
        }
        #expect(assumedStored == 0, "a number never stored was taken as stored (read again)")
        #expect(forgotten == 0, "a stored number was taken as new")
        #expect(try intake.isCertainlyNew(sxbm: "ZBTZS", number: number(count), store: t.store))
    }

    @Test func anItemThatHadResultsIsReadForEveryNumberAndANonASCIIItemToo() throws {
        let t = try TempStore()
        try earlier(t)
        let file = try t.inputFile(.dtjg)
        let intake = ResultIntake()
        #expect(try !intake.isCertainlyNew(sxbm: "SGXK", number: "NEW-1", store: t.store))
        #expect(try intake.isCertainlyNew(sxbm: "ZBTZS", number: "NEW-1", store: t.store))
        #expect(try !intake.isCertainlyNew(sxbm: "ZBTZSé", number: "NEW-1", store: t.store))
        _ = try t.store.receiveResult(result("ZBTZS", "NEW-1"), source: .dtjg, fileID: file, intake: intake)
        #expect(try !intake.isCertainlyNew(sxbm: "ZBTZS", number: "NEW-1", store: t.store))
        // Canonically equivalent to a stored number (é composed, decomposed): read, not assumed new.
        _ = try t.store.receiveResult(result("ZBTZS", "caf\u{E9}"), source: .dtjg, fileID: file, intake: intake)
        #expect(try !intake.isCertainlyNew(sxbm: "ZBTZS", number: "cafe\u{301}", store: t.store))
        guard case .inserted = try t.store.receiveResult(result("ZBTZS", "cafe\u{301}"), source: .dtjg, fileID: file, intake: intake) else {
            Issue.record("a number of other bytes is another result"); return
        }
        #expect(try t.store.db.scalar("SELECT count(*) FROM result WHERE sxbm = 'ZBTZS'").int == 3)
    }
}
