import Foundation
import Testing
import TestSupport

/// Progress of `apx run` on stderr: shown on a terminal (files, records, rate), never
/// when stderr is not a terminal or with `--quiet`.
@Suite(.serialized) struct ProgressTests {
    /// Runs apx with a pseudo-terminal as its standard streams (util-linux `script`).
    func onTerminal(_ arguments: [String]) throws -> String {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/script")
        let command = ([APXProcess.binary] + arguments).map { "'" + $0 + "'" }.joined(separator: " ")
        p.arguments = ["-qec", command, "/dev/null"]
        let out = Pipe()
        p.standardOutput = out
        p.standardInput = FileHandle.nullDevice
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }

    func night() -> TempWorkspace {
        let ws = TempWorkspace("apx-progress")
        ws.drop("rkqq", "RKQQ_20261120_01.csv", text: Builders.rkqqCSV([
            RequestFixture(qqbh: "R1", xmdm: Cast.p1, xmmc: "安置房项目", sqdwdm: Cast.lead1.uscc, sqdwmc: Cast.lead1.name),
        ]))
        return ws
    }

    @Test func progressLineOnATerminalOnly() throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/script") else {
            Issue.record("util-linux script(1) is needed to give apx a terminal"); return
        }
        let ws = night()
        let shown = try onTerminal(["run", "--root", ws.root, "--as-of", "2026-11-21", "--json"])
        #expect(shown.contains("apx: ") && shown.contains("files ") && shown.contains("rec/s"), "\(shown)")
        #expect(shown.contains("\u{1B}[K"), "the line is redrawn in place and cleared")

        // Each workspace is kept alive while apx runs in it (a TempWorkspace removes its folder when released).
        let quietWS = night()
        let quiet = try onTerminal(["run", "--root", quietWS.root, "--as-of", "2026-11-21", "--json", "--quiet"])
        #expect(!quiet.contains("rec/s"))
        #expect(quiet.contains("\"run\""))

        let pipedWS = night()
        let piped = APXProcess.run(["run", "--root", pipedWS.root, "--as-of", "2026-11-21", "--json"])
        #expect(piped.stderr.isEmpty, "no progress when stderr is not a terminal: \(piped.stderr)")
        #expect(!piped.stdout.contains("rec/s"))
    }
}
