import APXCore
import APXDomain
import APXStore
import Foundation

/// A store over a fresh temporary SQLite file; `reopened()` reads the same file through a
/// new connection, so what a test reads back is what was written to disk.
final class TempStore {
    let dir: String
    let path: String
    let store: Store

    init(asOf: String = "2026-11-21", runID: String = "R1") throws {
        dir = NSTemporaryDirectory() + "/apx-store-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        path = dir + "/approval.sqlite"
        store = try Store(path: path, runID: runID, asOf: Day(iso: asOf)!)
    }

    deinit { try? FileManager.default.removeItem(atPath: dir) }

    func reopened(runID: String = "R2") throws -> Store {
        try Store(path: path, runID: runID, asOf: store.asOf)
    }

    private var files = 0

    /// An input file row that records can point at.
    func inputFile(_ source: Source = .tzxm, outcome: InputFileOutcome = .processed, sha: String? = nil) throws -> Int {
        files += 1
        return try store.insertInputFile(source: source, name: "F\(files).csv", sha256: sha ?? "sha\(files)", size: Int64(files),
                                         outcome: .init(outcome: outcome), destination: "archive/2026-11-21/\(source.folder)/F\(files).csv")
    }
}
