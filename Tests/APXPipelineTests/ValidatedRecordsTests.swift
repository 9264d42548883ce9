import APXCore
import APXDecode
import APXDomain
import Foundation
import Synchronization
import Testing
import TestSupport
@testable import APXPipeline

/// Reading and validating on a second thread hands the storing thread exactly what reading
/// on one thread did: the same records in the same order, the same rejects and lines, a
/// file-level error at the same point — and a storing error stops the reading thread.
@Suite struct ValidatedRecordsTests {
    static let unit = (name: "南昌瑋城建设投资有限公司", uscc: Fixture.uscc(body: "MA35AB01"))
    struct StoreFailed: Error, Equatable { let at: Int }
    static let validations: [ValidatedRecords.Validation] = [.shared, .reading, .storing]

    static func xmdm(_ i: Int) -> String { "2019-360102-47-03-" + String(format: "%06d", i) }

    /// `n` requests; those numbered in `bad` (1-based) carry an invalid XMDM.
    static func requests(_ n: Int, bad: Set<Int> = []) -> [RequestFixture] {
        (1...max(n, 1)).prefix(n).map { i in
            RequestFixture(qqbh: "RK\(100_000 + i)", xmdm: bad.contains(i) ? "2019-BAD-\(i)" : xmdm(i), xmmc: "项目\(i)",
                           sqdwdm: unit.uscc, sqdwmc: unit.name)
        }
    }

    static func projects(_ n: Int, bad: Set<Int> = []) -> [ProjectFixture] {
        (1...n).map { i in
            ProjectFixture(xmdm: bad.contains(i) ? "BAD-\(i)" : xmdm(i), xmmc: "项目\(i)", units: [unit])
        }
    }

    func file(_ ws: TempWorkspace, _ name: String, _ text: String) -> String {
        let path = ws.root + "/" + name
        _ = FileManager.default.createFile(atPath: path, contents: Data(text.utf8))
        return path
    }

    /// One record as the storing side saw it.
    struct Seen: Equatable {
        let number: Int
        let value: WarehousingRequest?
        let rejects: [Reject]
    }

    static func seen(_ number: Int, _ outcome: Result<WarehousingRequest, RejectList>) -> Seen {
        switch outcome {
        case .success(let r): return Seen(number: number, value: r, rejects: [])
        case .failure(let list): return Seen(number: number, value: nil, rejects: list.rejects)
        }
    }

    /// The records and the error of reading `path` on this thread, record by record, as ingest did before.
    func sequential(_ path: String) -> ([Seen], DecodeError?) {
        var seen: [Seen] = []
        do {
            try SourceFormats.rkqqCSV(path: path, options: ReadOptions()) { seen.append(Self.seen($0.number, Validate.request($0))) }
        } catch let error as DecodeError {
            return (seen, error)
        } catch {
            Issue.record("unexpected \(error)")
        }
        return (seen, nil)
    }

    /// The same file-level error: code, line and message.
    static func same(_ a: DecodeError?, _ b: DecodeError?) -> Bool {
        a?.code == b?.code && a?.line == b?.line && a?.message == b?.message
    }

    func pipelined(_ path: String, batchSize: Int = ValidatedRecords.batchSize,
                   batchesInFlight: Int = ValidatedRecords.batchesInFlight,
                   validation: ValidatedRecords.Validation = .shared) -> ([Seen], DecodeError?) {
        var seen: [Seen] = []
        do {
            try ValidatedRecords.each(read: { try SourceFormats.rkqqCSV(path: path, options: ReadOptions(), $0) },
                                      validate: { Validate.request($0) }, batchSize: batchSize,
                                      batchesInFlight: batchesInFlight, validation: validation) {
                seen.append(Self.seen($0.number, $0.outcome))
            }
        } catch let error as DecodeError {
            return (seen, error)
        } catch {
            Issue.record("unexpected \(error)")
        }
        return (seen, nil)
    }

    @Test func recordsRejectsAndLinesAreThoseOfReadingOnOneThread() {
        let ws = TempWorkspace("apx-pipe-order")
        let bad: Set<Int> = [1, 2, 512, 513, 1024, 1777, 2600]
        let path = file(ws, "RKQQ_20261120_01.csv", Builders.rkqqCSV(Self.requests(2600, bad: bad)))
        let (expected, expectedError) = sequential(path)
        #expect(expected.count == 2600 && expectedError == nil)
        #expect(expected.filter { !$0.rejects.isEmpty }.map(\.number) == bad.sorted())
        #expect(expected.first { !$0.rejects.isEmpty }?.rejects.first?.line == 2, "record 1 is on line 2")
        for (size, inFlight) in [(ValidatedRecords.batchSize, ValidatedRecords.batchesInFlight), (7, 1), (3, 1), (5000, 2)] {
            for validation in Self.validations {
                let (got, error) = pipelined(path, batchSize: size, batchesInFlight: inFlight, validation: validation)
                #expect(error == nil)
                #expect(got == expected, "batches of \(size), \(inFlight) in flight, validated \(validation)")
            }
        }
    }

    @Test func aDecodeErrorMidFileArrivesAfterTheRecordsBeforeIt() throws {
        let ws = TempWorkspace("apx-pipe-decode")
        var text = Builders.rkqqCSV(Self.requests(2000, bad: [3, 1299]))
        // Record 1300 (line 1301): text after a closing quote — the file is malformed from there.
        let line = "RK\(100_000 + 1300),"
        let range = try #require(text.range(of: line))
        text.replaceSubrange(range, with: "\"RK\(100_000 + 1300)\"x,")
        let path = file(ws, "RKQQ_20261120_01.csv", text)
        let (expected, expectedError) = sequential(path)
        #expect(expected.count == 1299)
        #expect(expectedError?.code == .csvMalformed && expectedError?.line == 1301)
        for (size, inFlight) in [(ValidatedRecords.batchSize, ValidatedRecords.batchesInFlight), (1299, 1), (1300, 1), (3, 2)] {
            for validation in Self.validations {
                let (got, error) = pipelined(path, batchSize: size, batchesInFlight: inFlight, validation: validation)
                #expect(got == expected, "batches of \(size), validated \(validation)")
                #expect(Self.same(error, expectedError))
            }
        }
    }

