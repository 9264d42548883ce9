import APXCore
import APXDomain
import Foundation
import Testing
import TestSupport
@testable import APXStore

/// A page's hint: per kind, whether any record lies between the page's smallest and greatest
/// key (byte order); a key is answered absent once, so a second push for it in the same
/// transaction reads the record the first one queued.
@Suite struct PushKeyHintTests {
    func store(_ ws: TempWorkspace) throws -> Store {
        try FileManager.default.createDirectory(atPath: ws.path("db"), withIntermediateDirectories: true)
        return try Store(path: ws.path("db/approval.sqlite"), runID: "test", asOf: Day(iso: "2026-11-21")!)
    }

    func versions(_ s: Store, _ key: PushKey) throws -> [String] {
        try s.pushRecords(target: .gov, key: key).map { "v\($0.version)/\($0.valid ? 1 : 0)/\($0.payload)" }
    }

    @Test func aFirstLoadPageQueuesVersionOneAndASecondPushForAKeyReadsTheFirst() throws {
        let ws = TempWorkspace()
        let s = try store(ws)
        let composed = PushKey.document(sxbm: "SGXK", number: "caf\u{E9}"), decomposed = PushKey.document(sxbm: "SGXK", number: "cafe\u{301}")
        let handling = PushKey.handling(sxbm: "SGXK", key: "SL\"\\\n1")
        try s.transaction {
            let q = PushQueue(store: s, hint: try s.pushKeyHint(target: .gov, keys: [composed, decomposed, handling]))
            #expect(try q.enqueue(key: composed, payload: "<A>1</A>") == 1)
            #expect(try q.enqueue(key: decomposed, payload: "<B>1</B>") == 1)
            #expect(try q.enqueue(key: handling, payload: "<C>1</C>") == 1)
            #expect(try q.enqueue(key: decomposed, payload: "<B>2</B>") == 2)
            #expect(try q.enqueue(key: decomposed, payload: "<B>2</B>") == 0)
            #expect(try q.enqueue(key: composed, payload: "<A>1</A>") == 0)
        }
        #expect(try versions(s, composed) == ["v1/1/<A>1</A>"])
        #expect(try versions(s, decomposed) == ["v1/1/<B>1</B>", "v1/0/<B>1</B>", "v2/1/<B>2</B>"])
        #expect(try versions(s, handling) == ["v1/1/<C>1</C>"])
    }

    @Test func aRecordInsideThePagesRangeTurnsTheHintOffForThatKind() throws {
        let ws = TempWorkspace()
        let s = try store(ws)
        let (a, m, z) = (PushKey.document(sxbm: "A", number: "1"), PushKey.document(sxbm: "A", number: "5"), PushKey.document(sxbm: "A", number: "9"))
        let project = PushKey.project(gcdm: "X")
        try s.transaction { _ = try PushQueue(store: s).enqueue(key: m, payload: "<M>1</M>") }
        try s.transaction {
            let hint = try s.pushKeyHint(target: .gov, keys: [a, m, z, project])
            #expect(!hint.takeAbsent(target: .gov, key: a, dfsjzj: a.dfsjzj))
            #expect(hint.takeAbsent(target: .gov, key: project, dfsjzj: project.dfsjzj))
            let q = PushQueue(store: s, hint: hint)
            #expect(try q.enqueue(key: m, payload: "<M>2</M>") == 2)
            #expect(try q.enqueue(key: a, payload: "<A>1</A>") == 1)
        }
        #expect(try versions(s, m) == ["v1/1/<M>1</M>", "v1/0/<M>1</M>", "v2/1/<M>2</M>"])
    }

    @Test func onlyKeysInsideTheRangeOfTheirKindAndTargetAreAnswered() throws {
        let ws = TempWorkspace()
        let s = try store(ws)
        let (b, c, d) = (PushKey.document(sxbm: "A", number: "b"), PushKey.document(sxbm: "A", number: "c"), PushKey.document(sxbm: "A", number: "d"))
        try s.transaction {
            let hint = try s.pushKeyHint(target: .gov, keys: [d, b])
            let outside = PushKey.document(sxbm: "A", number: "z"), otherKind = PushKey.handling(sxbm: "A", key: "c")
            #expect(!hint.takeAbsent(target: .gov, key: outside, dfsjzj: outside.dfsjzj))
            #expect(!hint.takeAbsent(target: .gov, key: otherKind, dfsjzj: otherKind.dfsjzj))
            #expect(!hint.takeAbsent(target: .archive, key: c, dfsjzj: c.dfsjzj))
            #expect(hint.takeAbsent(target: .gov, key: c, dfsjzj: c.dfsjzj))
            #expect(!hint.takeAbsent(target: .gov, key: c, dfsjzj: c.dfsjzj))
            #expect(hint.takeAbsent(target: .gov, key: b, dfsjzj: b.dfsjzj) && hint.takeAbsent(target: .gov, key: d, dfsjzj: d.dfsjzj))
        }
    }
}
