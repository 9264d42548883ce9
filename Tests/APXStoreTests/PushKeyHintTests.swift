import APXCore
import APXDomain
import Foundation
import Testing
import TestSupport
@testable import APXStore

/// A page's hint: which of the page's plain keys have no record of the target; a key is
/// answered absent once, so a second push for it in the same transaction reads the record the
/// first one queued. Keys outside the page, of another target, or not plain are never answered.
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

    @Test func aKeyWithARecordIsNotAnsweredAndItsNeighboursInByteOrderStillAre() throws {
        let ws = TempWorkspace()
        let s = try store(ws)
        let (a, m, z) = (PushKey.document(sxbm: "A", number: "1"), PushKey.document(sxbm: "A", number: "5"), PushKey.document(sxbm: "A", number: "9"))
        let project = PushKey.project(gcdm: "X")
        try s.transaction { _ = try PushQueue(store: s).enqueue(key: m, payload: "<M>1</M>") }
        try s.transaction {
            let hint = try s.pushKeyHint(target: .gov, keys: [a, m, z, project])
            #expect(!hint.takeAbsent(target: .gov, dfsjzj: m.dfsjzj))
            #expect(hint.takeAbsent(target: .gov, dfsjzj: a.dfsjzj))
            #expect(hint.takeAbsent(target: .gov, dfsjzj: project.dfsjzj))
            let q = PushQueue(store: s, hint: hint)
            #expect(try q.enqueue(key: m, payload: "<M>2</M>") == 2)
            #expect(try q.enqueue(key: z, payload: "<Z>1</Z>") == 1)
            #expect(try q.enqueue(key: a, payload: "<A>1</A>") == 1)
        }
        #expect(try versions(s, m) == ["v1/1/<M>1</M>", "v1/0/<M>1</M>", "v2/1/<M>2</M>"])
        #expect(try versions(s, z) == ["v1/1/<Z>1</Z>"])
    }

    @Test func onlyThePagesPlainKeysOfItsTargetAreAnsweredAndEachOnce() throws {
        let ws = TempWorkspace()
        let s = try store(ws)
        let (b, c, d) = (PushKey.document(sxbm: "A", number: "b"), PushKey.document(sxbm: "A", number: "c"), PushKey.document(sxbm: "A", number: "d"))
        let quoted = PushKey.handling(sxbm: "A", key: "SL\"\\1"), wide = PushKey.document(sxbm: "A", number: "编号 1")
        try s.transaction {
            let hint = try s.pushKeyHint(target: .gov, keys: [d, b, quoted, wide, b])
            let otherKind = PushKey.handling(sxbm: "A", key: "b")
            #expect(!hint.takeAbsent(target: .gov, dfsjzj: c.dfsjzj), "between the page's keys, not one of them")
            #expect(!hint.takeAbsent(target: .gov, dfsjzj: otherKind.dfsjzj))
            #expect(!hint.takeAbsent(target: .archive, dfsjzj: b.dfsjzj))
            #expect(!hint.takeAbsent(target: .gov, dfsjzj: wide.dfsjzj), "not plain: read")
            #expect(hint.takeAbsent(target: .gov, dfsjzj: quoted.dfsjzj))
            #expect(hint.takeAbsent(target: .gov, dfsjzj: b.dfsjzj))
            #expect(!hint.takeAbsent(target: .gov, dfsjzj: b.dfsjzj))
            #expect(hint.takeAbsent(target: .gov, dfsjzj: d.dfsjzj))
        }
    }

    @Test func aKeyQueuedEarlierInThePagesTransactionIsNotAnswered() throws {
        let ws = TempWorkspace()
        let s = try store(ws)
        let (a, b) = (PushKey.document(sxbm: "A", number: "1"), PushKey.document(sxbm: "A", number: "2"))
        try s.transaction {
            _ = try PushQueue(store: s).enqueue(key: a, payload: "<A>1</A>")
            let hint = try s.pushKeyHint(target: .gov, keys: [a, b])
            #expect(!hint.takeAbsent(target: .gov, dfsjzj: a.dfsjzj))
            let q = PushQueue(store: s, hint: hint)
            #expect(try q.enqueue(key: a, payload: "<A>1</A>") == 0)
            #expect(try q.enqueue(key: b, payload: "<B>1</B>") == 1)
        }
        #expect(try versions(s, a) == ["v1/1/<A>1</A>"])
    }
}
