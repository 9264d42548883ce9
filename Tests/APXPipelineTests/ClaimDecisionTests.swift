import APXCore
import APXDomain
import Testing
@testable import APXDrop
@testable import APXPipeline

/// `ClaimDecision.classify`, case by case: what a claim does with an entry from what was
/// probed of it (kind, size against its limit, name, hash) and what the database holds of
/// its bytes. Pure: no workspace, no store.
@Suite struct ClaimDecisionTests {
    typealias Q = ClaimFacts.QuarantinedBytes
    static let waiting = Q(id: 7, destination: "quarantine/rkqq/RKQQ_20261120_01.csv", code: .csvHeader, onDisk: true)
    static let gone = Q(id: 7, destination: "quarantine/rkqq/RKQQ_20261120_01.csv", code: .csvHeader, onDisk: false)
    static let missingAttachment = Q(id: 8, destination: "quarantine/sgt/X.xml", code: .attachmentMissing, onDisk: true)
    static let mismatchedAttachment = Q(id: 9, destination: "quarantine/sgt/X.xml", code: .attachmentMismatch, onDisk: true)
    static let name = DropName(source: .rkqq, name: "RKQQ_20261120_01.csv")!

    struct Case: CustomTestStringConvertible, Sendable {
        let label: String
        var kind: EntryKind = .file
        var size: Int64 = 100
        var limit: Int64 = 1000
        var nameAccepted = true
        var processedBefore = false
        var quarantined: Q?
        let expected: ClaimDecision
        var testDescription: String { label }

        var facts: ClaimFacts {
            ClaimFacts(source: .rkqq, kind: kind, size: size, limit: limit, dropName: nameAccepted ? ClaimDecisionTests.name : nil,
                       processedBefore: processedBefore, quarantined: quarantined)
        }
    }

    static let notRegular = "not a regular file (never read or followed)"
    static let cases: [Case] = [
        Case(label: "a new regular file within its limit is processed", expected: .process(name)),
        Case(label: "a file exactly at its limit is processed", size: 1000, expected: .process(name)),
        Case(label: "a file one byte over its limit is TOO_LARGE", size: 1001,
             expected: .quarantine(.tooLarge, message: "file is 1001 bytes, limit 1000")),
        Case(label: "a directory is NAME_UNKNOWN, never read", kind: .directory,
             expected: .quarantine(.nameUnknown, message: "a directory, " + notRegular)),
        Case(label: "a symbolic link is NAME_UNKNOWN, never followed", kind: .symlink,
             expected: .quarantine(.nameUnknown, message: "a symbolic link, " + notRegular)),
        Case(label: "a FIFO is NAME_UNKNOWN", kind: .fifo, expected: .quarantine(.nameUnknown, message: "a FIFO, " + notRegular)),
        Case(label: "a socket is NAME_UNKNOWN", kind: .socket, expected: .quarantine(.nameUnknown, message: "a socket, " + notRegular)),
        Case(label: "a device is NAME_UNKNOWN", kind: .device,
             expected: .quarantine(.nameUnknown, message: "a device file, " + notRegular)),
        Case(label: "a non-regular entry is refused even with a misfit name and known bytes", kind: .symlink, nameAccepted: false,
             processedBefore: true, quarantined: waiting, expected: .quarantine(.nameUnknown, message: "a symbolic link, " + notRegular)),
        Case(label: "a name that does not fit its folder is NAME_UNKNOWN", nameAccepted: false,
             expected: .quarantine(.nameUnknown, message: "name does not fit the rkqq pattern")),
        Case(label: "a misfit name is NAME_UNKNOWN even when its bytes were processed", nameAccepted: false, processedBefore: true,
             expected: .quarantine(.nameUnknown, message: "name does not fit the rkqq pattern")),
        Case(label: "a misfit name repeating its quarantined bytes is a duplicate of that entry, without companions",
             nameAccepted: false, quarantined: waiting, expected: .repeatOfQuarantined(waiting, withCompanions: false)),
        Case(label: "a misfit name over its limit repeating its quarantined entry is a duplicate of it", size: 5000,
             nameAccepted: false, quarantined: waiting, expected: .repeatOfQuarantined(waiting, withCompanions: false)),
        Case(label: "a misfit name whose quarantined file is gone from disk is quarantined again", nameAccepted: false,
             quarantined: gone, expected: .quarantine(.nameUnknown, message: "name does not fit the rkqq pattern")),
        Case(label: "bytes processed before are a DUPLICATE", processedBefore: true, expected: .duplicate),
        Case(label: "processed bytes are a DUPLICATE before a quarantine repeat", processedBefore: true, quarantined: waiting,
             expected: .duplicate),
        Case(label: "processed bytes over the limit are a DUPLICATE (the hash named them)", size: 5000, processedBefore: true,
             expected: .duplicate),
        Case(label: "bytes waiting in quarantine under this name are a duplicate of that entry, with companions",
             quarantined: waiting, expected: .repeatOfQuarantined(waiting, withCompanions: true)),
        Case(label: "a repeat of a quarantined over-limit entry is a duplicate, not TOO_LARGE again", size: 5000,
             quarantined: waiting, expected: .repeatOfQuarantined(waiting, withCompanions: true)),
        Case(label: "quarantined bytes whose file is gone are read afresh", quarantined: gone, expected: .process(name)),
        Case(label: "an ATTACHMENT_MISSING verdict does not hold for the same XML again", quarantined: missingAttachment,
             expected: .process(name)),
        Case(label: "an ATTACHMENT_MISMATCH verdict does not hold for the same XML again", quarantined: mismatchedAttachment,
             expected: .process(name)),
        Case(label: "an over-limit file whose quarantine verdict depended on attachments is TOO_LARGE", size: 1001,
             quarantined: missingAttachment, expected: .quarantine(.tooLarge, message: "file is 1001 bytes, limit 1000")),
        Case(label: "an empty file is processed (its content decides)", size: 0, expected: .process(name)),
    ]

