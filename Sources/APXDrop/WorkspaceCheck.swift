import APXCore
import Foundation

/// Why a root cannot be used as a workspace.
public enum WorkspaceError: Error, Sendable, CustomStringConvertible {
    /// The root does not exist or has no `inbox/` (spec 05: exit 66 unless `apx init`).
    case notAWorkspace(String)

    public var description: String {
        switch self {
        case .notAWorkspace(let path): return "not an apx workspace: \(path); run apx init"
        }
    }
}

extension Workspace {
    /// A workspace is a folder with an `inbox/` folder; nothing else is assumed (a run
    /// creates the rest).
    public var isWorkspace: Bool {
        var isDir: ObjCBool = false
        return FileManager.default.fileExists(atPath: inbox, isDirectory: &isDir) && isDir.boolValue
    }

    /// Refuses a root that is not a workspace; never creates anything.
    public func validate() throws {
        guard isWorkspace else { throw WorkspaceError.notAWorkspace(root) }
    }
}
