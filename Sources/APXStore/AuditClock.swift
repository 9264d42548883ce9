import APXCore
import Foundation

/// `Timestamp.now()`, formatted at most once per wall-clock second (a run writes many
/// audit rows a second). One per store; a store belongs to one run.
final class AuditClock {
    private var second = Int.min
    private var text = ""

    func now() -> String {
        let date = Date()
        let s = Int(date.timeIntervalSince1970.rounded(.down))
        if s != second {
            second = s
            text = Timestamp.format(date)
        }
        return text
    }
}
