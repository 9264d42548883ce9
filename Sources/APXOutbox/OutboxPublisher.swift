import APXCore
import APXDomain
import APXStore
import Flate
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Why publication stopped; the planned file stays PLANNED for the next run.
public struct OutboxError: Error, CustomStringConvertible, Sendable {
    public let message: String
    public var description: String { message }
}

/// Publishes planned files: data under a temporary dot-name → fsync → rename, then
/// `NAME.sha256`, then the empty `NAME.ok`, then PUBLISHED in the database. Every step
/// is idempotent, so a run killed between any two is finished by the next.
public struct OutboxPublisher {
    public let store: Store
    public let outboxRoot: String
    /// The workspace root, for the documents archive packages copy.
    public let workspaceRoot: String

    public init(store: Store, outboxRoot: String, workspaceRoot: String? = nil) {
        self.store = store
        self.outboxRoot = outboxRoot
        self.workspaceRoot = workspaceRoot ?? (outboxRoot as NSString).deletingLastPathComponent
    }

    public struct Published: Sendable {
        public let target: PushTarget
        public let name: String
        public let records: Int
    }

    /// Files published between two folder syncs and recorded by one transaction.
    static let filesPerSync = 32

    /// Publishes every PLANNED file in batch order; returns what it published. Up to
    /// `filesPerSync` files at a time: each one's data and `NAME.sha256` written, fsynced and
    /// renamed, then their folders fsynced once; then each `NAME.ok`, the folders fsynced
    /// again; then PUBLISHED for all of them in one transaction. So a partner never sees an
    /// `.ok` before its data and checksum are on disk, and the database says PUBLISHED only
    /// of files whose `.ok` is (the order of the steps per file is as it was; the folder syncs
    /// and the commit are shared: 7 syncs per file became 3, plus 3 per round).
    @discardableResult
    public func publishPlanned() throws -> [Published] {
        let ids = try store.plannedOutboxFileIDs()
        var done: [Published] = []
        var start = ids.startIndex
        while start < ids.endIndex {
            let end = min(start + Self.filesPerSync, ids.endIndex)
            done += try publish(ids: ids[start..<end])
            start = end
        }
        return done
    }

    /// The largest file a compressed row may inflate to (a damaged row fails here, not in memory).
    static let inflateLimit = 1 << 30

    /// A planned file's bytes from its stored form; a row that does not inflate is corrupt.
    static func decoded(_ stored: [UInt8], _ encoding: OutboxContentEncoding, name: String) throws -> [UInt8] {
        switch encoding {
        case .raw:
            return stored
        case .zlib:
            do {
                return try Flate.inflate(stored, container: .zlib, limit: inflateLimit)
            } catch {
                throw OutboxError(message: "planned content of \(name) is corrupt (\(error))")
            }
        }
    }

    /// One round of `publishPlanned`: memory holds one file's bytes at a time. A file that
    /// cannot be published stops the round after the files before it are finished (as one
    /// file at a time did): they get their `.ok` and PUBLISHED, then the error is thrown.
    private func publish(ids: ArraySlice<Int>) throws -> [Published] {
        var staged: [(id: Int, published: Published, directory: String)] = []
        var directories: [String] = []
        var failure: Error?
        for id in ids {
            do {
                guard let file = try store.plannedOutboxFile(id: id) else { continue }
                let target = file.target, name = file.name, sha = file.sha256
                guard let stored = file.content else {
                    throw OutboxError(message: "planned file \(name) has no content")
                }
                let content = try Self.decoded(stored, file.contentEncoding, name: name)
                let dir = outboxRoot + "/" + target.rawValue
                try DurableFile.makeDirectories(dir)
                if !directories.contains(dir) { directories.append(dir) }
                if target == .archive {
                    try publishPackage(plan: try ArchivePlan.decode(content), sha256: sha, directory: dir, name: name)
                } else {
                    try publishData(content: content, sha256: sha, directory: dir, name: name,
                                    contentHashed: store.contentPlannedHere.contains(file.id))
                }
                staged.append((file.id, Published(target: target, name: name, records: file.recordCount), dir))
            } catch {
                failure = error
                break
            }
        }
        if staged.isEmpty, let failure { throw failure }
        for dir in directories { try DurableFile.syncDirectory(dir) }
        for file in staged { try publishDone(directory: file.directory, name: file.published.name) }
        for dir in directories { try DurableFile.syncDirectory(dir) }
        CrashPoint.hit("published, not recorded")
        try store.transaction {
            let at = Timestamp.now()
            for file in staged {
                try store.markOutboxFilePublished(id: file.id, at: at)
                try store.audit(.outbox, file.published.name, "published", from: "PLANNED", to: "PUBLISHED")
            }
        }
        if let failure { throw failure }
        return staged.map(\.published)
    }

