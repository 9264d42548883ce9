// Interleaved pairs: two apx builds on the same generated night, alternating, so the machine's
// swing (up to 1.5× within minutes here) falls on both alike. Benchmarks taken an hour apart
// cannot tell a change from the hour; this can.
import Foundation

/// `--pairs R DIR A B`: R rounds of one night of DIR/inbox (`--data N DIR` writes one) by builds
/// A and B (A first in odd rounds, B first in even ones), each on a fresh copy; prints every run
/// with its phases (wall / CPU / writing thread CPU) and each build's mean wall.
///
/// A build is a path to an executable, relative to the working directory or absolute (a bare
/// name is `./name`, not looked up in PATH); one that is not executable stops the run before
/// any night is timed.
func interleavedPairs(rounds: Int, data: String, builds named: [String]) throws {
    let fm = FileManager.default
    let builds = named.map { URL(fileURLWithPath: $0, relativeTo: URL(fileURLWithPath: fm.currentDirectoryPath)).standardizedFileURL.path }
    for (name, path) in zip(named, builds) where !fm.isExecutableFile(atPath: path) {
        throw BenchFailure(message: "--pairs: \(name) is not an executable file (\(path))")
    }
    guard fm.fileExists(atPath: data + "/inbox") else { throw BenchFailure(message: "--pairs: \(data)/inbox does not exist (write one with --data N \(data))") }
    let base = NSTemporaryDirectory() + "/apx-bench-pairs-\(getpid())"
    try fm.createDirectory(atPath: base, withIntermediateDirectories: true)
    defer { try? fm.removeItem(atPath: base) }
    line("build\tround\twall s\tCPU s\tpeak RSS MiB\tMiB written\t" + phaseNames.map { "\($0) (wall / CPU / writer CPU | writer sys / MiB written)" }.joined(separator: "\t"))
    let labels = ["A", "B"]
    var totals = [[Double]](repeating: [], count: builds.count)
    for round in 1...max(1, rounds) {
        // A, B in odd rounds and B, A in even ones: whatever favours the first or the second
        // run of a round falls on both builds.
        let order = round % 2 == 1 ? Array(builds.indices) : builds.indices.reversed()
        for b in order {
            let apx = builds[b]
            let ws = base + "/ws"
            try? fm.removeItem(atPath: ws)
            try fm.createDirectory(atPath: ws, withIntermediateDirectories: true)
            try copyTree(data + "/inbox", ws + "/inbox")
            let t = try timedAPX(apx, ["run", "--root", ws, "--as-of", novemberNight(plus: 0)])
            totals[b].append(t.seconds)
            line("\(labels[b])\t\(round)\t" + String(format: "%.2f\t%.2f\t%.1f\t%.0f\t", t.seconds, t.cpuSeconds, t.peakMiB, t.writtenMiB)
                 + nightPhases(logs: ws + "/logs").map { "\($0.shown) | \($0.io)" }.joined(separator: "\t")
                 + (t.exit == "0" ? "" : "\texit \(t.exit)"))
        }
    }
    for (b, walls) in totals.enumerated() {
        let mean = walls.reduce(0, +) / Double(max(walls.count, 1))
        line("\(labels[b]) mean wall\t" + String(format: "%.2f s", mean) + "\t\(builds[b])")
    }
}