    @Test func anXMLErrorMidFileArrivesAfterTheProjectsBeforeIt() throws {
        let ws = TempWorkspace("apx-pipe-xml")
        var text = Builders.tzxmXML(Self.projects(1500, bad: [10]))
        let tag = "<XMDM>\(Self.xmdm(1200))</XMDM>"
        let range = try #require(text.range(of: tag))
        text.replaceSubrange(range, with: "<XMDM>\(Self.xmdm(1200))</XMMC>")
        let path = file(ws, "TZXM_20261120_01.xml", text)
        var expected: [(Int, String?)] = [], expectedError: DecodeError?
        do {
            try SourceFormats.tzxmXML(path: path, options: ReadOptions()) { r in
                expected.append((r.number, try? Validate.project(r).get().xmdm))
            }
        } catch { expectedError = error as? DecodeError }
        // libxml2 finds the mismatch a little after where it is (it parses ahead in chunks).
        #expect(expected.count > 1000 && expected.count < 1200 && expectedError?.code == .xmlMalformed, "\(expected.count)")
        var got: [(Int, String?)] = []
        var error: DecodeError?
        do {
            try ValidatedRecords.each(read: { try SourceFormats.tzxmXML(path: path, options: ReadOptions(), $0) },
                                      validate: { Validate.project($0) }) { item in
                got.append((item.number, try? item.outcome.get().xmdm))
            }
        } catch let e { error = e as? DecodeError }
        #expect(got.map(\.0) == expected.map(\.0) && got.map(\.1) == expected.map(\.1))
        #expect(got[9].1 == nil && got[10].1 == Self.xmdm(11))
        #expect(Self.same(error, expectedError))
    }

    @Test func aStoreErrorMidFileStopsTheReadingThreadWithinItsBatches() {
        let ws = TempWorkspace("apx-pipe-store")
        let path = file(ws, "RKQQ_20261120_01.csv", Builders.rkqqCSV(Self.requests(8_000)))
        for failAt in [1, 700, 7_999] { for validation in Self.validations {
            let read = Counter()
            let ended = Counter()
            var stored = 0
            #expect(throws: StoreFailed(at: failAt)) {
                try ValidatedRecords.each(read: { body in
                    defer { ended.set(1) }
                    try SourceFormats.rkqqCSV(path: path, options: ReadOptions()) { r in
                        read.add()
                        try body(r)
                    }
                }, validate: { Validate.request($0) }, batchSize: 64, batchesInFlight: 2, validation: validation) { item in
                    if item.number == failAt { throw StoreFailed(at: failAt) }
                    stored += 1
                }
            }
            #expect(stored == failAt - 1)
            #expect(ended.value == 1, "the reading thread ended before the error surfaced")
            // Read at most: the failing batch, the batches in flight, the one being filled.
            #expect(read.value <= min(8_000, (failAt / 64 + 1 + 2 + 1) * 64))
        } }
    }

    @Test func aStoreErrorUnwindsTheXMLReaderOnTheReadingThread() {
        let ws = TempWorkspace("apx-pipe-store-xml")
        let path = file(ws, "TZXM_20261120_01.xml", Builders.tzxmXML(Self.projects(3000)))
        for validation in Self.validations {
            let read = Counter()
            let ended = Counter()
            #expect(throws: StoreFailed(at: 2)) {
                try ValidatedRecords.each(read: { body in
                    defer { ended.set(1) }
                    try SourceFormats.tzxmXML(path: path, options: ReadOptions()) { r in
                        read.add()
                        try body(r)
                    }
                }, validate: { Validate.project($0) }, batchSize: 32, batchesInFlight: 2, validation: validation) { item in
                    if item.number == 2 { throw StoreFailed(at: 2) }
                }
            }
            #expect(ended.value == 1 && read.value <= 4 * 32, "\(read.value) read")
        }
    }

    @Test func aTinyFileAnEmptyFileAndAFileWithoutItsHeader() throws {
        let ws = TempWorkspace("apx-pipe-small")
        let one = file(ws, "one.csv", Builders.rkqqCSV(Self.requests(1)))
        let (tiny, tinyError) = pipelined(one)
        #expect(tiny == sequential(one).0 && tiny.count == 1 && tinyError == nil)

        let empty = file(ws, "empty.csv", Builders.rkqqCSV([]))
        let (none, noError) = pipelined(empty)
        #expect(none.isEmpty && noError == nil)

        let nothing = file(ws, "nothing.csv", "")
        let (headerless, error) = pipelined(nothing)
        #expect(headerless.isEmpty && Self.same(error, sequential(nothing).1) && error?.code == .csvHeader)

        let (missing, missingError) = pipelined(ws.root + "/not-there.csv")
        #expect(missing.isEmpty && Self.same(missingError, sequential(ws.root + "/not-there.csv").1) && missingError?.code == .csvMalformed)
    }
}
/// A number two threads update (tests only).
private final class Counter: Sendable {
    private let atomic = Atomic<Int>(0)
    func add() { atomic.add(1, ordering: .sequentiallyConsistent) }
    func set(_ v: Int) { atomic.store(v, ordering: .sequentiallyConsistent) }
    var value: Int { atomic.load(ordering: .sequentiallyConsistent) }
}
