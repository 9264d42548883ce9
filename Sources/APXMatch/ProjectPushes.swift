import APXCore
import APXDomain
import APXStore

/// The one place that queues a project's XMJBXX records: the main project (GCDM = XMDM)
/// and its active sub-projects, which inherit the main project's approved data. The queue
/// drops every payload equal to the last valid version.
struct ProjectPushes {
    let store: Store

    func enqueueMain(xmdm: String, approved: ProjectRecord, splclx: Int?, reason: String = "数据更正",
                     force: Bool = false, hint: PushKeyHint? = nil) throws {
        try PushQueue(store: store, hint: hint).enqueue(key: .project(gcdm: xmdm),
                                            payloadXML: Payloads.projectXML(approved, gcdm: xmdm, splclx: splclx),
                                            changeReason: reason, force: force)
    }

    func enqueueSubproject(gcdm: String, name: String, approved: ProjectRecord, splclx: Int?, reason: String = "数据更正",
                           force: Bool = false) throws {
        try PushQueue(store: store).enqueue(key: .project(gcdm: gcdm),
                                            payload: Payloads.project(approved, gcdm: gcdm, name: name, splclx: splclx),
                                            changeReason: reason, force: force)
    }

    /// The main project and every active sub-project.
    func enqueueAll(xmdm: String, approved: ProjectRecord, splclx: Int?, reason: String = "数据更正") throws {
        try enqueueMain(xmdm: xmdm, approved: approved, splclx: splclx, reason: reason)
        for sub in try store.subprojects(xmdm: xmdm) where sub.state == .active {
            try enqueueSubproject(gcdm: sub.gcdm, name: sub.name, approved: approved, splclx: splclx, reason: "主项目关键信息变更")
        }
    }
}

extension ResultMatching {
    /// Re-renders every push of a project in the library (main, sub-projects, warehoused
    /// results); unchanged ones are not queued. For `apx reprocess --project`.
    public func refreshPushes(xmdm: String) throws {
        guard let project = try store.project(xmdm), ProjectState.inLibrary.contains(project.state),
              let approved = try store.projectData(xmdm, kind: .approved) else { return }
        try ProjectPushes(store: store).enqueueAll(xmdm: xmdm, approved: approved, splclx: project.splclx)
        for row in try store.results(xmdm: xmdm) where row.state == ResultState.warehoused {
            try enqueuePushes(row.record, version: row.version)
        }
    }
}
