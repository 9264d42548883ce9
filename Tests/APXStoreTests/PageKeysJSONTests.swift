import APXDomain
import APXStore
import Testing

/// A page's keys reach SQLite as a JSON array: a key with a quote or a backslash (an SLBH,
/// an item code — fields checked only for length and control characters) is read as
/// itself, not as a broken statement ("malformed JSON") or another key.
@Suite struct PageKeysJSONTests {
    @Test func keysWithQuotesAndBackslashesAreReadAsThemselves() throws {
        let t = try TempStore()
        let file = try t.inputFile(.sgt)
        let odd = ["SL\"1", "SL\\2", "SL\\\"3", "SL\\\\4\""]
        for slbh in odd + ["plain-5"] {
            try t.store.receiveAcceptance(Acceptance(slbh: slbh, sxbm: "SGTSC", xmdm: "2021-360111-48-01-000001",
                                                     gcdm: "2021-360111-48-01-000001", acceptedAt: "2026-11-02T09:30:00+08:00",
                                                     promisedDays: 10, waived: false, handler: "审查中心"), fileID: file)
        }
        var keys = PageKeys()
        for slbh in odd + ["plain-5", "SL1", "SL\\"] { keys.insert(slbh) }
        let found = try t.store.applications(keys)
        #expect(Set(found.keys) == Set(odd + ["plain-5"]))
        for (slbh, row) in found { #expect(row.acceptance.slbh == slbh) }
        var projects = PageKeys()
        projects.insert("2021-360111-48-01-000001\"")
        #expect(try t.store.projectReadings(projects, kind: .platform).isEmpty)
    }
}
