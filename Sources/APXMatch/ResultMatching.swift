import APXCore
import APXDomain
import APXStore

/// Result matching (spec 03 rules 1–6) and the pushes a warehoused result or an
/// acceptance causes. Evaluation runs after every input of the run is loaded and repeats
/// until nothing more goes in, so the order of files within a run does not matter.
public struct ResultMatching {
    public let store: Store
    public let settings: Settings
    public let reference: Reference

    /// Results per evaluation page (one transaction each).
    public static let pageRows = 2000

    public init(store: Store, settings: Settings, reference: Reference) {
        self.store = store
        self.settings = settings
        self.reference = reference
    }

    /// Evaluates new and pending results until a pass warehouses nothing; returns the
    /// final outcome counts. A pass goes item by item in prerequisite order (an award
    /// notice before the contracts resting on it), so a result whose prerequisites arrive
    /// the same night is evaluated once; items outside the catalogue come last, their
    /// results together by id.
    public func evaluateOpenResults(batchSize: Int = ResultMatching.pageRows) throws -> [Outcome: Int] {
        var last: [Int: Outcome] = [:]
        let order = reference.catalogue.prerequisiteOrder
        let ordered = Set(order)
        let projects = ResultReads.ProjectCache()
        // The next page is read on a second connection and thread while this one decides and
        // writes the current one (OpenResultsReader says why that reads the same rows).
        let reader = store.openResultsReader()
        let reference = self.reference
        var next: BackgroundValue<(rows: [ResultRow], prepared: PreparedPage)?>?
        defer { _ = next?.value() }
        // No page's values (its reads hold the store) outlive the evaluation.
        defer { BackgroundRelease.drain() }
        for _ in 0..<32 {
            var progressed = false
            for item in order + [nil] as [String?] {
                var after = 0
                // Items outside the catalogue: their open results by id, a page of ids at a time.
                var outside = try item == nil ? store.openResultIDs(outside: ordered)[...] : []
                while true {
                    var prefetched = next?.value() ?? nil
                    next = nil
                    var batch: [ResultRow]
                    if let item {
                        batch = try prefetched?.rows ?? store.resultsToEvaluate(sxbm: item, after: after, limit: batchSize)
                    } else {
                        batch = try store.openResults(ids: outside.prefix(batchSize))
                        outside = outside.dropFirst(batchSize)
                        if batch.isEmpty && !outside.isEmpty { continue }
                    }
                    var prepared = prefetched?.prepared
                    prefetched = nil   // its rows and prepared pushes are `batch` and `prepared` now
                    guard let tail = batch.last else { break }
                    if let item, batch.count == batchSize, let reader {
                        next = reader.prefetch(sxbm: item, after: tail.id, limit: batchSize) { rows, reads in
                            ResultMatching.preparedPage(rows, reads: reads, reference: reference)
                        }
                    }
                    // The page's state changes and review items are held and written at its end.
                    var hint: PushKeyHint?, reads: ResultReads?
                    try store.transaction {
                        try store.holdingEvaluationWrites {
                            let pageHint = try store.pushKeyHint(target: .gov, keys: batch.flatMap(pushKeys))
                            let pageReads = try ResultReads(store: store, page: batch, prerequisites: pagePrerequisites(batch),
                                                            cache: projects, projects: prepared?.projects)
                            (hint, reads) = (pageHint, pageReads)
                            for row in batch {
                                let outcome = try evaluate(row, reads: pageReads, hint: pageHint, prepared: prepared?.pushes[row.id])
                                if outcome == .warehoused { progressed = true }
                                last[row.id] = outcome
                            }
                            CrashPoint.hitInside("results page decided")
                        }
                    }
                    CrashPoint.hit("results batch committed")
                    after = tail.id
                    // The page's rows, records and maps are freed off this thread (~3% of its time at 100k).
                    var page: ([ResultRow], PreparedPage?, ResultReads?, PushKeyHint?) = (batch, prepared, reads, hint)
                    (batch, prepared, reads, hint) = ([], nil, nil, nil)
                    BackgroundRelease.release(&page, leaving: ([], nil, nil, nil))
                }
            }
            if !progressed { break }
        }
        var counts: [Outcome: Int] = [:]
        for outcome in last.values { counts[outcome, default: 0] += 1 }
        return counts
    }

    func age(_ row: ResultRow) -> Int {
        (Day(iso: row.receivedOn) ?? store.asOf).days(until: store.asOf)
    }

    /// Rule 5's prerequisites of a result: the catalogue's for its item that apply to its attributes.
    func prerequisites(_ r: ResultRecord) -> [Catalogue.Prerequisite] {
        prerequisites(sxbm: r.sxbm, attributes: r.attributes)
    }

