import Testing
@testable import APXCore

@Suite struct WatchSettingsTests {
    @Test func defaultsAreAutoOneSecondPollsAndTwoOClock() {
        let s = Settings()
        #expect(s.watch.mode == .auto && s.watch.pollSeconds == 1 && s.watch.dailyAtMinutes == 120)
        #expect(s.watch.quietMilliseconds == 200 && s.watch.batchWindowMilliseconds == 1000 && s.lockWaitSeconds == 30)
    }

    @Test func pipelineKeysSetEveryWatchSetting() throws {
        let s = try Settings.parse("""
            watch.mode = POLL
            watch.poll_seconds = 0.5
            watch.quiet_ms = 50
            watch.batch_window_ms = 400
            watch.daily_at = 23:45
            lock.wait_seconds = 2.5
            """)
        #expect(s.watch.mode == .poll && s.watch.pollSeconds == 0.5 && s.watch.quietMilliseconds == 50)
        #expect(s.watch.batchWindowMilliseconds == 400 && s.watch.dailyAtMinutes == 23 * 60 + 45 && s.lockWaitSeconds == 2.5)
    }

    @Test(arguments: ["watch.mode = fast", "watch.daily_at = 24:00", "watch.daily_at = 2:00", "watch.daily_at = 02:60",
                      "watch.poll_seconds = 0", "watch.poll_seconds = -1", "watch.quiet_ms = x", "lock.wait_seconds = -3",
                      "watch.unknown = 1"])
    func badWatchValuesAreRefusedWithTheirLine(_ line: String) {
        #expect(throws: Settings.ParseError.self) { try Settings.parse("# comment\n" + line) }
        do { _ = try Settings.parse("# comment\n" + line) } catch let e as Settings.ParseError { #expect(e.line == 2) } catch {}
    }
}