    /// Builds the package ZIP under a temporary dot-name, checks its digest, fsyncs, renames.
    func publishPackage(plan: ArchivePlan, sha256: String, directory dir: String, name: String) throws {
        let path = dir + "/" + name
        if !DurableFile.exists(path) {
            let temp = dir + "/." + name + ".tmp"
            // open(2), not FileManager.createFile: that writes through a hidden temp file of
            // its own, which a kill at the wrong instant would leave in the outbox.
            let fd = open(temp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
            guard fd >= 0 else { throw OutboxError(message: "cannot create \(temp)") }
            let handle = FileHandle(fileDescriptor: fd, closeOnDealloc: true)
            do {
                CrashPoint.hit("package temp created")
                let sink = try plan.build(root: workspaceRoot, into: FileSink(handle: handle))
                try handle.synchronize()
                try handle.close()
                var hasher = sink.hasher
                guard hasher.finalizeHex() == sha256 else {
                    throw OutboxError(message: "package \(name) does not match its planned digest")
                }
                _ = sink
            } catch {
                try? handle.close()
                try? FileManager.default.removeItem(atPath: temp)
                throw error
            }
            try DurableFile.move(temp, to: path)
        }
        try publishData(content: nil, sha256: sha256, directory: dir, name: name, contentHashed: false)
    }

    /// `NAME` and `NAME.sha256`, each fsynced and renamed; the folder's sync is the caller's.
    /// `contentHashed`: `content` is what this process planned and hashed to `sha256` itself
    /// (a file planned in an earlier run, e.g. recovered after a kill, is hashed again). A file
    /// already at `NAME` is always hashed: it must be our bytes.
    private func publishData(content: [UInt8]?, sha256: String, directory dir: String, name: String, contentHashed: Bool) throws {
        let path = dir + "/" + name
        if DurableFile.exists(path) {
            // Published by a run that died before recording it: it must be our bytes.
            let (existing, _) = try SHA256.file(at: path)
            guard existing == sha256 else {
                throw OutboxError(message: "\(path) exists with other content; refusing to overwrite")
            }
        } else {
            guard let content, contentHashed || SHA256.hex(content) == sha256 else { throw OutboxError(message: "planned content of \(name) is corrupt") }
            try DurableFile.publish(content, directory: dir, name: name, syncingDirectory: false)
        }
        let checksum = "\(sha256)  \(name)\n"
        let checksumPath = path + ".sha256"
        if (try? String(contentsOfFile: checksumPath, encoding: .utf8)) != checksum {
            try DurableFile.publish(checksum, directory: dir, name: name + ".sha256", syncingDirectory: false)
        }
    }

    /// The empty `NAME.ok` (only once `NAME` and `NAME.sha256` are durable); the folder's sync is the caller's.
    private func publishDone(directory dir: String, name: String) throws {
        let path = dir + "/" + name
        if !DurableFile.exists(path + ".ok") {
            try DurableFile.publish([], directory: dir, name: name + ".ok", syncingDirectory: false)
        }
    }

    /// Removes temporary dot-files a killed run left in the outbox. Only the pipeline writes
    /// there and it publishes under plain names, so every dot-file is an unfinished temporary.
    public func removeStaleTemporaries() {
        let fm = FileManager.default
        guard let targets = try? fm.contentsOfDirectory(atPath: outboxRoot) else { return }
        for target in targets where !target.hasPrefix(".") {
            let dir = outboxRoot + "/" + target
            for name in (try? fm.contentsOfDirectory(atPath: dir)) ?? [] where name.hasPrefix(".") {
                try? fm.removeItem(atPath: dir + "/" + name)
            }
        }
    }
}