    /// As `prerequisites(_:)` from the two fields it reads (no copy of the whole record).
    func prerequisites(sxbm: String, attributes: [String: String]) -> [Catalogue.Prerequisite] {
        reference.catalogue[sxbm]?.prerequisites.filter { $0.applies(to: attributes) } ?? []
    }

    /// The items rule 5 asks about for `rows`, each once.
    func pagePrerequisites(_ rows: [ResultRow]) -> [String] {
        var seen = Set<String>(), out: [String] = []
        for row in rows where !row.cleared.contains("PREREQ_MISSING") {
            for p in prerequisites(sxbm: row.record.sxbm, attributes: row.record.attributes) where seen.insert(p.item).inserted {
                out.append(p.item)
            }
        }
        return out
    }

    /// The keys a warehoused result queues (SPSXBL, PFWJ), as `enqueuePushes` forms them.
    func pushKeys(_ row: ResultRow) -> [PushKey] {
        let r = row.record
        return [.handling(sxbm: r.sxbm, key: r.application.isEmpty ? r.number : r.application),
                .document(sxbm: r.sxbm, number: r.number)]
    }

    /// Evaluates one result (caller's transaction).
    public func evaluate(_ row: ResultRow) throws -> Outcome {
        try evaluate(row, reads: ResultReads(store: store), hint: nil)
    }

    /// `reads`: the page's (or on demand); `hint`: keys of the caller's page known to have no
    /// push record yet; `prepared`: the row's pushes made ahead.
    func evaluate(_ row: ResultRow, reads: ResultReads, hint: PushKeyHint?, prepared: PreparedPushes? = nil) throws -> Outcome {
        let r = row.record
        // Rule 1: the project must be in the library.
        guard let reading = try reads.project(r.xmdm), ProjectState.inLibrary.contains(reading.project.state),
              let approved = reading.data else {
            return try waitOrReview(row, reason: "PROJECT_NOT_WAREHOUSED", missing: [], fields: [])
        }
        // Rule 2: a sub-project must be known.
        var sub: Store.SubprojectRow?
        if r.gcdm != r.xmdm {
            sub = try reads.subproject(r.gcdm)
            if (sub == nil || sub!.state != .active || sub!.xmdm != r.xmdm) && !row.cleared.contains("SUBPROJECT_UNKNOWN") {
                try review(row, reasons: ["SUBPROJECT_UNKNOWN"],
                           fields: [FieldDifference(field: "GCDM", ours: "", theirs: r.gcdm),
                                    FieldDifference(field: "XMMC", ours: approved.xmmc, theirs: r.xmmc,
                                                    similarity: r.xmmc.isEmpty ? nil : similarity(approved.xmmc, r.xmmc))])
                return .review
            }
        }
        // Rules 3 and 4, reported together.
        var reasons: [String] = []
        var fields: [FieldDifference] = []
        if !row.cleared.contains("UNIT_MISMATCH"), !r.jsdwdm.isEmpty,
           !approved.units.contains(where: { Identifiers.sameUnit($0.code, r.jsdwdm) }) {
            reasons.append("UNIT_MISMATCH")
            fields.append(FieldDifference(field: "JSDWDM", ours: approved.units.map(\.code).joined(separator: ";"), theirs: r.jsdwdm))
        }
        let references = [approved.xmmc] + (sub.map { [$0.name] } ?? [])
        if !row.cleared.contains("NAME_MISMATCH"), !r.xmmc.isEmpty, !NameMatch.matches(r.xmmc, references: references) {
            reasons.append("NAME_MISMATCH")
            let reference = sub?.name ?? approved.xmmc
            fields.append(FieldDifference(field: "XMMC", ours: reference, theirs: r.xmmc, similarity: similarity(reference, r.xmmc)))
        }
        if !reasons.isEmpty {
            try review(row, reasons: reasons, fields: fields)
            return .review
        }
        // Rule 5: prerequisites for the same GCDM (the main project's count for a sub-project).
        if !row.cleared.contains("PREREQ_MISSING") {
            let needed = prerequisites(r)
            var missing: [String] = []
            for p in needed where try !reads.hasWarehoused(sxbm: p.item, xmdm: r.xmdm, gcdm: r.gcdm) {
                missing.append(p.item)
            }
            if !missing.isEmpty {
                return try waitOrReview(row, reason: "PREREQ_MISSING", missing: missing,
                                        fields: [FieldDifference(field: "PREREQ", ours: "", theirs: missing.joined(separator: ","))])
            }
        }
        // Rule 6.
        try warehouse(row, reads: reads, hint: hint, prepared: prepared)
        return .warehoused
    }

