import APXCore
import APXDomain
import APXMatch
import APXOutbox
import APXStore
import Foundation
import TestSupport

/// A store over a fresh temporary SQLite file, with the shipped catalogue and the 2026
/// calendar, and the few ways records arrive (as the ingestors hand them to the store and
/// to APXMatch): platform extracts, warehousing requests, results, end requests.
final class MatchBed {
    static let xmdm = "2019-360102-47-03-012345"
    static let lead = Fixture.uscc(body: "15830001")
    static let partner = Fixture.uscc(body: "70522002")
    static let stranger = Fixture.uscc(body: "12345678")
    static let name = "青山湖区京东大道商住综合体"

    let dir: String
    let store: Store
    var settings = Settings()
    let reference: Reference
    private var files = 0

    /// `reference`: the shipped catalogue and the 2026 calendar unless given.
    init(asOf: String = "2026-11-21", reference: Reference? = nil) throws {
        dir = NSTemporaryDirectory() + "/apx-match-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        store = try Store(path: dir + "/approval.sqlite", runID: "R1", asOf: Day(iso: asOf)!)
        self.reference = try reference ?? Reference(calendar: WorkingCalendar())
    }

    deinit { try? FileManager.default.removeItem(atPath: dir) }

    /// An input file row for records to point at.
    func inputFile(_ source: Source = .tzxm) throws -> Int {
        files += 1
        return try store.insertInputFile(source: source, name: "F\(files)", sha256: "sha\(files)", size: 1,
                                         outcome: .init(outcome: .processed), destination: "archive/x/\(source.folder)/F\(files)")
    }

    func project(_ xmdm: String = MatchBed.xmdm, xmmc: String = MatchBed.name, xzqhdm: String = "360111",
                 ztze: String = "35000.00", units: [String] = [MatchBed.lead, MatchBed.partner]) -> ProjectRecord {
        ProjectRecord(xmdm: xmdm, xmmc: xmmc, lxlx: "3", tzptlx: "99", gbhy: "4710", xzqhdm: xzqhdm, jsdd: "南昌市青山湖区",
                      ztze: ztze, jsgmjnr: "", nkgsj: "2026-03-01", njcsj: "2028-06-30", lxsj: "2019-10-12",
                      units: units.enumerated().map { Unit(name: "建设单位\($0.offset + 1)", code: $0.element) })
    }

    /// A platform extract record (tzxm) arriving with `extractKey`.
    @discardableResult
    func platform(_ p: ProjectRecord, extractKey: String = "20261120_01") throws -> PlatformUpdates.Effect {
        let file = try inputFile()
        return try store.transaction { try PlatformUpdates(store: store).apply(p, extractKey: extractKey, fileID: file) }
    }

    func request(_ qqbh: String = "RK2026112000001", xmdm: String = MatchBed.xmdm, xmmc: String = MatchBed.name,
                 xzqhdm: String = "360111", ztze: String = "35000.00", unit: String = MatchBed.lead, splclx: Int = 3) throws {
        let file = try inputFile(.rkqq)
        let r = WarehousingRequest(qqbh: qqbh, xmdm: xmdm, xmmc: xmmc, xzqhdm: xzqhdm, ztze: ztze, sqdwdm: unit,
                                   sqdwmc: "申请单位", splclx: splclx, sqsj: "2026-11-20T10:00:00+08:00")
        _ = try store.insertRequest(r, fileID: file)
    }

    @discardableResult
    func evaluateRequests() throws -> [Outcome: Int] {
        try Warehousing(store: store, settings: settings).evaluateOpenRequests()
    }

    /// A project brought into the library the ordinary way: extract, request, evaluation.
    func warehoused(_ p: ProjectRecord? = nil, splclx: Int = 3) throws {
        try platform(p ?? project())
        try request(xmdm: (p ?? project()).xmdm, xmmc: (p ?? project()).xmmc, splclx: splclx)
        try evaluateRequests()
    }

    func result(_ sxbm: String, _ number: String, xmdm: String = MatchBed.xmdm, gcdm: String? = nil,
                xmmc: String = MatchBed.name, jsdwdm: String = MatchBed.lead,
                attributes: [String: String] = [:], title: String = "") -> ResultRecord {
        var r = ResultRecord(sxbm: sxbm, number: number, xmdm: xmdm, gcdm: gcdm ?? xmdm)
        r.xmmc = xmmc
        r.jsdwdm = jsdwdm
        r.jsdwmc = "建设单位1"
        r.issued = "2026-11-01"
        r.issuer = "南昌市自然资源局"
        r.title = title
        r.attributes = attributes
        return r
    }

    @discardableResult
    func deliver(_ r: ResultRecord, source: Source = .manual) throws -> Store.ResultArrival {
        let file = try inputFile(source)
        return try store.transaction { try store.receiveResult(r, source: source, fileID: file) }
    }

    @discardableResult
    func evaluateResults() throws -> [Outcome: Int] {
        try ResultMatching(store: store, settings: settings, reference: reference).evaluateOpenResults()
    }

    var decisions: ReviewDecisions { ReviewDecisions(store: store, settings: settings, reference: reference) }

    func latest(_ sxbm: String, _ number: String) throws -> ResultRow {
        guard let row = try store.latestResult(sxbm: sxbm, number: number) else { throw BedError("no result \(sxbm) \(number)") }
        return row
    }

    /// Open review items about a subject.
    func openReviews(_ type: ReviewSubject, _ id: String) throws -> [ReviewItem] {
        try store.openReviews(subjectType: type, subjectID: id)
    }

    /// The newest push queued for a push key (`XM:…`, `BL:…`, `PF:…`).
    func push(_ dfsjzj: String) throws -> PushQueue.Latest? {
        guard let key = PushKey(dfsjzj: dfsjzj) else { throw BedError("not a push key: \(dfsjzj)") }
        return try PushQueue(store: store).latest(target: .gov, key: key)
    }

    /// The types (LX) of the notices about a project, in creation order.
    func notices(_ xmdm: String = MatchBed.xmdm) throws -> [String] {
        try store.projectHistory(xmdm).filter { $0.type == "notice" && $0.action == "created" }.compactMap { event in
            guard case .string(let lx)? = event.fields.first(where: { $0.0 == "lx" })?.1 else { return nil }
            return lx
        }
    }

    /// A warehoused main project with a warehoused result for every stage up to SGXK,
    /// so completion filings (JGYSBA) can go in.
    func buildingPermitted(gcdm: String? = nil) throws {
        let g = gcdm ?? MatchBed.xmdm
        let suffix = g == MatchBed.xmdm ? "" : "-" + String(g.suffix(4))
        for (sxbm, number, attributes) in [("GHXK", "GH\(suffix)", [:]), ("SGTSC", "SC\(suffix)", [:]),
                                           ("ZBTZS", "ZB\(suffix)", [:]), ("SGHT", "HT\(suffix)", ["ZBFS": "1"]),
                                           ("JLHT", "JL\(suffix)", ["ZBFS": "1"]), ("SGXK", "XK\(suffix)", [:])] {
            try deliver(result(sxbm, number, gcdm: g, attributes: attributes))
        }
        try evaluateResults()
    }
}

struct BedError: Error, CustomStringConvertible {
    let description: String
    init(_ d: String) { description = d }
}
