import APXCore
import Foundation
import SQLiteDB
import Testing
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// Planned files are published in rounds (each file's data and `.sha256` renamed, the folder
/// synced once, then every `.ok`). A run SIGKILLed at a rename of that phase (`APX_CRASH_LABEL
/// renamed`, seeded picks over every rename of the night, both rounds' boundaries included)
/// leaves no `.ok` without its data and a matching `.sha256`, nothing recorded PUBLISHED
/// without its `.ok`; the next run ends as the uninterrupted night.
@Suite(.serialized) struct PublicationRoundKillTests {
    /// No `.ok` without its data and checksum, no PUBLISHED without its `.ok`.
    static func expectOrdered(_ ws: TempWorkspace, _ context: String) throws {
        for file in ws.files(under: "outbox/gov") where file.hasSuffix(".ok") {
            let data = String(file.dropLast(3))
            #expect(ws.exists(data), "\(context): \(file) without its data")
            let (digest, _) = try SHA256.file(at: ws.path(data))
            #expect(ws.read(data + ".sha256") == "\(digest)  \((data as NSString).lastPathComponent)\n",
                    "\(context): \(file) without a matching checksum")
        }
        let db = try Database(path: ws.path("db/approval.sqlite"))
        for row in try db.rows("SELECT name FROM outbox_file WHERE target = 'gov' AND state = 'PUBLISHED'") {
            let name = row.string("name") ?? ""
            #expect(ws.exists("outbox/gov/\(name).ok"), "\(context): \(name) PUBLISHED without its .ok")
        }
    }

    @Test func killedAtARenameWhilePublishingNoMarkerPrecedesItsDataAndTheNextRunFinishes() throws {
        let ref = try PushPhaseKillTests.reference()
        #expect(ref.files > 32, "\(ref.files) gov files: one round only")
        // Every gov file is renamed three times (data, checksum, marker), so the night has at
        // least this many renames (a few more: the workspace identity before, reports after).
        let renames = 3 * ref.files
        let seed = UInt64(ProcessInfo.processInfo.environment["APX_CRASH_SEED"] ?? "") ?? 20_261_201
        var rng = SplitMix(seed: seed)
        // Near round 1's last checksum (2·32 renames), its first marker, round 2's first data
        // rename, the last marker, plus seeded picks (counted from the night's first rename).
        var points = [1, 64, 65, 96, 97, renames - 1]
        for _ in 0..<4 { points.append(Int.random(in: 2...(renames - 2), using: &rng)) }
        for point in points {
            let (ws, pipeline) = try PushPhaseKillTests.workspace("apx-publication-kill")
            let killed = APXProcess.run(PushPhaseKillTests.arguments(ws, pipeline),
                                        environment: ["APX_CRASH_LABEL": "renamed", "APX_CRASH_AT": String(point)])
            #expect(killed.status == SIGKILL, "seed \(seed), rename #\(point) did not kill (exit \(killed.status))")
            try Self.expectOrdered(ws, "killed at rename #\(point)")
            let next = APXProcess.run(PushPhaseKillTests.arguments(ws, pipeline))
            #expect([0, 65].contains(next.status), "after rename #\(point): \(next.stderr)")
            try PushPhaseKillTests.expectFinished(ws, like: ref.records, "seed \(seed), killed at rename #\(point)")
            try Self.expectOrdered(ws, "finished after rename #\(point)")
        }
    }
}
