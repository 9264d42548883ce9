import Testing
@testable import Flate

@Suite struct FlateTests {
    @Test func crc32MatchesTheStandardCheckValue() {
        #expect(Flate.crc32(Array("123456789".utf8)) == 0xCBF4_3926)
    }

    @Test func rawDeflateRoundTrips() throws {
        let input = Array(String(repeating: "工程建设项目审批 ", count: 500).utf8)
        let packed = try Flate.deflate(input, container: .raw)
        #expect(packed.count < input.count)
        #expect(try Flate.inflate(packed, container: .raw, limit: 1 << 20) == input)
    }

    @Test func inflateStopsAtTheLimit() throws {
        let bomb = try Flate.deflate([UInt8](repeating: 0, count: 4 << 20), container: .zlib)
        #expect(throws: FlateError.self) { try Flate.inflate(bomb, container: .zlib, limit: 1 << 20) }
    }

    @Test func truncatedDataFails() throws {
        let packed = try Flate.deflate(Array(repeating: 7, count: 10_000), container: .zlib)
        #expect(throws: FlateError.self) { try Flate.inflate(Array(packed.prefix(packed.count / 2)), container: .zlib, limit: 1 << 20) }
    }
}