    private func waitOrReview(_ row: ResultRow, reason: String, missing: [String], fields: [FieldDifference]) throws -> Outcome {
        if age(row) > settings.pendingDays {
            try review(row, reasons: [reason], fields: fields, missing: missing)
            return .review
        }
        try store.setResultState(row, ResultState.pending, reasons: [reason], missing: missing)
        return .pending
    }

    private func review(_ row: ResultRow, reasons: [String], fields: [FieldDifference], missing: [String] = []) throws {
        try store.setResultState(row, ResultState.review, reasons: reasons, missing: missing)
        try store.openReview(kind: .review, subjectType: .result, subjectID: String(row.id), xmdm: row.record.xmdm,
                             gcdm: row.record.gcdm == row.record.xmdm ? "" : row.record.gcdm,
                             reasons: reasons.map { ReasonCode($0) }, fields: fields)
    }

    /// WAREHOUSED, and the SPSXBL and PFWJ pushes (a changed version goes out as a correction).
    func warehouse(_ row: ResultRow, reads: ResultReads, hint: PushKeyHint? = nil, prepared: PreparedPushes? = nil) throws {
        let r = row.record
        try store.setResultState(row, ResultState.warehoused, reasons: [])
        reads.noteWarehoused(r)
        if !r.application.isEmpty, let application = try reads.application(r.application) {
            reads.noteApplication(try store.finishApplication(application, state: .finished, finishedAt: r.finishedAt))
            try store.markApplicationPushed(r.application, state: .finished)
        }
        // A new version of a result goes out as a correction (spec 04: "a new result version"
        // → old sjyxbs=0, then bbh+1) even when the fields the bureau receives are the same.
        try enqueuePushes(row.record, version: row.version, newVersion: row.version > 1, hint: hint, reads: reads,
                          prepared: prepared)
    }

    /// Queues SPSXBL and PFWJ for a warehoused result; `force` re-sends unchanged data
    /// (a person's decision after the bureau rejected it); `newVersion` sends both as the
    /// correction of the previous version's records. `hint`: keys known to have no record yet.
    public func enqueuePushes(_ r: ResultRecord, version: Int, forcing forced: PushKey? = nil, reason: String? = nil,
                              newVersion: Bool = false, hint: PushKeyHint? = nil) throws {
        try enqueuePushes(r, version: version, forcing: forced, reason: reason, newVersion: newVersion, hint: hint,
                          reads: ResultReads(store: store))
    }

    func enqueuePushes(_ r: ResultRecord, version: Int, forcing forced: PushKey? = nil, reason: String? = nil,
                       newVersion: Bool = false, hint: PushKeyHint?, reads: ResultReads, prepared: PreparedPushes? = nil) throws {
        let queue = PushQueue(store: store, hint: hint)
        let application = r.application.isEmpty ? nil : try reads.application(r.application)
        let handlingPayload = prepared?.handling
            ?? PushQueue.EncodedPayload(Self.handlingPayload(r, application: application, reference: reference))
        let handling = PushKey.handling(sxbm: r.sxbm, key: r.application.isEmpty ? r.number : r.application)
        try queue.enqueue(key: handling, encoded: handlingPayload,
                          changeReason: reason ?? (version > 1 ? "成果新版本" : "办理状态更新"),
                          force: newVersion || forced == handling)
        let document = PushKey.document(sxbm: r.sxbm, number: r.number)
        try queue.enqueue(key: document,
                          encoded: prepared?.document ?? PushQueue.EncodedPayload(Self.documentPayload(r, reference: reference)),
                          changeReason: reason ?? "成果新版本", force: newVersion || forced == document)
    }

    /// The pure part of a warehoused result's pushes — its record and the reference data
    /// alone — made on the page reader's thread while the page before is decided and written.
    struct PreparedPushes: Sendable {
        /// SPSXBL; nil when the result names an application (its acceptance is read in the
        /// transaction).
        let handling: PushQueue.EncodedPayload?
        /// PFWJ.
        let document: PushQueue.EncodedPayload
    }

    /// What a results page's evaluation can have made ahead, on the page reader's thread while
    /// the page before is decided and written.
    struct PreparedPage: Sendable {
        /// By result id.
        let pushes: [Int: PreparedPushes]
        /// The page's projects (`ResultReads`' `projects`); nil when the read failed there.
        let projects: [String: ProjectReading]?
    }

    static func preparedPage(_ rows: [ResultRow], reads: OpenResultsReader.PageReads, reference: Reference) -> PreparedPage {
        var xmdms = PageKeys()
        for row in rows { xmdms.insert(row.record.xmdm) }
        return PreparedPage(pushes: preparedPushes(rows, reference: reference),
                            projects: try? reads.projectReadings(xmdms, kind: .approved))
    }

