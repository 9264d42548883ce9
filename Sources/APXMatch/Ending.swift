import APXCore
import APXDomain
import APXStore

/// Project end and archive handover (spec 03, seed chart 4.5): end requests, packages,
/// archive receipts, reminders. Notices are created in the transaction of the state they report.
public struct Ending {
    public let store: Store
    public let settings: Settings
    public let workspaceRoot: String
    /// The digest of a package's ZIP (the outbox writes ZIPs: `ArchivePlan.zipDigest`).
    public let packageDigest: PackageDigest

    public init(store: Store, settings: Settings, workspaceRoot: String, packageDigest: @escaping PackageDigest) {
        self.store = store
        self.settings = settings
        self.workspaceRoot = workspaceRoot
        self.packageDigest = packageDigest
    }

    /// Evaluates new end requests; returns the packages planned.
    public func evaluateEndRequests() throws -> [String] {
        var packages: [String] = []
        for request in try store.newEndRequests() {
            try store.transaction {
                if let name = try evaluate(request) { packages.append(name) }
            }
            CrashPoint.hit("end request committed")
        }
        return packages
    }

    func evaluate(_ r: Store.EndRequestRow) throws -> String? {
        let project = try store.project(r.xmdm)
        let approved = try store.projectData(r.xmdm, kind: .approved)
        let requester = approved?.units.first { Identifiers.sameUnit($0.code, r.sqdwdm) }
        func reject(_ reason: String, _ text: String) throws {
            var n = Notice(lx: .endRejected, text: text)
            n.xmdm = r.xmdm
            n.unitCode = r.sqdwdm
            n.unitName = requester?.name ?? ""
            try store.notify(n, subject: "JSBH:\(r.qqbh)")
            try store.setEndRequestState(r.qqbh, reason == "JSQQ_INCOMPLETE" ? .incomplete : .rejected, reasons: [reason])
        }
        guard let project, project.state == ProjectState.warehoused, let approved else {
            let why = project.map { ProjectState.inLibrary.contains($0.state) ? "项目已在结束流程中（\($0.state)）" : "项目尚未入库" } ?? "项目不存在"
            try reject("JSQQ_NOT_WAREHOUSED", "项目结束申请（\(r.qqbh)）被退回：\(why)。")
            return nil
        }
        guard let lead = approved.units.first, Identifiers.sameUnit(lead.code, r.sqdwdm) else {
            try reject("JSQQ_NOT_LEAD", "项目结束申请（\(r.qqbh)）被退回：申请单位不是项目的牵头建设单位，请由牵头建设单位提出申请。")
            return nil
        }
        var missing: [String] = []
        if try !hasCompletionFiling(xmdm: r.xmdm, gcdm: r.xmdm) { missing.append(r.xmdm) }
        for sub in try store.subprojects(xmdm: r.xmdm) where sub.state == .active {
            if try !hasCompletionFiling(xmdm: r.xmdm, gcdm: sub.gcdm) { missing.append("\(sub.gcdm)（\(sub.name)）") }
        }
        if !missing.isEmpty {
            try reject("JSQQ_INCOMPLETE", "项目结束申请（\(r.qqbh)）被退回：以下项目或子项目尚无已入库的竣工验收备案：\(missing.joined(separator: "、"))。")
            return nil
        }
        let requested = Day(iso: String(r.sqsj.prefix(10))) ?? store.asOf
        let deadline = requested.adding(days: settings.archiveDeadlineDays)
        try store.startProjectEnd(xmdm: r.xmdm, qqbh: r.qqbh, requestedOn: requested.iso, deadline: deadline.iso)
        try store.setProjectState(r.xmdm, ProjectState.ending, detail: r.qqbh)
        try store.setEndRequestState(r.qqbh, .accepted)
        return try planPackage(xmdm: r.xmdm)
    }

    func hasCompletionFiling(xmdm: String, gcdm: String) throws -> Bool {
        try store.hasWarehoused(sxbm: "JGYSBA", xmdm: xmdm, gcdm: gcdm, countingMainProject: false)
    }

