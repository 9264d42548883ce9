import APXCore
import APXDomain
import APXStore

/// Items with a promised time limit, timed in working days from acceptance; the open ones
/// are supervised by `Deadlines`.
public struct Timing {
    public let store: Store
    public let calendar: WorkingCalendar

    public init(store: Store, calendar: WorkingCalendar) {
        self.store = store
        self.calendar = calendar
    }

    /// Opens the timed item of an acceptance with a promised time limit.
    public func open(_ a: Acceptance) throws {
        guard let promised = a.promisedDays, let accepted = Day(iso: String(a.acceptedAt.prefix(10))) else { return }
        let deadline = calendar.addingWorkingDays(promised, to: accepted)
        try store.openTimedItem(key: Timing.key(of: a), sxbm: a.sxbm, xmdm: a.xmdm, gcdm: a.gcdm, handler: a.handler,
                                acceptedOn: accepted.iso, promisedDays: promised, deadline: deadline.iso)
    }

    /// Finishes (or records finished) the timed item of an acceptance.
    public func finish(_ a: Acceptance, finishedAt: String) throws {
        try finish(key: Timing.key(of: a), sxbm: a.sxbm, xmdm: a.xmdm, gcdm: a.gcdm, handler: a.handler,
                   acceptedAt: a.acceptedAt, promised: a.promisedDays, finishedAt: finishedAt)
    }

    /// The timed item of an acceptance is keyed by its handling record.
    static func key(of a: Acceptance) -> String { PushKey.handling(sxbm: a.sxbm, key: a.slbh).dfsjzj }

    /// Finishes (or records finished) the timed item `key`, with the working days it used.
    public func finish(key: String, sxbm: String, xmdm: String, gcdm: String, handler: String, acceptedAt: String, promised: Int?,
                       finishedAt: String) throws {
        guard let promised, let accepted = Day(iso: String(acceptedAt.prefix(10))),
              let used = calendar.workingDaysUsed(acceptedAt: acceptedAt, finishedAt: finishedAt) else { return }
        try store.finishTimedItem(key: key, sxbm: sxbm, xmdm: xmdm, gcdm: gcdm, handler: handler, acceptedOn: accepted.iso,
                                  promisedDays: promised, deadline: calendar.addingWorkingDays(promised, to: accepted).iso,
                                  finishedOn: String(finishedAt.prefix(10)), usedDays: used)
    }
}
