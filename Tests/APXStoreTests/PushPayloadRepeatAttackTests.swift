import Testing
@testable import APXStore

/// Attacks on 014's repeat byte: payloads built from known tags, near-repeats, empty and short
/// contents, unknown tags and the codec's own bytes (0x01, 0x02, 0x03) read back byte for byte.
@Suite struct PushPayloadRepeatAttackTests {
    static let pieces: [String] = [
        "<XMDM>", "</XMDM>", "<GCDM>", "</GCDM>", "<XMMC>", "</XMMC>", "<DW>", "</DW>", "<DWMC>", "</DWMC>",
        "<FOO>", "</FOO>", "<XMDM", "</GCDM", "<>", "</>", "<", ">",
        "2021-360111-48-01-000001", "2021-360111-48-01-000002", "2021-360111-48-01-00000", "abcd", "abc", "abcde",
        "\u{01}", "\u{02}", "\u{03}", "\u{01}\u{03}", "\u{03}\u{03}", "x\u{03}yz", "南昌", "",
    ]

    @Test func randomPayloadsOfTagsRepeatsAndCodecBytesComeBackByteForByte() {
        var seed: UInt64 = 0x1403
        func next(_ n: Int) -> Int {
            seed = seed &* 6364136223846793005 &+ 1442695040888963407
            return Int(seed >> 33) % n
        }
        for _ in 0..<20_000 {
            var payload = ""
            for _ in 0..<(1 + next(14)) { payload += Self.pieces[next(Self.pieces.count)] }
            let stored = PushPayloadCodec.encode(payload)
            let back = PushPayloadCodec.decode(stored)
            #expect(Array(back.utf8) == Array(payload.utf8), "\(Array(payload.utf8))")
            if Array(back.utf8) != Array(payload.utf8) { return }
            // Decoding into a buffer that already holds a push file's bytes appends the same bytes.
            var out = Array("<SJBS>prefix".utf8)
            PushPayloadCodec.decode(stored, into: &out)
            #expect(out == Array("<SJBS>prefix".utf8) + Array(payload.utf8))
        }
    }

    @Test func gcdmEqualToXMDMIsOneByteAndNearMissesAreWrittenOut() {
        let xmdm = "2021-360111-48-01-000001"
        let cases = [
            "<XMDM>\(xmdm)</XMDM><GCDM>\(xmdm)</GCDM>",                         // equal: the repeat byte
            "<XMDM>\(xmdm)</XMDM><GCDM>2021-360111-48-01-000002</GCDM>",        // one char differs
            "<XMDM>\(xmdm)</XMDM><GCDM>\(xmdm)-0001</GCDM>",                    // a prefix only
            "<XMDM>\(xmdm)</XMDM><GCDM></GCDM>",                                // empty
            "<XMDM></XMDM><GCDM></GCDM>",                                       // both empty
            "<XMDM>\(xmdm)</XMDM><GCDM>\u{03}</GCDM>",                          // the byte itself as content
            "<XMDM>\u{03}\u{01}ab</XMDM><GCDM>\u{03}\u{01}ab</GCDM>",           // repeat of content holding codec bytes
            "<XMDM>\(xmdm)</XMDM><FOO><GCDM>\(xmdm)</GCDM></FOO>",              // an unknown tag between
            "<XMDM>\(xmdm)</XMDM><GCDM>\(xmdm)</FOO></GCDM>",                   // followed by an unknown closing tag
            "<XMDM>\(xmdm)</XMDM><GCDM>\(xmdm)</GCDM><XMMC>\(xmdm)</XMMC>",     // repeat of a repeat
        ]
        for payload in cases {
            let stored = PushPayloadCodec.encode(payload)
            #expect(PushPayloadCodec.decode(stored) == payload, "\(payload)")
        }
        let equal = PushPayloadCodec.encode(cases[0])
        #expect(Array(equal.utf8).filter { $0 == PushPayloadCodec.repeated }.count == 1)
        #expect(equal.components(separatedBy: xmdm).count == 2, "XMDM stored once")
        for near in cases[1...3] {
            #expect(!Array(PushPayloadCodec.encode(near).utf8).contains(PushPayloadCodec.repeated), "\(near)")
        }
    }
}
