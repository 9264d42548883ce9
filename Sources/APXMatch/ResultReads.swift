import APXCore
import APXDomain
import APXStore

/// What result matching reads besides the result: the project with its approved data, the
/// sub-project, the warehoused results a prerequisite asks for, the application. For a page
/// of results, read at once (`init(store:page:prerequisites:)`, a few statements in the page's
/// transaction) and kept up to date as the page warehouses results and finishes applications;
/// for a single evaluation (and any key a page did not take), read on demand. The rules read
/// only through it, so a page and a single evaluation decide the same.
final class ResultReads {
    let store: Store
    private struct Page {
        var xmdms = PageKeys(), gcdms = PageKeys(), slbhs = PageKeys(), items = PageKeys()
        var projects: [String: ProjectReading] = [:]
        var subprojects: [String: Store.SubprojectRow] = [:]
        /// "sxbm xmdm gcdm" of every warehoused result of `items` under `xmdms` but `unsure`.
        var warehoused: Set<String> = []
        /// Projects with a warehoused result whose GCDM is no plain key (asked on demand).
        var unsure: Set<String> = []
        var applications: [String: Store.ApplicationRow] = [:]
    }
    private var page: Page?

    /// Reads on demand.
    init(store: Store) { self.store = store }

    /// Projects with their approved data as read by earlier pages of the same evaluation (no
    /// result evaluation writes a project, its data or units, and a run holds the workspace
    /// lock, so they stay as read). Bounded: emptied when a page would take it past `limit`.
    final class ProjectCache {
        let limit: Int
        fileprivate var readings: [String: ProjectReading] = [:]
        /// Plain keys read and found absent.
        fileprivate var absent: Set<String> = []
        init(limit: Int = 16_384) { self.limit = limit }
    }

    /// Reads what evaluating `rows` needs at once (caller's transaction); `prerequisites`: the
    /// items the rows' prerequisite checks will ask for; `cache`: the evaluation's projects;
    /// `projects`: the rows' projects as `Store.projectReadings(_:kind: .approved)` read them for
    /// this evaluation (ahead, on the page reader's connection), or nil to read them here.
    init(store: Store, page rows: [ResultRow], prerequisites: [String], cache: ProjectCache = ProjectCache(),
         projects: [String: ProjectReading]? = nil) throws {
        self.store = store
        var p = Page()
        for row in rows {
            let r = row.record
            p.xmdms.insert(r.xmdm)
            if r.gcdm != r.xmdm { p.gcdms.insert(r.gcdm) }
            if !r.application.isEmpty { p.slbhs.insert(r.application) }
        }
        for item in prerequisites { p.items.insert(item) }
        if let projects {
            p.projects = projects
        } else {
            try Self.readProjects(&p, store: store, cache: cache)
        }
        p.subprojects = try store.subprojects(gcdms: p.gcdms)
        for w in try store.warehousedItems(xmdms: p.xmdms, sxbms: p.items) {
            if PageKeys.isPlain(w.gcdm) { p.warehoused.insert(Self.key(w.sxbm, w.xmdm, w.gcdm)) } else { p.unsure.insert(w.xmdm) }
        }
        p.applications = try store.applications(p.slbhs)
        page = p
    }

    /// The page's projects from `cache`, the others read (and cached).
    private static func readProjects(_ p: inout Page, store: Store, cache: ProjectCache) throws {
        var missing = PageKeys()
        for xmdm in p.xmdms.list {
            if let known = cache.readings[xmdm] { p.projects[xmdm] = known } else if !cache.absent.contains(xmdm) { missing.insert(xmdm) }
        }
        let read = try store.projectReadings(missing, kind: .approved)
        if cache.readings.count + cache.absent.count + missing.list.count > cache.limit {
            cache.readings.removeAll(keepingCapacity: true)
            cache.absent.removeAll(keepingCapacity: true)
        }
        for xmdm in missing.list {
            if let reading = read[xmdm] {
                p.projects[xmdm] = reading
                cache.readings[xmdm] = reading
            } else {
                cache.absent.insert(xmdm)
            }
        }
    }

    /// Plain keys have no space: the joined key is one per triple.
    private static func key(_ sxbm: String, _ xmdm: String, _ gcdm: String) -> String { sxbm + " " + xmdm + " " + gcdm }

    /// The project and, when it is in the library, its approved data.
    func project(_ xmdm: String) throws -> ProjectReading? {
        if let page, page.xmdms.contains(xmdm) { return page.projects[xmdm] }
        guard let project = try store.project(xmdm) else { return nil }
        guard ProjectState.inLibrary.contains(project.state) else { return ProjectReading(project: project, data: nil) }
        return ProjectReading(project: project, data: try store.projectData(xmdm, kind: .approved))
    }

    func subproject(_ gcdm: String) throws -> Store.SubprojectRow? {
        if let page, page.gcdms.contains(gcdm) { return page.subprojects[gcdm] }
        return try store.subproject(gcdm)
    }

    /// `Store.hasWarehoused` (counting the main project's).
    func hasWarehoused(sxbm: String, xmdm: String, gcdm: String) throws -> Bool {
        if let page, page.xmdms.contains(xmdm), page.items.contains(sxbm), PageKeys.isPlain(gcdm), !page.unsure.contains(xmdm) {
            return page.warehoused.contains(Self.key(sxbm, xmdm, gcdm)) || page.warehoused.contains(Self.key(sxbm, xmdm, xmdm))
        }
        return try store.hasWarehoused(sxbm: sxbm, xmdm: xmdm, gcdm: gcdm)
    }

    func application(_ slbh: String) throws -> Store.ApplicationRow? {
        if let page, page.slbhs.contains(slbh) { return page.applications[slbh] }
        return try store.application(slbh)
    }

    /// A result was warehoused.
    func noteWarehoused(_ r: ResultRecord) {
        guard page != nil, page!.xmdms.contains(r.xmdm), page!.items.contains(r.sxbm) else { return }
        if PageKeys.isPlain(r.gcdm) {
            page!.warehoused.insert(Self.key(r.sxbm, r.xmdm, r.gcdm))
        } else {
            page!.unsure.insert(r.xmdm)
        }
    }

    /// An application was written (its row as it is now).
    func noteApplication(_ a: Store.ApplicationRow) {
        guard page != nil, page!.slbhs.contains(a.acceptance.slbh) else { return }
        page!.applications[a.acceptance.slbh] = a
    }
}
