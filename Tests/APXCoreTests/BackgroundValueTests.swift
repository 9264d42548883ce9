import Foundation
import Testing
@testable import APXCore

/// A value computed on a thread of its own is the one the work returned, whether the caller
/// asks before or after the work finished, and a caller may keep one ahead of itself.
@Suite struct BackgroundValueTests {
    @Test func theValueIsTheWorksResultWhetherAskedEarlyOrLate() {
        let slow = BackgroundValue { () -> [UInt8] in
            usleep(50_000)
            return Array("slow".utf8)
        }
        #expect(slow.value() == Array("slow".utf8))
        #expect(slow.value() == Array("slow".utf8))   // asked again: the same value
        let quick = BackgroundValue { 42 }
        usleep(20_000)
        #expect(quick.value() == 42)
    }

    @Test func oneAheadPipelineKeepsOrderAndResults() {
        // The planner's pattern: start item i+1's work, do the caller's part of item i, take i's value.
        var results: [String] = []
        var pending: BackgroundValue<String>?
        for i in 0..<200 {
            let next = BackgroundValue { SHA256.hex(Array("item \(i)".utf8)) }
            if let pending { results.append(pending.value()) }
            pending = next
        }
        if let pending { results.append(pending.value()) }
        #expect(results == (0..<200).map { SHA256.hex(Array("item \($0)".utf8)) })
    }
}
