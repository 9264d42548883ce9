import APXCore
import APXDomain
import APXStore

/// A decision that cannot be taken, with the reason for the operator.
public struct DecisionError: Error, CustomStringConvertible, Sendable {
    public let message: String
    public let isNotFound: Bool
    public init(_ message: String, notFound: Bool = false) { self.message = message; self.isNotFound = notFound }
    public var description: String { message }
}

/// Review decisions (spec 03): accept — optionally with corrected values — or reject.
/// Every decision records who, when and why; the effects are committed with it.
public struct ReviewDecisions {
    public let store: Store
    public let settings: Settings
    public let reference: Reference

    public init(store: Store, settings: Settings, reference: Reference) {
        self.store = store
        self.settings = settings
        self.reference = reference
    }

    /// Fields a decision may set, and how each value is checked.
    public static let settable = ["XMMC", "XZQHDM", "ZTZE", "JSDD", "LXLX", "SPLCLX", "NKGSJ", "NJCSJ", "JSDW"]
    /// For result items: the name of a sub-project created by the decision.
    public static let settableForResults = ["GCMC"]

    public func accept(_ id: Int, by: String, note: String?, sets: [(String, String)]) throws {
        try store.transaction {
            let item = try openItem(id)
            var changes = ""
            switch item.subjectType {
            case .request:
                guard let row = try store.request(item.subjectID) else { throw DecisionError("request \(item.subjectID) not found") }
                var approved = try store.projectData(item.xmdm, kind: .platform) ?? fromRequest(row.request)
                var splclx = row.request.splclx
                changes = try apply(sets, to: &approved, splclx: &splclx)
                if let project = try store.project(item.xmdm), ProjectState.inLibrary.contains(project.state) {
                    throw DecisionError("project \(item.xmdm) is already warehoused")
                }
                try store.decideReview(id, state: ReviewState.accepted, by: by, note: note, changes: changes)
                try Warehousing(store: store, settings: settings)
                    .warehouse(xmdm: item.xmdm, approved: approved, splclx: splclx, request: row.request.qqbh)
            case .project where item.reasons.contains(ReasonCode.platformChanged.rawValue):
                guard var approved = try store.projectData(item.xmdm, kind: .platform),
                      let project = try store.project(item.xmdm) else {
                    throw DecisionError("project \(item.xmdm) has no platform data")
                }
                var splclx = project.splclx ?? 0
                changes = try apply(sets, to: &approved, splclx: &splclx)
                try store.decideReview(id, state: ReviewState.accepted, by: by, note: note, changes: changes)
                try store.saveProjectData(approved, kind: .approved)
                if splclx != project.splclx { try store.setSPLCLX(item.xmdm, splclx) }
                try store.audit(.project, item.xmdm, "approved data changed", detail: "review \(id)")
                try ProjectPushes(store: store).enqueueAll(xmdm: item.xmdm, approved: approved, splclx: splclx,
                                                           reason: "关键信息变更（审核确认）")
            case .result:
                try acceptResult(item, by: by, note: note, sets: sets)
            case .push:
                try acceptCorrection(item, by: by, note: note, sets: sets)
            default:
                throw DecisionError("review item \(id) cannot be accepted")
            }
        }
    }

