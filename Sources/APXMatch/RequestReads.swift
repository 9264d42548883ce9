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
    /// A project of the page: as read (nil: not stored then), its facts, and whether the page
    /// wrote it since. A class, so a lookup copies no page state.
    private final class Entry {
        let reading: ProjectReading?
        let severalRequests: Bool
        let approvedCopy: Bool
        var written = false
        init(reading: ProjectReading?, severalRequests: Bool, approvedCopy: Bool) {
            self.reading = reading
            self.severalRequests = severalRequests
            self.approvedCopy = approvedCopy
        }
    }
    /// The page's projects by plain key (`PageKeys`; any other key is never taken from the
    /// page); nil: reads on demand.
    private var entries: [String: Entry]?
    /// Requests written since the page was read (plain keys).
    private var writtenRequests: Set<String> = []
    /// The entry asked for last (the rules ask for one project several times in a row).
    private var last: (key: String, entry: Entry)?

    /// Reads on demand.
    init(store: Store) { self.store = store }

    /// Reads what evaluating `rows` needs at once (caller's transaction).
    init(store: Store, page rows: [RequestRow]) throws {
        self.store = store
        var xmdms = PageKeys()
        for row in rows { xmdms.insert(row.request.xmdm) }
        let (projects, facts) = try store.requestPageReadings(xmdms)
        var entries: [String: Entry] = [:]
        entries.reserveCapacity(xmdms.list.count)
        for key in xmdms.list {
            entries[key] = Entry(reading: projects[key], severalRequests: facts.severalRequests.contains(key),
                                 approvedCopy: facts.approvedCopies.contains(key))
        }
        self.entries = entries
    }

    /// The page's entry of `xmdm` (nil: reads on demand, or not a key of the page).
    private func entry(_ xmdm: String) -> Entry? {
        guard let entries else { return nil }
        // Keys held are plain: the same bytes as one of them is that key.
        if let last, SameBytes.equal(last.key, xmdm) { return last.entry }
        guard PageKeys.isPlain(xmdm), let found = entries[xmdm] else { return nil }
        last = (xmdm, found)
        return found
    }

    /// The project row as stored now.
    func project(_ xmdm: String) throws -> ProjectRow? {
        if let entry = entry(xmdm), !entry.written { return entry.reading?.project }
        return try store.project(xmdm)
    }

    /// The project's platform data (never written by an evaluation).
    func platform(_ xmdm: String) throws -> ProjectRecord? {
        if let entry = entry(xmdm) { return entry.reading?.data }
        return try store.projectData(xmdm, kind: .platform)
    }

    /// Whether `xmdm` may have requests other than the one evaluated.
    func mayHaveOtherRequests(_ xmdm: String) -> Bool {
        guard let entry = entry(xmdm), entry.reading != nil else { return true }
        return entry.severalRequests
    }

    /// Whether `xmdm` is known to have no approved copy stored: the page's reading, for a
    /// project the page has not written since.
    func knownWithoutApprovedCopy(_ xmdm: String) -> Bool {
        guard let entry = entry(xmdm), !entry.written, entry.reading != nil else { return false }
        return !entry.approvedCopy
    }

    /// The request as stored now: the page's row unless the page wrote it since.
    func request(_ row: RequestRow) throws -> RequestRow? {
        if entry(row.request.xmdm) != nil, PageKeys.isPlain(row.request.qqbh),
           !writtenRequests.contains(row.request.qqbh) { return row }
        return try store.request(row.request.qqbh)
    }

    func noteProjectWritten(_ xmdm: String) { entry(xmdm)?.written = true }
    func noteRequestWritten(_ qqbh: String) { if entries != nil { writtenRequests.insert(qqbh) } }
}
