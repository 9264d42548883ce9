import APXCore
import APXDomain
import APXStore

/// Warehousing of projects (在建项目入库, spec 03 rules 1–6), decided against the
/// investment platform's record. Each evaluation is one transaction.
public struct Warehousing {
    public let store: Store
    public let settings: Settings

    /// Requests per evaluation page (one transaction each).
    public static let pageRows = 8000

    public init(store: Store, settings: Settings) {
        self.store = store
        self.settings = settings
    }

    /// Re-evaluates every new and pending request, in batched transactions (a crash
    /// loses nothing: unevaluated requests are still NEW or PENDING next run).
    /// Returns how many requests ended in each outcome.
    public func evaluateOpenRequests(batchSize: Int = Warehousing.pageRows) throws -> [Outcome: Int] {
        var outcomes: [Outcome: Int] = [:]
        var after = ""
        // No page's values (its reads hold the store) outlive the evaluation.
        defer { BackgroundRelease.drain() }
        while true {
            var batch = try store.requestsToEvaluate(after: after, limit: batchSize)
            guard let last = batch.last else { break }
            // The page's state changes and review items are held and written at its end.
            var hint: PushKeyHint?, reads: RequestReads?
            try store.transaction {
                try store.holdingEvaluationWrites {
                    let pageHint = try store.pushKeyHint(target: .gov, keys: batch.map { .project(gcdm: $0.request.xmdm) })
                    let pageReads = try RequestReads(store: store, page: batch)
                    (hint, reads) = (pageHint, pageReads)
                    for row in batch { outcomes[try evaluate(row, reads: pageReads, hint: pageHint), default: 0] += 1 }
                    CrashPoint.hitInside("requests page decided")
                }
            }
            CrashPoint.hit("requests batch committed")
            after = last.request.qqbh
            // The page's rows and maps are freed off this thread.
            var page: ([RequestRow], RequestReads?, PushKeyHint?) = (batch, reads, hint)
            (batch, reads, hint) = ([], nil, nil)
            BackgroundRelease.release(&page, leaving: ([], nil, nil))
        }
        return outcomes
    }

    /// Evaluates one request (caller's transaction).
    func evaluate(_ row: RequestRow) throws -> Outcome {
        try evaluate(row, reads: RequestReads(store: store), hint: nil)
    }

    /// `reads`: the page's (or on demand); `hint`: keys of the caller's page known to have no
    /// push record yet.
    func evaluate(_ row: RequestRow, reads: RequestReads, hint: PushKeyHint?) throws -> Outcome {
        let r = row.request
        // Usually the extract created it already: read first, create only when missing.
        var known = try reads.project(r.xmdm)
        var created = false
        if known == nil {
            created = try store.ensureProject(r.xmdm, state: ProjectState.pending)
            reads.noteProjectWritten(r.xmdm)
            known = try store.project(r.xmdm)
        }
        guard let project = known else { return .unchanged }
        /// The request's state as stored now (another request of the page may have answered it).
        func setState(_ state: RequestState, reasons: [ReasonCode]) throws {
            guard let current = try reads.request(row) else { return }
            try store.setRequestState(current, state, reasons: reasons)
        }
        func setProjectState(_ state: ProjectState) throws {
            try store.setProjectState(project, state, detail: r.qqbh)
            reads.noteProjectWritten(r.xmdm)
        }

        // Rule 6: already in the library.
        if ProjectState.inLibrary.contains(project.state) {
            try setState(RequestState.answered, reasons: [.alreadyWarehoused])
            try store.openReview(kind: .review, subjectType: .request, subjectID: r.qqbh, xmdm: r.xmdm,
                                 reasons: [.alreadyWarehoused], state: ReviewState.closed)
            return .answered
        }

        // Rule 1: the platform does not know the project yet.
        guard let platform = try reads.platform(r.xmdm) else {
            let received = Day(iso: row.receivedOn) ?? store.asOf
            if received.days(until: store.asOf) > settings.pendingDays {
                try setState(RequestState.migration, reasons: [.projectNotFound, .migration])
                try store.openReview(kind: .migration, subjectType: .request, subjectID: r.qqbh, xmdm: r.xmdm,
                                     reasons: [.projectNotFound, .migration],
                                     fields: requestFields(r))
                try setProjectState(ProjectState.migration)
                return .migration
            }
            try setState(RequestState.pending, reasons: [.projectNotFound])
            if created || project.state == ProjectState.pending {
                try store.setProjectState(project, ProjectState.pending)
                reads.noteProjectWritten(r.xmdm)
            }
            return .pending
        }

        // Rule 2: the requesting unit is none of the project's construction units.
        guard let position = platform.units.firstIndex(where: { Identifiers.sameUnit($0.code, r.sqdwdm) }) else {
            try setState(RequestState.migration, reasons: [.unitNotOnProject])
            try store.openReview(kind: .migration, subjectType: .request, subjectID: r.qqbh, xmdm: r.xmdm,
                                 reasons: [.unitNotOnProject],
                                 fields: [FieldDifference(field: "SQDWDM",
                                                          ours: platform.units.map(\.code).joined(separator: ";"),
                                                          theirs: r.sqdwdm)])
            try setProjectState(ProjectState.migration)
            return .migration
        }

        // Rules 3 and 4, reported together so one person sees the whole case.
        var reasons: [ReasonCode] = []
        var fields: [FieldDifference] = []
        if position != 0 {
            reasons.append(.notLeadUnit)
            fields.append(FieldDifference(field: "SQDWDM", ours: platform.units[0].code, theirs: r.sqdwdm))
        }
        let differences = keyDifferences(platform: platform, request: r)
        if !differences.isEmpty {
            reasons.append(.keyMismatch)
            fields += differences
        }
        if !reasons.isEmpty {
            try setState(RequestState.review, reasons: reasons)
            try store.openReview(kind: .review, subjectType: .request, subjectID: r.qqbh, xmdm: r.xmdm,
                                 reasons: reasons, fields: fields)
            try setProjectState(ProjectState.review)
            return .review
        }

        // Rule 5: verified → warehoused with the requested approval-system type.
        try warehouse(xmdm: r.xmdm, approved: platform, splclx: r.splclx, request: r.qqbh, row: row, project: project,
                      platform: platform, approvedIsPlatform: true, reads: reads, hint: hint)
        return .warehoused
    }

