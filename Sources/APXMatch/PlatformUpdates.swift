import APXCore
import APXDomain
import APXStore

/// Applies one validated project extract record (tzxm). A later extract supersedes
/// earlier data; for a project in the library a change of key information opens
/// `PLATFORM_CHANGED` and is pushed only once a person accepts it.
public struct PlatformUpdates {
    public let store: Store
    public init(store: Store) { self.store = store }

    public enum Effect: Sendable { case created, updated, unchanged, older, reviewOpened }

    /// `extractKey` orders extracts (`yyyyMMdd_NN` from the file name).
    public func apply(_ record: ProjectRecord, extractKey: String, fileID: Int) throws -> Effect {
        let created = try store.ensureProject(record.xmdm, state: ProjectState.platformOnly)
        let stored = try store.platformData(record.xmdm)
        if let stored, stored.extractKey > extractKey { return .older }
        if let stored, stored.record == record {
            // Extracts resend every project: the same data again only moves its extract on.
            try store.touchPlatformData(record.xmdm, extractKey: extractKey, fileID: fileID)
            return .unchanged
        }
        let previous = stored?.record
        try store.saveProjectData(record, kind: .platform, extractKey: extractKey, fileID: fileID)
        if created { return .created }
        guard let project = try store.project(record.xmdm) else { return .updated }
        if previous == nil {
            try store.audit(.project, record.xmdm, "platform data arrived")
        }
        guard ProjectState.inLibrary.contains(project.state),
              let approved = try store.projectData(record.xmdm, kind: .approved) else {
            return previous == record ? .unchanged : .updated
        }
        let differences = PlatformUpdates.keyDifferences(approved: approved, platform: record)
        let open = try store.openReviews(subjectType: .project, subjectID: record.xmdm)
            .filter { $0.reasons.contains(ReasonCode.platformChanged.rawValue) }
        if differences.isEmpty {
            for item in open { try store.closeReview(item.id, note: "platform data agrees again with the approved data") }
            return previous == record ? .unchanged : .updated
        }
        if let previous, PlatformUpdates.keyDifferences(approved: previous, platform: record).isEmpty {
            // Key information as in the previous extract: the case is already known.
            return .unchanged
        }
        if let item = open.first {
            try store.replaceReviewFields(item.id, differences)
            try store.audit(.review, String(item.id), "fields updated by a later extract")
            return .updated
        }
        try store.openReview(kind: .review, subjectType: .project, subjectID: record.xmdm, xmdm: record.xmdm,
                             reasons: [.platformChanged], fields: differences)
        return .reviewOpened
    }

    /// Key information differences: ours = approved, theirs = platform.
    public static func keyDifferences(approved a: ProjectRecord, platform p: ProjectRecord) -> [FieldDifference] {
        var out: [FieldDifference] = []
        if Normalize.comparable(a.xmmc) != Normalize.comparable(p.xmmc) {
            out.append(FieldDifference(field: "XMMC", ours: a.xmmc, theirs: p.xmmc, similarity: similarity(a.xmmc, p.xmmc)))
        }
        if a.xzqhdm != p.xzqhdm { out.append(FieldDifference(field: "XZQHDM", ours: a.xzqhdm, theirs: p.xzqhdm)) }
        if a.ztze != p.ztze { out.append(FieldDifference(field: "ZTZE", ours: a.ztze, theirs: p.ztze)) }
        let au = a.units.map { "\(Normalize.comparable($0.name))|\($0.code)" }
        let pu = p.units.map { "\(Normalize.comparable($0.name))|\($0.code)" }
        if au != pu { out.append(FieldDifference(field: "JSDW", ours: a.value("JSDW"), theirs: p.value("JSDW"))) }
        return out
    }
}
