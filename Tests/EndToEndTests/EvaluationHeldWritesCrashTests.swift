import Testing
import TestSupport

/// A run killed inside a page of results or requests — its decisions made, its held state
/// changes and review items not yet written (`APX_CRASH_LABEL` "… page decided" +
/// `APX_CRASH_AT=n`: the n-th such page) — leaves nothing of that page; the next run decides
/// it again and ends the night as one never interrupted: the same database and the same
/// outbox, byte for byte.
@Suite(.serialized) struct EvaluationHeldWritesCrashTests {
    @Test func killedBetweenAResultsPageDecisionsAndItsWritesTheNextRunFinishesTheNight() throws {
        try EvaluationPageCrashTests.killAtEveryPage("results page decided", night: 0)
        try EvaluationPageCrashTests.killAtEveryPage("results page decided", night: 1)
    }

    @Test func killedBetweenARequestsPageDecisionsAndItsWritesTheNextRunFinishesTheNight() throws {
        try EvaluationPageCrashTests.killAtEveryPage("requests page decided", night: 0)
    }
}