    /// GOV_REJECTED: a person corrects the data the bureau refused (or confirms it as it is)
    /// and it goes out again as the next version.
    private func acceptCorrection(_ item: ReviewItem, by: String, note: String?, sets: [(String, String)]) throws {
        guard let id = Int(item.subjectID), let record = try store.pushedRecord(id: id) else {
            throw DecisionError("push record \(item.subjectID) not found")
        }
        let kind = record.kind, key = record.key
        let reason = "更正后重新报送（审核 \(item.id)）"
        var changes = sets.map { "\($0.0)=\($0.1)" }.joined(separator: "; ")
        if kind == .project, case .project(let gcdm) = key {
            let xmdm = String(gcdm.prefix(24))
            guard var approved = try store.projectData(xmdm, kind: .approved), let project = try store.project(xmdm) else {
                throw DecisionError("project \(xmdm) has no approved data")
            }
            var splclx = project.splclx ?? 0
            var name: String?
            if gcdm != xmdm {
                guard let sub = try store.subproject(gcdm) else { throw DecisionError("no sub-project \(gcdm)") }
                name = sub.name
                for (field, value) in sets {
                    guard field == "GCMC", !Normalize.text(value).isEmpty else { throw DecisionError("a sub-project record takes --set GCMC=…") }
                    name = Normalize.sourceText(value)
                    try store.renameSubproject(gcdm, name: name!)
                }
            } else {
                changes = try apply(sets, to: &approved, splclx: &splclx)
                try store.saveProjectData(approved, kind: .approved)
                if splclx != project.splclx { try store.setSPLCLX(xmdm, splclx) }
            }
            try store.decideReview(item.id, state: ReviewState.accepted, by: by, note: note, changes: changes)
            // The refused record goes out again even if unchanged (a person decided so); a
            // corrected main project carries its sub-projects along.
            let pushes = ProjectPushes(store: store)
            if let name {
                try pushes.enqueueSubproject(gcdm: gcdm, name: name, approved: approved, splclx: splclx, reason: reason, force: true)
            } else {
                try pushes.enqueueMain(xmdm: xmdm, approved: approved, splclx: splclx, reason: reason, force: true)
                try pushes.enqueueAll(xmdm: xmdm, approved: approved, splclx: splclx)
            }
            return
        }
        guard let result = key.item, let row = try store.result(pushKey: result.sxbm, key: result.key, warehousedOnly: true) else {
            throw DecisionError("no warehoused result behind \(key.dfsjzj)")
        }
        var r = row.record
        for (field, value) in sets {
            switch field {
            case "TITLE", "PFWJBT": r.title = Normalize.sourceText(value)
            case "FZJG", "BLJG": r.issuer = Normalize.sourceText(value)
            case "FZRQ", "PFRQ":
                guard let day = Values.date(value) else { throw DecisionError("\(field) \(value) is not a date") }
                r.issued = day.iso
            case "YXQZ", "PFWJYXQX":
                guard let day = Values.date(value) else { throw DecisionError("\(field) \(value) is not a date") }
                r.validUntil = day.iso
            default:
                throw DecisionError("\(field) cannot be set on a \(kind.rawValue) record; settable: TITLE, FZJG, FZRQ, YXQZ")
            }
        }
        try store.updateResultRecord(row.id, r)
        try store.decideReview(item.id, state: ReviewState.accepted, by: by, note: note, changes: changes)
        try ResultMatching(store: store, settings: settings, reference: reference)
            .enqueuePushes(r, version: row.version, forcing: key, reason: reason)
    }

    /// A person confirms a result: the checks named by the item's reasons are cleared
    /// (SUBPROJECT_UNKNOWN creates the sub-project) and the result goes on at once.
    private func acceptResult(_ item: ReviewItem, by: String, note: String?, sets: [(String, String)]) throws {
        guard let id = Int(item.subjectID), let row = try store.result(id: id) else {
            throw DecisionError("result \(item.subjectID) not found")
        }
        for (field, _) in sets where !ReviewDecisions.settableForResults.contains(field) {
            throw DecisionError("\(field) cannot be set on a result item; settable: GCMC")
        }
        if item.reasons.contains("PROJECT_NOT_WAREHOUSED") {
            guard let project = try store.project(row.record.xmdm), ProjectState.inLibrary.contains(project.state) else {
                throw DecisionError("project \(row.record.xmdm) is not warehoused: warehouse the project first")
            }
        }
        if item.reasons.contains("SUBPROJECT_UNKNOWN"), try store.subproject(row.record.gcdm)?.state != .active {
            let name = sets.first { $0.0 == "GCMC" }?.1 ?? row.record.xmmc
            _ = try Subprojects(store: store).split(xmdm: row.record.xmdm, gcdm: row.record.gcdm,
                                                    name: name.isEmpty ? row.record.gcdm : name, by: by)
        }
        for reason in item.reasons where ["SUBPROJECT_UNKNOWN", "UNIT_MISMATCH", "NAME_MISMATCH", "PREREQ_MISSING"].contains(reason) {
            try store.clearCheck(id, reason)
        }
        try store.decideReview(item.id, state: ReviewState.accepted, by: by, note: note,
                               changes: sets.map { "\($0.0)=\($0.1)" }.joined(separator: "; "))
        try store.setResultState(id, ResultState.new, reasons: [])
        guard let fresh = try store.result(id: id) else { return }
        _ = try ResultMatching(store: store, settings: settings, reference: reference).evaluate(fresh)
    }

