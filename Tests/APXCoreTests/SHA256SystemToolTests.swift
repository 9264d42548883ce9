import Foundation
import Testing
@testable import APXCore

/// The digest equals `/usr/bin/sha256sum`'s on seeded random bytes of every length up to three
/// blocks (all padding cases: 55/56, 63/64/65, 119/120) and of larger sizes, hashed whole and
/// fed in random pieces.
@Suite struct SHA256SystemToolTests {
    static let tool = "/usr/bin/sha256sum"

    static func systemDigests(_ inputs: [[UInt8]]) throws -> [String] {
        // One tool run for all inputs: each in a file of its own, in one temporary folder.
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("apx-sha-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let paths = inputs.indices.map { dir + "/\($0)" }
        for (bytes, path) in zip(inputs, paths) { try Data(bytes).write(to: URL(fileURLWithPath: path)) }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: tool)
        p.arguments = paths
        let out = Pipe()
        p.standardOutput = out
        try p.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        return text.split(separator: "\n").map { String($0.prefix(64)) }
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: tool), "needs \(tool)"))
    func digestsEqualTheSystemToolsOnRandomInputsOfManyLengths() throws {
        var rng = SystemRandomNumberGenerator()
        var seed = UInt64.random(in: 0...UInt64.max, using: &rng)
        func next() -> UInt64 {   // SplitMix64: reproducible from the printed seed
            seed &+= 0x9E37_79B9_7F4A_7C15
            var z = seed
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        let start = seed
        let lengths = Array(0...200) + [255, 256, 257, 511, 512, 1000, 4095, 4096, 65_537, 1_000_003]
        let inputs = lengths.map { n in (0..<n).map { _ in UInt8(truncatingIfNeeded: next()) } }
        let expected = try Self.systemDigests(inputs)
        try #require(expected.count == inputs.count)
        for (i, bytes) in inputs.enumerated() {
            #expect(SHA256.hex(bytes) == expected[i], "seed \(start): \(bytes.count) bytes")
            // The same bytes in random pieces (partial blocks topped up, whole blocks, remainders).
            var h = SHA256()
            var at = 0
            while at < bytes.count {
                let end = min(bytes.count, at + Int(next() % 150))
                bytes[at..<end].withUnsafeBytes { h.update($0) }
                at = end
            }
            #expect(h.finalizeHex() == expected[i], "seed \(start): \(bytes.count) bytes in pieces")
        }
    }
}
