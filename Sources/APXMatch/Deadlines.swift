import APXCore
import APXDomain
import APXStore

/// Working-day deadlines of open items (spec 03): SXCB with one working day left, SXDB on
/// the day, SXDC once past — each once, and only the one that fits the day of the run.
public struct Deadlines {
    public let store: Store
    public let calendar: WorkingCalendar

    public init(store: Store, calendar: WorkingCalendar) {
        self.store = store
        self.calendar = calendar
    }

    public struct Status: Sendable {
        public var reminders = 0, dueToday = 0, overdue = 0
        public init() {}
    }

    public func supervise() throws -> Status {
        var status = Status()
        try store.transaction {
            for item in try store.openTimedItems() {
                guard let deadline = Day(iso: item.deadline) else { continue }
                let today = store.asOf
                var n = Notice(lx: .overdue, text: "")
                n.xmdm = item.xmdm
                n.gcdm = item.gcdm == item.xmdm ? "" : item.gcdm
                n.sxbm = item.sxbm
                n.unitName = item.handler
                let what = "事项 \(item.sxbm)（\(item.key)，\(item.acceptedOn) 受理，承诺 \(item.promisedDays) 个工作日）"
                if today > deadline {
                    n.lx = .overdue
                    n.text = "\(what)已于 \(deadline.iso) 到期仍未办结，已超期。"
                    if try store.notify(n, subject: "SXDC:\(item.key)") { status.overdue += 1 }
                } else if today == deadline {
                    n.lx = .dueToday
                    n.text = "\(what)今日（\(deadline.iso)）到期，请今日办结。"
                    if try store.notify(n, subject: "SXDB:\(item.key)") { status.dueToday += 1 }
                } else if calendar.workingDays(after: today, through: deadline) == 1 {
                    n.lx = .deadlineReminder
                    n.text = "\(what)仅剩 1 个工作日，将于 \(deadline.iso) 到期，请抓紧办理。"
                    if try store.notify(n, subject: "SXCB:\(item.key)") { status.reminders += 1 }
                }
            }
        }
        return status
    }
}
