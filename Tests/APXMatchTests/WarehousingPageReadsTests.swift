import APXCore
import APXDomain
@testable import APXMatch
@testable import APXStore
import Testing
import TestSupport

/// What a warehousing request page reads at once and the shortcuts it takes from it (round 6):
/// the projects' facts read with their readings, the approved copy's DELETE skipped only
/// when the page read that there is none, keys found by position, byte equality, and the
/// XMJBXX payload encoded from its XML bytes.
@Suite struct WarehousingPageReadsTests {
    static let other = "2019-360102-47-03-022222"

    static func approvedRows(_ s: Store, _ xmdm: String) throws -> (data: Int, units: Int, marks: Int) {
        try (s.db.scalar("SELECT count(*) FROM project_data WHERE xmdm = ? AND kind = 'approved'", xmdm).int ?? -1,
             s.db.scalar("SELECT count(*) FROM project_unit WHERE xmdm = ? AND kind = 'approved'", xmdm).int ?? -1,
             s.db.scalar("SELECT count(*) FROM project_approved_as_platform WHERE xmdm = ?", xmdm).int ?? -1)
    }

    /// A request for `p` warehoused by a page: only the mark that its platform data is the
    /// approved data is stored (no copy), and the approved data read back is `p`.
    static func expectWarehousedWithItsPlatformDataAsApproved(_ bed: MatchBed, _ p: ProjectRecord,
                                                              sourceLocation: SourceLocation = #_sourceLocation) throws {
        try bed.request()
        #expect(try bed.evaluateRequests()[.warehoused] == 1, sourceLocation: sourceLocation)
        #expect(try approvedRows(bed.store, p.xmdm) == (0, 0, 1), sourceLocation: sourceLocation)
        #expect(try bed.store.projectData(p.xmdm, kind: .approved) == p, sourceLocation: sourceLocation)
    }

    @Test func aProjectWithAnApprovedCopyStoredLosesTheCopyWhenAPageWarehousesItAsItsPlatformData() throws {
        let bed = try MatchBed()
        let p = bed.project()
        try bed.platform(p)
        // An approved copy of other data (as a person's correction leaves it), before any request.
        var corrected = p
        corrected.xmmc = "更正后的名称"
        try bed.store.transaction { try bed.store.saveProjectData(corrected, kind: .approved) }
        #expect(try Self.approvedRows(bed.store, p.xmdm) == (1, 2, 0))
        try Self.expectWarehousedWithItsPlatformDataAsApproved(bed, p)
    }

    @Test func aProjectWithoutApprovedDataIsMarkedAndNothingElseWritten() throws {
        let bed = try MatchBed()
        let p = bed.project()
        try bed.platform(p)
        try Self.expectWarehousedWithItsPlatformDataAsApproved(bed, p)
    }

    @Test func thePageReadsEachProjectsFactsWithItsReadingByKeyPosition() throws {
        let bed = try MatchBed()
        let p = bed.project(), q = bed.project(Self.other)
        try bed.platform(p)
        try bed.platform(q)
        try bed.request("RK2026112000001")
        try bed.request("RK2026112000002")
        try bed.request("RK2026112000003", xmdm: Self.other)
        var corrected = q
        corrected.ztze = "1.00"
        try bed.store.transaction { try bed.store.saveProjectData(corrected, kind: .approved) }
        var keys = PageKeys()
        for key in [Self.other, "2019-360102-47-03-099999", MatchBed.xmdm] { keys.insert(key) }
        let page = try bed.store.transaction { try bed.store.requestPageReadings(keys) }
        let single = try bed.store.transaction { try bed.store.projectReadings(keys, kind: .platform) }
        #expect(page.projects.map { $0?.project.xmdm } == [Self.other, nil, MatchBed.xmdm])
        #expect(page.projects.map { $0?.data } == [q, nil, p])
        #expect(page.projects[0]?.data == single[Self.other]?.data && page.projects[2]?.data == single[MatchBed.xmdm]?.data)
        #expect(page.severalRequests == [false, false, true])
        #expect(page.approvedCopies == [true, false, false])
    }

    @Test func pageKeysArePositionedInFirstSeenOrderAndOnlyPlainOnesAreTaken() {
        var keys = PageKeys()
        for key in ["B", "A", "B", "C D", "\u{212A}", "A"] { keys.insert(key) }
        #expect(keys.list == ["B", "A"])
        #expect(keys.position(of: "B") == 0 && keys.position(of: "A") == 1)
        // U+212A KELVIN SIGN is canonically equivalent to "K" but other bytes: never taken or found.
        keys.insert("K")
        #expect(keys.position(of: "K") == 2 && keys.position(of: "\u{212A}") == nil && !keys.contains("\u{212A}"))
        #expect(keys.position(of: "C D") == nil && keys.position(of: "Z") == nil)
    }

    @Test func sameBytesIsByteEqualityNotCanonicalEquivalence() {
        #expect(SameBytes.equal("", ""))
        #expect(SameBytes.equal("2019-360102", "2019-360102"))
        let long = String(repeating: "青山湖区京东大道", count: 9)
        let copy = String(decoding: Array(long.utf8), as: UTF8.self)   // the same bytes in another buffer
        #expect(SameBytes.equal(long, copy))
        #expect(!SameBytes.equal(long, long + "x") && !SameBytes.equal(long + "x", long + "y"))
        #expect("\u{E9}" == "e\u{301}" && !SameBytes.equal("\u{E9}", "e\u{301}"))
        #expect("K" == "\u{212A}" && !SameBytes.equal("K", "\u{212A}"))
        // A difference in the last bytes after whole 8-byte words, and in the first word.
        #expect(!SameBytes.equal("abcdefgh1", "abcdefgh2") && !SameBytes.equal("xbcdefgh1", "abcdefgh1"))
    }

    @Test func aPayloadQueuedFromItsXMLBytesIsStoredAsFromItsTextAndComparedTheSame() throws {
        let bed = try MatchBed()
        var p = bed.project()
        p.xmmc = "名称 <一期> & \"二期\" \u{01}\u{03}"
        let key = PushKey.project(gcdm: p.xmdm)
        let (fromBytes, fromText) = try bed.store.transaction {
            (try PushQueue(store: bed.store).enqueue(key: key, payloadXML: Payloads.projectXML(p, gcdm: p.xmdm, splclx: 3)),
             try PushQueue(store: bed.store).enqueue(key: key, payload: Payloads.project(p, gcdm: p.xmdm, splclx: 3)))
        }
        #expect(fromBytes == 1 && fromText == 0)   // the same payload: not queued again
        let latest = try #require(try bed.push(key.dfsjzj))
        #expect(latest.payload == Payloads.project(p, gcdm: p.xmdm, splclx: 3))
        #expect(latest.storedPayload == PushPayloadCodec.encode(Payloads.project(p, gcdm: p.xmdm, splclx: 3)))
        p.ztze = "1.00"
        let changed = try bed.store.transaction {
            try PushQueue(store: bed.store).enqueue(key: key, payloadXML: Payloads.projectXML(p, gcdm: p.xmdm, splclx: 3))
        }
        #expect(changed == 2)   // the old version invalidated, the new one queued
    }
}
