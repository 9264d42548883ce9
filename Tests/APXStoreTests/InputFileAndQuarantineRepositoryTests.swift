import APXCore
import APXDomain
import Testing
@testable import APXStore

/// Input files (outcomes, moves, rejects) and the quarantine backlog (open, repeated, settled).
@Suite struct InputFileAndQuarantineRepositoryTests {
    func quarantined(_ t: TempStore, name: String = "RKQQ_20261120_01.csv", sha: String = "bad") throws -> Int {
        try t.store.insertInputFile(source: .rkqq, name: name, sha256: sha, size: 10,
                                    outcome: .init(outcome: .quarantined, reason: .csvHeader, message: "missing column SQDWDM", line: 1),
                                    destination: "quarantine/rkqq/" + name)
    }

    @Test func anInputFileIsReadBackTypedWithItsOutcomeAndDestination() throws {
        let t = try TempStore()
        let id = try quarantined(t)
        let row = try #require(try t.reopened().inputFile(id: id))
        #expect(row.source == .rkqq && row.name == "RKQQ_20261120_01.csv" && row.sha256 == "bad" && row.size == 10)
        #expect(row.outcome == .quarantined && row.reason == "CSV_HEADER" && row.message == "missing column SQDWDM" && row.line == 1)
        #expect(row.destination == "quarantine/rkqq/RKQQ_20261120_01.csv" && row.runID == "R1" && row.duplicateOf == nil)
    }

    @Test func onlyProcessedBytesCountAsProcessedBefore() throws {
        let t = try TempStore()
        _ = try quarantined(t, sha: "q")
        _ = try t.inputFile(outcome: .duplicate, sha: "d")
        _ = try t.inputFile(outcome: .processed, sha: "p")
        #expect(try t.store.wasProcessed(sha256: "p"))
        #expect(try !t.store.wasProcessed(sha256: "q") && !t.store.wasProcessed(sha256: "d"))
        #expect(try t.store.isDestinationTaken("quarantine/rkqq/RKQQ_20261120_01.csv"))
        #expect(try !t.store.isDestinationTaken("quarantine/rkqq/other.csv"))
    }

    @Test func aFileAwaitsItsMoveUntilMarkedMoved() throws {
        let t = try TempStore()
        let a = try t.inputFile(), b = try t.inputFile()
        #expect(try t.store.inputFilesAwaitingMove().map(\.id) == [a, b])
        try t.store.markMoved(a)
        #expect(try t.reopened().inputFilesAwaitingMove().map(\.id) == [b])
    }

    @Test func rejectsAreReplacedWithTheFilesCounts() throws {
        let t = try TempStore()
        let id = try t.inputFile()
        try t.store.insertReject(fileID: id, Reject(record: 9, line: 10, field: "X", code: .dateInvalid, message: "old", raw: ""))
        let rejects = [Reject(record: 2, line: 3, field: "XMDM", code: .xmdmInvalid, message: "bad shape", raw: "2019-36"),
                       Reject(record: 5, line: nil, field: "ZTZE", code: .amountInvalid, message: "negative", raw: "-1")]
        try t.store.replaceRejects(fileID: id, rejects, read: 7, rejected: 2)
        let s = try t.reopened()
        #expect(try s.rejects(fileID: id) == rejects)
        let row = try #require(try s.inputFile(id: id))
        #expect(row.recordsRead == 7 && row.recordsRejected == 2)
    }

    @Test func aFileFoundBadWhileReadIsQuarantinedWithoutItsCounts() throws {
        let t = try TempStore()
        let id = try t.inputFile(.sgt)
        try t.store.updateInputFileCounts(id: id, read: 3, rejected: 1)
        try t.store.quarantineInputFile(id, reason: .xmlMalformed, message: "unclosed tag", line: 12, destination: "quarantine/sgt/F1.csv")
        let row = try #require(try t.reopened().inputFile(id: id))
        #expect(row.outcome == .quarantined && row.reason == "XML_MALFORMED" && row.line == 12)
        #expect(row.recordsRead == 0 && row.recordsRejected == 0 && row.destination == "quarantine/sgt/F1.csv")
    }

    @Test func anOpenQuarantineEntryIsFoundBySourceNameAndBytesOnly() throws {
        let t = try TempStore()
        let id = try quarantined(t)
        let entry = try #require(try t.store.openQuarantineEntry(source: .rkqq, name: "RKQQ_20261120_01.csv", sha256: "bad"))
        #expect(entry.id == id && entry.code == "CSV_HEADER" && entry.state == .open && entry.repeats == 0)
        #expect(try t.store.openQuarantineEntry(source: .rkqq, name: "RKQQ_20261120_01.csv", sha256: "other") == nil)
        #expect(try t.store.openQuarantineEntry(source: .tzxm, name: "RKQQ_20261120_01.csv", sha256: "bad") == nil)
        #expect(try t.store.openQuarantineEntry(source: .rkqq, name: "RKQQ_20261120_02.csv", sha256: "bad") == nil)
    }

    @Test func aRepeatedDeliveryIsCountedOnItsEntry() throws {
        let t = try TempStore()
        let entry = try quarantined(t)
        let again = try t.store.insertInputFile(source: .rkqq, name: "RKQQ_20261120_01.csv", sha256: "bad", size: 10,
                                                outcome: .init(outcome: .duplicate, reason: .duplicate), destination: "archive/x/R")
        try t.store.markDuplicate(again, of: entry)
        let s = try t.reopened()
        #expect(try s.inputFile(id: again)?.duplicateOf == entry)
        #expect(try s.quarantineBacklog().map(\.repeats) == [1])
    }

    @Test func aProcessedFileOfTheSameNameSettlesTheEntryWhichStaysListed() throws {
        let t = try TempStore()
        let entry = try quarantined(t)
        let good = try t.store.insertInputFile(source: .rkqq, name: "RKQQ_20261120_01.csv", sha256: "good", size: 10,
                                               outcome: .init(outcome: .processed), destination: "archive/2026-11-21/rkqq/R.csv")
        #expect(try t.store.settleQuarantine(source: .rkqq, name: "RKQQ_20261120_01.csv", byFileID: good) == 1)
        #expect(try t.store.settleQuarantine(source: .rkqq, name: "RKQQ_20261120_01.csv", byFileID: good) == 0)
        let s = try t.reopened()
        #expect(try s.quarantineBacklog().isEmpty && s.quarantineBacklogSummary().count == 0)
        let settled = try #require(try s.quarantineEntries().first)
        #expect(settled.id == entry && settled.state == .settled && settled.settledRun == "R1")
        #expect(settled.settledByName == "RKQQ_20261120_01.csv" && settled.settledByDestination == "archive/2026-11-21/rkqq/R.csv")
        #expect(try s.openQuarantineEntry(source: .rkqq, name: "RKQQ_20261120_01.csv", sha256: "bad") == nil)
    }

    @Test func aFilePutBackIsNoLongerInTheBacklog() throws {
        let t = try TempStore()
        let entry = try quarantined(t)
        try t.store.markMoved(entry)
        #expect(try t.store.quarantinedFiles(source: .rkqq).map(\.id) == [entry])
        try t.store.markRequeueIntent(entry)
        #expect(try t.store.pendingRequeues().map(\.id) == [entry])
        try t.store.markRequeued(entry)
        let s = try t.reopened()
        #expect(try s.pendingRequeues().isEmpty && s.quarantinedFiles().isEmpty)
        #expect(try s.quarantineEntries().first?.state == .requeued)
    }
}
