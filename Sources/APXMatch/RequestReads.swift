import APXCore
import APXDomain
import APXStore

/// What warehousing reads besides the request: the project, its platform data, whether it
/// has other requests, the request as it is stored now. For a page of requests, read at once
/// (`init(store:page:)`, a few statements in the page's transaction); a project or request the
/// page writes is read again when asked after that. For a single evaluation, read on demand.
/// The rules read only through it, so a page and a single evaluation decide the same.
final class RequestReads {
    let store: Store
    private struct Page {
        var xmdms = PageKeys()
        var projects: [String: ProjectReading] = [:]
        /// Projects of the page with more than one request.
        var severalRequests: Set<String> = []
        /// Projects and requests written since the page was read (plain keys; any other
        /// key is never taken from the page).
        var writtenProjects: Set<String> = []
        var writtenRequests: Set<String> = []
    }
    private var page: Page?

    /// Reads on demand.
    init(store: Store) { self.store = store }

    /// Reads what evaluating `rows` needs at once (caller's transaction).
    init(store: Store, page rows: [RequestRow]) throws {
        self.store = store
        var p = Page()
        for row in rows { p.xmdms.insert(row.request.xmdm) }
        p.projects = try store.projectReadings(p.xmdms, kind: .platform)
        p.severalRequests = try store.projectsWithSeveralRequests(p.xmdms)
        page = p
    }

    /// The project row as stored now.
    func project(_ xmdm: String) throws -> ProjectRow? {
        if let page, page.xmdms.contains(xmdm), !page.writtenProjects.contains(xmdm) { return page.projects[xmdm]?.project }
        return try store.project(xmdm)
    }

    /// The project's platform data (never written by an evaluation).
    func platform(_ xmdm: String) throws -> ProjectRecord? {
        if let page, page.xmdms.contains(xmdm) { return page.projects[xmdm]?.data }
        return try store.projectData(xmdm, kind: .platform)
    }

    /// Whether `xmdm` may have requests other than the one evaluated.
    func mayHaveOtherRequests(_ xmdm: String) -> Bool {
        guard let page, page.xmdms.contains(xmdm) else { return true }
        return page.severalRequests.contains(xmdm)
    }

    /// The request as stored now: the page's row unless the page wrote it since.
    func request(_ row: RequestRow) throws -> RequestRow? {
        if let page, page.xmdms.contains(row.request.xmdm), PageKeys.isPlain(row.request.qqbh),
           !page.writtenRequests.contains(row.request.qqbh) { return row }
        return try store.request(row.request.qqbh)
    }

    func noteProjectWritten(_ xmdm: String) { page?.writtenProjects.insert(xmdm) }
    func noteRequestWritten(_ qqbh: String) { page?.writtenRequests.insert(qqbh) }
}