    public func reject(_ id: Int, by: String, note: String) throws {
        try store.transaction {
            let item = try openItem(id)
            try store.decideReview(id, state: ReviewState.rejected, by: by, note: note, changes: nil)
            if item.subjectType == .result, let resultID = Int(item.subjectID) {
                try store.setResultState(resultID, ResultState.rejected, reasons: item.reasons)
            }
            if item.subjectType == .request {
                try store.setRequestState(item.subjectID, RequestState.rejected)
                if let project = try store.project(item.xmdm), !ProjectState.inLibrary.contains(project.state),
                   try store.projectData(item.xmdm, kind: .platform) != nil {
                    try store.setProjectState(item.xmdm, ProjectState.platformOnly, detail: "review \(id) rejected")
                }
            }
        }
    }

    private func openItem(_ id: Int) throws -> ReviewItem {
        guard let item = try store.review(id) else { throw DecisionError("no review item \(id)", notFound: true) }
        guard item.state == ReviewState.open else {
            throw DecisionError("review item \(id) is \(item.state), not open")
        }
        return item
    }

    private func fromRequest(_ r: WarehousingRequest) -> ProjectRecord {
        ProjectRecord(xmdm: r.xmdm, xmmc: r.xmmc, lxlx: "", tzptlx: "01", gbhy: "", xzqhdm: r.xzqhdm, jsdd: "",
                      ztze: r.ztze, jsgmjnr: "", nkgsj: "", njcsj: "", lxsj: "",
                      units: [Unit(name: r.sqdwmc, code: r.sqdwdm)])
    }

    /// Applies `FIELD=VALUE` corrections after checking each; returns them as audit text.
    func apply(_ sets: [(String, String)], to p: inout ProjectRecord, splclx: inout Int) throws -> String {
        for (field, value) in sets {
            switch field {
            case "XMMC":
                let v = Normalize.sourceText(value)
                guard !v.isEmpty, Normalize.text(value).count <= FieldLimits.name else { throw DecisionError("XMMC must be 1–\(FieldLimits.name) characters") }
                p.xmmc = v
            case "XZQHDM":
                let v = Normalize.code(value)
                guard Identifiers.isValidRegion(v) else { throw DecisionError("XZQHDM \(value) is not a valid region code") }
                p.xzqhdm = v
            case "ZTZE":
                guard let cents = Values.amountCents(value) else { throw DecisionError("ZTZE \(value) is not an amount") }
                p.ztze = Values.formatCents(cents)
            case "JSDD": p.jsdd = Normalize.sourceText(value)
            case "LXLX":
                guard ["1", "2", "3"].contains(Normalize.code(value)) else { throw DecisionError("LXLX must be 1, 2 or 3") }
                p.lxlx = Normalize.code(value)
            case "SPLCLX":
                guard let v = Int(Normalize.code(value)), (1...10).contains(v) else { throw DecisionError("SPLCLX must be 1–10") }
                splclx = v
            case "JSDW":
                // `名称|USCC;名称|USCC`, lead first — the tzxm CSV form.
                let units = try UnitList.parse(value).map { unit -> Unit in
                    guard let code = Identifiers.canonicalUnitCode(Normalize.code(unit.code)), !Normalize.name(unit.name).isEmpty else {
                        throw DecisionError("JSDW must be 名称|USCC;名称|USCC with valid codes")
                    }
                    return Unit(name: Normalize.sourceText(unit.name), code: code)
                }
                guard !units.isEmpty else { throw DecisionError("JSDW needs at least one unit") }
                p.units = units
            case "NKGSJ", "NJCSJ":
                guard let day = Values.date(value) else { throw DecisionError("\(field) \(value) is not a date") }
                if field == "NKGSJ" { p.nkgsj = day.iso } else { p.njcsj = day.iso }
            default:
                throw DecisionError("\(field) cannot be set; settable: \(ReviewDecisions.settable.joined(separator: ", "))")
            }
        }
        return sets.map { "\($0.0)=\($0.1)" }.joined(separator: "; ")
    }
}
