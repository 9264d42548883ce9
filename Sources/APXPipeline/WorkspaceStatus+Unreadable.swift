import APXStore

extension WorkspaceStatus {
    /// The attention line for a database `apx status` could not read: the rest of the status
    /// (lock, inbox, calendars, watch) is still shown, and the exit is 1.
    static func unreadable(_ failure: StoreFailure, path: String) -> String {
        switch failure {
        case .newerSchema(let description):
            return "refused: \(description)"
        case .permissionDenied(let file, let cause):
            return "the approval database \(file) cannot be read by this user (\(cause)): run apx status as the workspace's owner"
        case .cannotOpen(let file, let cause):
            return "the approval database \(file) cannot be opened (\(cause))"
        case .failed(let description):
            return "reading the approval database \(path) failed: \(description)"
        }
    }
}