    /// `rows`' pushes as `enqueuePushes` makes them, by result id.
    static func preparedPushes(_ rows: [ResultRow], reference: Reference) -> [Int: PreparedPushes] {
        var out: [Int: PreparedPushes] = [:]
        out.reserveCapacity(rows.count)
        for row in rows {
            let r = row.record
            let handling = r.application.isEmpty
                ? PushQueue.EncodedPayload(handlingPayload(r, application: nil, reference: reference))
                : nil
            out[row.id] = PreparedPushes(handling: handling,
                                         document: PushQueue.EncodedPayload(documentPayload(r, reference: reference)))
        }
        return out
    }

    /// SPSXBL of `r` with its acceptance facts: the record's, each one it lacks from its
    /// `application` when there is one.
    static func handlingPayload(_ r: ResultRecord, application: Store.ApplicationRow?, reference: Reference) -> String {
        var acceptedAt = r.acceptedAt, promised = r.promisedDays, handler = r.issuer
        if let a = application?.acceptance {
            if acceptedAt.isEmpty { acceptedAt = a.acceptedAt }
            if promised == nil { promised = a.promisedDays }
            if handler.isEmpty { handler = a.handler }
        }
        let stage = reference.catalogue[r.sxbm]?.stage ?? 0
        let (used, overdue) = timing(acceptedAt: acceptedAt, finishedAt: r.finishedAt, promised: promised, calendar: reference.calendar)
        let blzt = r.attributes["RQSL"] == "1" ? 12 : 11
        return Payloads.handling(xmdm: r.xmdm, gcdm: r.gcdm, sxbm: r.sxbm, stage: stage, blzt: blzt,
                                 acceptedAt: acceptedAt, finishedAt: r.finishedAt, promisedDays: promised,
                                 workingDaysUsed: used, overdue: overdue, handler: handler)
    }

    /// PFWJ of `r`.
    static func documentPayload(_ r: ResultRecord, reference: Reference) -> String {
        let title = r.title.isEmpty ? (reference.catalogue[r.sxbm]?.name ?? r.sxbm) : r.title
        return Payloads.document(xmdm: r.xmdm, gcdm: r.gcdm, sxbm: r.sxbm, number: r.number, title: title,
                                 date: r.issued, validUntil: r.validUntil, files: r.documents.map { ($0.name, $0.sha256) })
    }

    /// Working days used (acceptance day excluded) and whether the promise was broken.
    func timing(acceptedAt: String, finishedAt: String, promised: Int?) -> (Int?, Bool?) {
        Self.timing(acceptedAt: acceptedAt, finishedAt: finishedAt, promised: promised, calendar: reference.calendar)
    }

    static func timing(acceptedAt: String, finishedAt: String, promised: Int?, calendar: WorkingCalendar) -> (Int?, Bool?) {
        guard let used = calendar.workingDaysUsed(acceptedAt: acceptedAt, finishedAt: finishedAt) else { return (nil, nil) }
        return (used, promised.map { used > $0 })
    }

    /// SPSXBL for acceptances (BLZT 3) and failed reviews (BLZT 13) of projects in the
    /// library, each state pushed once. Returns how many were pushed.
    public func pushAcceptances() throws -> Int {
        var pushed = 0
        try store.transaction {
            for a in try store.applicationsToPush() {
                guard let project = try store.project(a.acceptance.xmdm), ProjectState.inLibrary.contains(project.state) else { continue }
                let stage = reference.catalogue[a.acceptance.sxbm]?.stage ?? 0
                let failed = a.state == .failed
                let (used, overdue) = failed
                    ? timing(acceptedAt: a.acceptance.acceptedAt, finishedAt: a.finishedAt ?? "", promised: a.acceptance.promisedDays)
                    : (nil, nil)
                try PushQueue(store: store).enqueue(
                    key: .handling(sxbm: a.acceptance.sxbm, key: a.acceptance.slbh),
                    payload: Payloads.handling(xmdm: a.acceptance.xmdm, gcdm: a.acceptance.gcdm, sxbm: a.acceptance.sxbm,
                                               stage: stage, blzt: failed ? 13 : 3, acceptedAt: a.acceptance.acceptedAt,
                                               finishedAt: failed ? (a.finishedAt ?? "") : "", promisedDays: a.acceptance.promisedDays,
                                               workingDaysUsed: used, overdue: overdue, handler: a.acceptance.handler),
                    changeReason: "办理状态更新")
                try store.markApplicationPushed(a.acceptance.slbh, state: a.state)
                pushed += 1
            }
        }
        return pushed
    }
}
