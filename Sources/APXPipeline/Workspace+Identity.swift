import APXDomain
import APXDrop
import APXStore

extension Workspace {
    /// The identity check's view of this workspace: its id file, database and outbox folders.
    /// Every command opens the store through it (`Store.open`).
    public func identity(adopt: Bool = false) -> WorkspaceIdentity {
        WorkspaceIdentity(root: root, databasePath: databasePath, outboxFolders: [PushTarget.gov, .archive, .notices].map { outbox($0.rawValue) },
                          adopt: adopt)
    }
}
