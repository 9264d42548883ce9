import APXMatch
import Testing
@testable import APXPipeline

/// A project's arrival is noted as the effect's case name, as `"\(effect)"` printed it
/// (history and `apx file show` read these words; `InputRecordCodes` stores them as codes).
@Suite struct ProjectArrivalTests {
    @Test func everyEffectIsNotedAsItsCaseName() {
        let effects: [PlatformUpdates.Effect] = [.created, .updated, .unchanged, .older, .reviewOpened]
        for effect in effects {
            #expect(effect.arrival == "\(effect)")
        }
        #expect(effects.map(\.arrival) == ["created", "updated", "unchanged", "older", "reviewOpened"])
    }
}