    @Test(arguments: cases) func classify(_ c: Case) {
        #expect(ClaimDecision.classify(c.facts) == c.expected)
    }

    @Test func eachDecisionRecordsItsFileOutcome() {
        #expect(ClaimDecision.process(Self.name).outcome == .processed)
        #expect(ClaimDecision.duplicate.outcome == .duplicate)
        #expect(ClaimDecision.repeatOfQuarantined(Self.waiting, withCompanions: true).outcome == .duplicate)
        #expect(ClaimDecision.quarantine(.tooLarge, message: "").outcome == .quarantined)
    }

    @Test func everyEntryKindOtherThanAFileIsRefusedUnread() {
        for kind in [EntryKind.directory, .symlink, .fifo, .socket, .device] {
            let facts = ClaimFacts(source: .sgt, kind: kind, size: 0, limit: 10, dropName: DropName(source: .sgt, name: "SGT_BJ_SC1.xml"),
                                   processedBefore: false, quarantined: nil)
            guard case .quarantine(let code, _) = ClaimDecision.classify(facts) else {
                Issue.record("\(kind) was not refused"); continue
            }
            #expect(code == .nameUnknown)
        }
    }
}

/// Every combination of facts (entry kind × size against the limit × name × processed before ×
/// quarantine entry), checked against what each decision promises.
@Suite struct ClaimDecisionInvariantTests {
    typealias Q = ClaimFacts.QuarantinedBytes
    static let entries: [Q?] = [nil, Q(id: 1, destination: "quarantine/sgt/a.xml", code: .xmlMalformed, onDisk: true),
                                Q(id: 2, destination: "quarantine/sgt/a.xml", code: .xmlMalformed, onDisk: false),
                                Q(id: 3, destination: "quarantine/sgt/a.xml", code: .attachmentMissing, onDisk: true),
                                Q(id: 4, destination: "quarantine/sgt/a.xml", code: .attachmentMismatch, onDisk: true)]

    static var all: [ClaimFacts] {
        var out: [ClaimFacts] = []
        for kind in [EntryKind.file, .directory, .symlink, .fifo, .socket, .device] {
            for size in [Int64(0), 10, 11] {
                for accepted in [true, false] {
                    for processed in [true, false] {
                        for q in entries {
                            out.append(ClaimFacts(source: .sgt, kind: kind, size: size, limit: 10,
                                                  dropName: accepted ? DropName(source: .sgt, name: "SGT_BJ_SC1.xml") : nil,
                                                  processedBefore: processed, quarantined: q))
                        }
                    }
                }
            }
        }
        return out
    }

    /// A quarantine entry the new delivery repeats: still on disk, its verdict about the bytes alone.
    static func repeats(_ f: ClaimFacts) -> Bool {
        guard let q = f.quarantined else { return false }
        return q.onDisk && !ClaimDecision.verdictsBeyondTheBytes.contains(q.code)
    }

    @Test func everyCombinationGetsTheDecisionItsFactsCallFor() {
        #expect(Self.all.count == 6 * 3 * 2 * 2 * 5)
        for f in Self.all {
            let d = ClaimDecision.classify(f)
            switch d {
            case .quarantine(let code, _) where code == .nameUnknown:
                // Never read: not a regular file, or a misfit name that repeats nothing.
                #expect(f.kind != .file || (!(f.dropName != nil) && !Self.repeats(f)), "\(f)")
            case .quarantine(let code, _):
                #expect(code == .tooLarge && f.kind == .file && (f.dropName != nil) && f.size > f.limit
                        && !f.processedBefore && !Self.repeats(f), "\(f)")
            case .duplicate:
                #expect(f.kind == .file && (f.dropName != nil) && f.processedBefore, "\(f)")
            case .repeatOfQuarantined(let q, let withCompanions):
                #expect(f.kind == .file && Self.repeats(f) && q == f.quarantined && withCompanions == (f.dropName != nil), "\(f)")
                #expect(!(f.dropName != nil) || !f.processedBefore, "\(f)")
            case .process(let name):
                #expect(name == f.dropName && f.kind == .file && (f.dropName != nil) && !f.processedBefore && !Self.repeats(f) && f.size <= f.limit, "\(f)")
            }
        }
    }
}
