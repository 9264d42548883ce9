import APXCore
import Foundation
import APXDomain
import Testing
import TestSupport
@testable import APXOutbox
@testable import APXStore

/// Planned files are published `OutboxPublisher.filesPerSync` at a time (data and checksum
/// of each, one folder sync, every `.ok`, one folder sync, one transaction).
@Suite struct PublicationRoundTests {
    static func store(_ ws: TempWorkspace) throws -> Store {
        try FileManager.default.createDirectory(atPath: ws.path("db"), withIntermediateDirectories: true)
        return try Store(path: ws.path("db/approval.sqlite"), runID: "test", asOf: Day(iso: "2026-11-21")!)
    }

    /// `count` gov files of one record each.
    static func plan(_ s: Store, files count: Int) throws -> [String] {
        try s.transaction {
            for i in 1...count { _ = try PushQueue(store: s).enqueue(key: .project(gcdm: "\(i)"), payload: "<A>\(i)</A>") }
        }
        return try OutboxPlanner(store: s, maxRecordsPerFile: 1).planGov(asOf: s.asOf)
    }

    @Test func moreFilesThanOneRoundAreAllPublishedInBatchOrderEachWithChecksumAndMarker() throws {
        let ws = TempWorkspace()
        let s = try Self.store(ws)
        let count = OutboxPublisher.filesPerSync * 2 + 3
        let names = try Self.plan(s, files: count)
        let published = try OutboxPublisher(store: s, outboxRoot: ws.path("outbox")).publishPlanned()
        #expect(published.map(\.name) == names)
        for name in names {
            let (digest, _) = try SHA256.file(at: ws.path("outbox/gov/\(name)"))
            #expect(ws.read("outbox/gov/\(name).sha256") == "\(digest)  \(name)\n")
            #expect(ws.exists("outbox/gov/\(name).ok"))
        }
        #expect(try s.plannedOutboxFileIDs().isEmpty)
        #expect(try s.outboxFiles(target: .gov).allSatisfy { $0.state == .published })
    }

    @Test func aForeignFileMidRoundStopsThereAfterTheFilesBeforeItAreFinished() throws {
        let ws = TempWorkspace()
        let s = try Self.store(ws)
        let names = try Self.plan(s, files: 5)
        try DurableFile.makeDirectories(ws.path("outbox/gov"))
        FileManager.default.createFile(atPath: ws.path("outbox/gov/\(names[2])"), contents: Data("other".utf8))
        #expect(throws: OutboxError.self) { try OutboxPublisher(store: s, outboxRoot: ws.path("outbox")).publishPlanned() }
        for name in names[0..<2] { #expect(ws.exists("outbox/gov/\(name).ok"), "\(name) finished") }
        #expect(ws.read("outbox/gov/\(names[2])") == "other")
        for name in names[2...] { #expect(!ws.exists("outbox/gov/\(name).ok"), "\(name) not marked") }
        let states = try s.outboxFiles(target: .gov).map(\.state)
        #expect(states == [.published, .published, .planned, .planned, .planned])
    }
}
