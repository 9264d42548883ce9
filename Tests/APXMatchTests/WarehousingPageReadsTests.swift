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

    // MARK: A page read ahead beside the page before it

    /// One page of requests as `evaluateOpenRequests` runs it, with what was read ahead for it
    /// (or not); returns what the page wrote.
    static func runPage(_ bed: MatchBed, _ rows: [RequestRow], ahead: Warehousing.PreparedRequestPage?,
                        since: RequestReads.Written?) throws -> (RequestReads.Written, QueuedPushKeys) {
        let warehousing = Warehousing(store: bed.store, settings: bed.settings)
        var written = RequestReads.Written()
        let (_, queued) = try bed.store.notingQueuedPushKeys {
            try bed.store.transaction {
                try bed.store.holdingEvaluationWrites {
                    let reads = try ahead?.readings.flatMap { readings in
                        since.map { RequestReads(store: bed.store, page: rows, readAhead: readings, since: $0) }
                    } ?? RequestReads(store: bed.store, page: rows)
                    let hint = try bed.store.pushKeyHint(target: .gov, keys: rows.map { .project(gcdm: $0.request.xmdm) })
                    for row in rows {
                        _ = try warehousing.evaluate(row, reads: reads, hint: hint, payload: ahead?.payloads[row.request.qqbh])
                    }
                    written = reads.written
                }
            }
        }
        return (written, queued)
    }

    static func readAhead(_ bed: MatchBed, after: String) throws -> (rows: [RequestRow], prepared: Warehousing.PreparedRequestPage) {
        let reader = try #require(bed.store.evaluationPageReader())
        return try #require(reader.prefetchRequests(after: after, limit: 1) { Warehousing.preparedRequestPage($0, reads: $1) }.value())
    }

    /// RK2 warehouses P2 and answers RK3. RK3's page, read before RK2's page commits, still shows
    /// RK3 open: it is not used (the page is read again, and RK3 is no longer in it).
    @Test func aPageReadAheadIsReadAgainWhenThePageBeforeAnsweredOneOfItsRequests() throws {
        let bed = try MatchBed()
        try bed.platform(bed.project(Self.other, xmmc: "赣江大桥"))
        try bed.request("RK2", xmdm: Self.other, xmmc: "赣江大桥")
        try bed.request("RK3", xmdm: Self.other, xmmc: "赣江大桥")
        let first = try bed.store.requestsToEvaluate(after: "", limit: 1)
        let ahead = try Self.readAhead(bed, after: "RK2")
        #expect(ahead.rows.map(\.request.qqbh) == ["RK3"] && ahead.rows[0].state == RequestState.new)
        let (written, _) = try Self.runPage(bed, first, ahead: nil, since: nil)
        #expect(written.requests.contains("RK3") && written.projects == [Self.other])
        #expect(Warehousing.usable(ahead, besidePageThatWrote: written) == nil)
        #expect(try bed.store.requestsToEvaluate(after: "RK2", limit: 1).isEmpty, "read again: RK3 is answered")
        #expect(Warehousing.usable(ahead, besidePageThatWrote: RequestReads.Written())?.rows.count == 1,
                "beside a page that answered none of them, the page read ahead is the page")
    }

    /// RK5 (key mismatch) puts P4 in review; RK9 for P4 is read ahead before that commits. Its
    /// page reads P4 again (the reading ahead shows it as it was) and decides as one by one.
    @Test func aProjectThePageBeforeWroteIsReadAgainOnAPageReadAhead() throws {
        let (paged, single) = try EvaluationPageEquivalenceTests.twins()
        for bed in [paged, single] {
            try bed.platform(bed.project(Self.other, xmmc: "昌北机场"))
            try bed.request("RK5", xmdm: Self.other, xmmc: "昌北机场", ztze: "1.00")
            try bed.request("RK9", xmdm: Self.other, xmmc: "昌北机场")
        }
        let first = try paged.store.requestsToEvaluate(after: "", limit: 1)
        let ahead = try Self.readAhead(paged, after: "RK5")
        let before = try #require(ahead.prepared.readings?.projects.first ?? nil)
        let (written, _) = try Self.runPage(paged, first, ahead: nil, since: nil)
        #expect(written.projects == [Self.other])
        let now = try #require(try paged.store.project(Self.other))
        #expect(before.project.state != now.state, "the reading ahead is stale: \(before.project.state) → \(now.state)")
        let page = try #require(Warehousing.usable(ahead, besidePageThatWrote: written))
        let reads = RequestReads(store: paged.store, page: page.rows, readAhead: try #require(page.prepared.readings), since: written)
        #expect(try paged.store.transaction { try reads.project(Self.other)?.state } == now.state)
        _ = try Self.runPage(paged, page.rows, ahead: page.prepared, since: written)
        try EvaluationPageEquivalenceTests.singlePathRequests(single, batchSize: 1)
        try EvaluationPageEquivalenceTests.expectSame(paged.store, single.store, "a project written by the page before")
    }

    /// The XMJBXX payload made ahead is the one made in the transaction from the same platform data.
    @Test func theProjectPayloadMadeAheadIsThePayloadMadeInTheTransaction() throws {
        let bed = try MatchBed()
        let p = bed.project(Self.other, xmmc: "赣江大桥")
        try bed.platform(p)
        try bed.request("RK2", xmdm: Self.other, xmmc: "赣江大桥")
        let ahead = try Self.readAhead(bed, after: "")
        let payload = try #require(ahead.prepared.payloads["RK2"])
        let splclx = ahead.rows[0].request.splclx
        #expect(payload.text == Payloads.projectXML(p, gcdm: Self.other, splclx: splclx).string)
        #expect(payload.text == PushQueue.EncodedPayload(Payloads.project(p, gcdm: Self.other, name: p.xmmc, splclx: splclx)).text)
    }
}