    /// XMMC, XZQHDM, ZTZE compared in normalised form; ours = platform, theirs = request.
    func keyDifferences(platform p: ProjectRecord, request r: WarehousingRequest) -> [FieldDifference] {
        var out: [FieldDifference] = []
        // The same bytes have the same comparable form.
        if !SameBytes.equal(p.xmmc, r.xmmc), Normalize.comparable(p.xmmc) != Normalize.comparable(r.xmmc) {
            out.append(FieldDifference(field: "XMMC", ours: p.xmmc, theirs: r.xmmc, similarity: similarity(p.xmmc, r.xmmc)))
        }
        if p.xzqhdm != r.xzqhdm { out.append(FieldDifference(field: "XZQHDM", ours: p.xzqhdm, theirs: r.xzqhdm)) }
        if p.ztze != r.ztze { out.append(FieldDifference(field: "ZTZE", ours: p.ztze, theirs: r.ztze)) }
        return out
    }

    func requestFields(_ r: WarehousingRequest) -> [FieldDifference] {
        [FieldDifference(field: "XMMC", ours: "", theirs: r.xmmc),
         FieldDifference(field: "XZQHDM", ours: "", theirs: r.xzqhdm),
         FieldDifference(field: "ZTZE", ours: "", theirs: r.ztze),
         FieldDifference(field: "SQDWDM", ours: "", theirs: r.sqdwdm)]
    }

    /// Brings a project into the library (irreversible): approved data, SPLCLX, state,
    /// and the XMJBXX push — all in the caller's transaction.
    /// `row`, `project`, `platform`: the request, the project and its platform data as the
    /// caller has just read them (saves re-reads); `approvedIsPlatform`: `approved` is that
    /// `platform` value itself; `reads`: the caller's page, told what is written.
    func warehouse(xmdm: String, approved: ProjectRecord, splclx: Int, request qqbh: String, row: RequestRow? = nil,
                   project: ProjectRow? = nil, platform: ProjectRecord? = nil, approvedIsPlatform: Bool = false,
                   reads: RequestReads? = nil, hint: PushKeyHint? = nil) throws {
        if let platform, platform.xmdm == xmdm {
            try store.saveApprovedData(approved, platform: platform, isPlatform: approvedIsPlatform,
                                       withoutCopy: reads?.knownWithoutApprovedCopy(xmdm) ?? false)
        } else {
            try store.saveProjectData(approved, kind: .approved)
        }
        try store.warehouseProject(xmdm, splclx: splclx, detail: qqbh, current: project)
        reads?.noteProjectWritten(xmdm)
        if let row, row.request.qqbh == qqbh {
            try store.setRequestState(row, RequestState.warehoused)
        } else {
            try store.setRequestState(qqbh, RequestState.warehoused)
        }
        try ProjectPushes(store: store).enqueueMain(xmdm: xmdm, approved: approved, splclx: splclx, hint: hint)
        // Other requests still open for this project are answered by this one.
        guard reads?.mayHaveOtherRequests(xmdm) ?? true else { return }
        for other in try store.openRequestNumbers(xmdm: xmdm, except: qqbh) {
            try store.setRequestState(other, RequestState.answered, reasons: [.alreadyWarehoused])
            reads?.noteRequestWritten(other)
            for item in try store.openReviews(subjectType: .request, subjectID: other) {
                try store.closeReview(item.id, note: "project warehoused through request \(qqbh)")
            }
        }
    }
}
