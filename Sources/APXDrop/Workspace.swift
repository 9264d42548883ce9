import APXCore
import Foundation

/// The folder layout of spec 05, made by `apx init` (or a run on a folder holding `inbox/`).
public struct Workspace: Sendable {
    public let root: String

    public init(root: String) {
        self.root = (root as NSString).standardizingPath.isEmpty ? root : (root as NSString).standardizingPath
    }

    public var inbox: String { root + "/inbox" }
    public var outbox: String { root + "/outbox" }
    public var quarantine: String { root + "/quarantine" }
    public var archive: String { root + "/archive" }
    public var db: String { root + "/db" }
    public var databasePath: String { db + "/approval.sqlite" }
    public var reports: String { root + "/reports" }
    public var logs: String { root + "/logs" }

    public func outbox(_ target: String) -> String { outbox + "/" + target }

    /// Creates every folder the pipeline writes (and each source's drop folder).
    public func prepare() throws {
        var dirs = [inbox, outbox(  "gov"), outbox("archive"), outbox("notices"), quarantine, archive, db, reports, logs]
        dirs += Source.all.map { inbox + "/" + $0.folder }
        for dir in dirs { try DurableFile.makeDirectories(dir) }
    }

    /// Absolute path of a workspace-relative path.
    public func path(_ relative: String) -> String { root + "/" + relative }
}
