import APXCore
import APXDomain
import APXStore

/// Splitting a project into sub-projects and moving empty ones to the recycle bin.
public struct Subprojects {
    public let store: Store
    public init(store: Store) { self.store = store }

    /// Creates `gcdm` under its project and pushes its XMJBXX (caller's transaction).
    public func split(xmdm: String, gcdm rawGCDM: String, name: String, by: String) throws -> String {
        guard let gcdm = Identifiers.canonicalGCDM(Normalize.code(rawGCDM)), gcdm != xmdm, gcdm.hasPrefix(xmdm + "-") else {
            throw DecisionError("\(rawGCDM) is not a sub-project code of \(xmdm) (XMDM-NNNN)")
        }
        guard let project = try store.project(xmdm), ProjectState.inLibrary.contains(project.state),
              let approved = try store.projectData(xmdm, kind: .approved) else {
            throw DecisionError("project \(xmdm) is not warehoused", notFound: try store.project(xmdm) == nil)
        }
        let cleanName = Normalize.sourceText(name)
        guard !cleanName.isEmpty, Normalize.text(name).count <= FieldLimits.name else { throw DecisionError("a sub-project needs a name") }
        if let existing = try store.subproject(gcdm) {
            guard existing.state == .recycled else { throw DecisionError("sub-project \(gcdm) exists already") }
            throw DecisionError("sub-project \(gcdm) is in the recycle bin; codes are never reused")
        }
        try store.createSubproject(gcdm: gcdm, xmdm: xmdm, name: cleanName, by: by)
        try ProjectPushes(store: store).enqueueSubproject(gcdm: gcdm, name: cleanName, approved: approved, splclx: project.splclx)
        return gcdm
    }

    /// Moves an empty sub-project to the recycle bin (never deleted) and invalidates its push.
    public func recycle(gcdm rawGCDM: String) throws {
        guard let gcdm = Identifiers.canonicalGCDM(Normalize.code(rawGCDM)), let sub = try store.subproject(gcdm) else {
            throw DecisionError("no sub-project \(rawGCDM)", notFound: true)
        }
        guard sub.state == .active else { throw DecisionError("sub-project \(gcdm) is already in the recycle bin") }
        let count = try store.countResults(gcdm: gcdm)
        guard count == 0 else { throw DecisionError("sub-project \(gcdm) has \(count) result(s) under it and cannot be deleted") }
        try store.recycleSubproject(gcdm)
        try PushQueue(store: store).invalidate(key: .project(gcdm: gcdm), reason: "子项目已删除（回收站）")
    }
}
