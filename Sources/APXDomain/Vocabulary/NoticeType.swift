/// Notice types (spec 04, notices `LX`).
public enum NoticeType: String, Sendable, CaseIterable, CustomStringConvertible {
    /// Archive delivery reminder (档案催交).
    case archiveReminder = "DACX"
    /// Credit record: archive not delivered by the deadline (不良行为信用记录).
    case creditRecord = "XYJL"
    /// Archive package rejected by the archive.
    case archiveRejected = "DATH"
    /// End request rejected.
    case endRejected = "JSBH"
    /// Deadline reminder, one working day left (催办).
    case deadlineReminder = "SXCB"
    /// Deadline today (督办).
    case dueToday = "SXDB"
    /// Overdue (督察).
    case overdue = "SXDC"
}