    /// Plans a package of every warehoused result (latest version) of the project and its
    /// sub-projects that are not recycled (caller's transaction).
    public func planPackage(xmdm: String) throws -> String {
        guard let approved = try store.projectData(xmdm, kind: .approved), let project = try store.project(xmdm) else {
            throw DecisionError("project \(xmdm) has no approved data", notFound: true)
        }
        let subs = try store.subprojects(xmdm: xmdm).filter { $0.state == .active }
        let active = Set([xmdm] + subs.map(\.gcdm))
        let results = try store.results(xmdm: xmdm)
            .filter { $0.state == ResultState.warehoused && active.contains($0.record.gcdm) }
            .sorted { ($0.record.gcdm, $0.record.sxbm, $0.record.number) < ($1.record.gcdm, $1.record.sxbm, $1.record.number) }
            .map(\.record)
        let plan = ArchiveManifest.plan(project: approved, splclx: project.splclx, subprojects: subs.map { ($0.gcdm, $0.name) },
                                        results: results, createdAt: Timestamp.now(), operatorUnit: settings.operatorUnit)
        let planned = try planArchive(xmdm: xmdm, plan: plan)
        try store.recordPackage(xmdm: xmdm, name: planned.name, outboxFileID: planned.fileID)
        return planned.name
    }

    /// A new package for a project still ENDING (after the archive rejected one).
    public func repush(xmdm: String) throws -> String {
        guard let project = try store.project(xmdm) else { throw DecisionError("project \(xmdm) has never been seen", notFound: true) }
        guard project.state == ProjectState.ending else {
            throw DecisionError("project \(xmdm) is \(project.state); only an ENDING project's package can be pushed again")
        }
        return try planPackage(xmdm: xmdm)
    }

    public enum ReceiptEffect: Sendable { case ended, rejected, unchanged }

    /// An archive receipt: jszt 1 → ENDED; jszt 0 → package rejected, DATH notice.
    public func applyArchiveReceipt(xmdm: String, package name: String, accepted: Bool, reason: String) throws -> ReceiptEffect {
        // An answer contradicting the archive's earlier one for this package is applied and warned about.
        let answer: PackageState = accepted ? .accepted : .rejected
        if let earlier = try store.packageReceipt(name: name), earlier.state != answer {
            try store.recordReceiptConflict(ReceiptConflict(file: name, dfsjzj: xmdm, version: 0, earlierState: earlier.state.rawValue,
                                                            earlierReason: earlier.reason, earlierAt: earlier.at,
                                                            laterState: answer.rawValue, laterReason: reason))
        }
        try store.setPackageState(name, accepted ? .accepted : .rejected, reason: reason)
        if accepted {
            guard try store.project(xmdm)?.state == ProjectState.ending else { return .unchanged }
            try store.setProjectState(xmdm, ProjectState.ended, detail: name)
            try store.markProjectEnded(xmdm)
            return .ended
        }
        var n = Notice(lx: .archiveRejected, text: "城建档案馆退回档案包 \(name)：\(reason.isEmpty ? "未说明原因" : reason)。请更正后重新推送。")
        n.xmdm = xmdm
        if let lead = try store.projectData(xmdm, kind: .approved)?.units.first { n.unitCode = lead.code; n.unitName = lead.name }
        try store.notify(n, subject: "DATH:\(name)")
        return .rejected
    }

    /// DACX once from deadline − reminder days, XYJL once after the deadline (no
    /// accepting receipt). Returns the notices created.
    public func remind() throws -> Int {
        var created = 0
        try store.transaction {
            for end in try store.endingProjects() {
                guard let deadline = Day(iso: end.deadline) else { continue }
                var n = Notice(lx: .archiveReminder, text: "")
                n.xmdm = end.xmdm
                if let lead = try store.projectData(end.xmdm, kind: .approved)?.units.first { n.unitCode = lead.code; n.unitName = lead.name }
                if store.asOf > deadline {
                    n.lx = .creditRecord
                    n.text = "项目 \(end.xmdm) 未在 \(deadline.iso) 前完成档案移交，已记入不良行为信用记录。"
                    if try store.notify(n, subject: "XYJL:\(end.xmdm):\(end.deadline)") { created += 1 }
                } else if store.asOf >= deadline.adding(days: -settings.archiveReminderDays) {
                    n.lx = .archiveReminder
                    n.text = "请于 \(deadline.iso) 前完成项目 \(end.xmdm) 的档案移交（城建档案馆）。"
                    if try store.notify(n, subject: "DACX:\(end.xmdm):\(end.deadline)") { created += 1 }
                }
            }
        }
        return created
    }
}
