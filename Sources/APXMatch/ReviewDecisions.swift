import APXCore
import APXDomain
import APXOutbox
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

    public init(store: Store, settings: Settings) {
        self.store = store
        self.settings = settings
    }

    /// Fields a decision may set, and how each value is checked.
    public static let settable = ["XMMC", "XZQHDM", "ZTZE", "JSDD", "LXLX", "SPLCLX", "NKGSJ", "NJCSJ"]

    public func accept(_ id: Int, by: String, note: String?, sets: [(String, String)]) throws {
        try store.transaction {
            let item = try openItem(id)
            var changes = ""
            switch item.subjectType {
            case "request":
                guard let row = try store.request(item.subjectID) else { throw DecisionError("request \(item.subjectID) not found") }
                var approved = try store.projectData(item.xmdm, kind: "platform") ?? fromRequest(row.request)
                var splclx = row.request.splclx
                changes = try apply(sets, to: &approved, splclx: &splclx)
                if let project = try store.project(item.xmdm), ProjectState.inLibrary.contains(project.state) {
                    throw DecisionError("project \(item.xmdm) is already warehoused")
                }
                try store.decideReview(id, state: ReviewState.accepted, by: by, note: note, changes: changes)
                try Warehousing(store: store, settings: settings)
                    .warehouse(xmdm: item.xmdm, approved: approved, splclx: splclx, request: row.request.qqbh)
            case "project" where item.reasons.contains(ReasonCode.platformChanged.rawValue):
                guard var approved = try store.projectData(item.xmdm, kind: "platform"),
                      let project = try store.project(item.xmdm) else {
                    throw DecisionError("project \(item.xmdm) has no platform data")
                }
                var splclx = project.splclx ?? 0
                changes = try apply(sets, to: &approved, splclx: &splclx)
                try store.decideReview(id, state: ReviewState.accepted, by: by, note: note, changes: changes)
                try store.saveProjectData(approved, kind: "approved")
                if splclx != project.splclx { try store.setSPLCLX(item.xmdm, splclx) }
                try store.audit("project", item.xmdm, "approved data changed", detail: "review \(id)")
                try PushQueue(store: store).enqueue(target: "gov", kind: "XMJBXX", dfsjzj: "XM:\(item.xmdm)",
                                                    payload: Payloads.project(approved, gcdm: item.xmdm, splclx: splclx),
                                                    changeReason: "关键信息变更（审核确认）")
            default:
                throw DecisionError("review item \(id) cannot be accepted")
            }
        }
    }

    public func reject(_ id: Int, by: String, note: String) throws {
        try store.transaction {
            let item = try openItem(id)
            try store.decideReview(id, state: ReviewState.rejected, by: by, note: note, changes: nil)
            if item.subjectType == "request" {
                try store.setRequestState(item.subjectID, RequestState.rejected)
                if let project = try store.project(item.xmdm), !ProjectState.inLibrary.contains(project.state),
                   try store.projectData(item.xmdm, kind: "platform") != nil {
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
                let v = Normalize.text(value)
                guard !v.isEmpty, v.count <= FieldLimits.name else { throw DecisionError("XMMC must be 1–\(FieldLimits.name) characters") }
                p.xmmc = v
            case "XZQHDM":
                let v = Normalize.code(value)
                guard Identifiers.isValidRegion(v) else { throw DecisionError("XZQHDM \(value) is not a valid region code") }
                p.xzqhdm = v
            case "ZTZE":
                guard let cents = Values.amountCents(value) else { throw DecisionError("ZTZE \(value) is not an amount") }
                p.ztze = Values.formatCents(cents)
            case "JSDD": p.jsdd = Normalize.text(value)
            case "LXLX":
                guard ["1", "2", "3"].contains(Normalize.code(value)) else { throw DecisionError("LXLX must be 1, 2 or 3") }
                p.lxlx = Normalize.code(value)
            case "SPLCLX":
                guard let v = Int(Normalize.code(value)), (1...10).contains(v) else { throw DecisionError("SPLCLX must be 1–10") }
                splclx = v
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
