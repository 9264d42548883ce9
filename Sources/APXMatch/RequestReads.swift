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
    /// Whether the page was read at once (else every read is on demand).
    private let isPage: Bool
    /// The page's projects: plain keys only (`PageKeys`; any other key is never taken from
    /// the page), their readings by the key's position.
    private var xmdms = PageKeys()
    private var readings = RequestPageReadings(count: 0)
    /// By position: the page wrote the project since it was read.
    private var writtenProjects: [Bool] = []
    /// Requests written since the page was read (plain keys).
    private var writtenRequests: Set<String> = []
    /// The key asked for last and its position (the rules ask for one project several times in a row).
    private var last: (key: String, position: Int)?

    /// Reads on demand.
    init(store: Store) {
        self.store = store
        isPage = false
    }

    /// Reads what evaluating `rows` needs at once (caller's transaction).
    init(store: Store, page rows: [RequestRow]) throws {
        self.store = store
        isPage = true
        for row in rows { xmdms.insert(row.request.xmdm) }
        readings = try store.requestPageReadings(xmdms)
        writtenProjects = Array(repeating: false, count: xmdms.list.count)
    }

    /// The position of `xmdm` among the page's keys (nil: reads on demand, or not a key of the page).
    private func position(_ xmdm: String) -> Int? {
        guard isPage else { return nil }
        // Keys taken are plain: the same bytes as one of them is that key.
        if let last, SameBytes.equal(last.key, xmdm) { return last.position }
        guard let found = xmdms.position(of: xmdm) else { return nil }
        last = (xmdm, found)
        return found
    }

    /// The project row as stored now.
    func project(_ xmdm: String) throws -> ProjectRow? {
        if let i = position(xmdm), !writtenProjects[i] { return readings.projects[i]?.project }
        return try store.project(xmdm)
    }

    /// The project's platform data (never written by an evaluation).
    func platform(_ xmdm: String) throws -> ProjectRecord? {
        if let i = position(xmdm) { return readings.projects[i]?.data }
        return try store.projectData(xmdm, kind: .platform)
    }

    /// Whether `xmdm` may have requests other than the one evaluated.
    func mayHaveOtherRequests(_ xmdm: String) -> Bool {
        guard let i = position(xmdm), readings.projects[i] != nil else { return true }
        return readings.severalRequests[i]
    }

    /// Whether `xmdm` is known to have no approved copy stored: the page's reading, for a
    /// project the page has not written since.
    func knownWithoutApprovedCopy(_ xmdm: String) -> Bool {
        guard let i = position(xmdm), !writtenProjects[i], readings.projects[i] != nil else { return false }
        return !readings.approvedCopies[i]
    }

    /// The request as stored now: the page's row unless the page wrote it since.
    func request(_ row: RequestRow) throws -> RequestRow? {
        if position(row.request.xmdm) != nil, PageKeys.isPlain(row.request.qqbh),
           !writtenRequests.contains(row.request.qqbh) { return row }
        return try store.request(row.request.qqbh)
    }

    func noteProjectWritten(_ xmdm: String) { if let i = position(xmdm) { writtenProjects[i] = true } }
    func noteRequestWritten(_ qqbh: String) { if isPage { writtenRequests.insert(qqbh) } }
}
