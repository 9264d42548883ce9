import Foundation
import Testing
import TestSupport

/// A partner's file name with terminal escapes (colour, clear screen, window title), a line
/// break and a right-to-left override: every text output shows it, none lets it act on the
/// operator's terminal, and the HTML report carries no raw control character.
@Suite struct ControlCharacterNameTests {
    static let name = "bad\u{1B}[2J\u{1B}]0;pwned\u{07}\nline\u{202E}fdp\u{9B}0m.pdf"

    static func hasRawControl(_ text: String) -> Bool {
        text.unicodeScalars.contains { ($0.value < 0x20 && $0 != "\n") || (0x7F...0x9F).contains($0.value) || $0.value == 0x202E }
    }

    @Test func quarantineListReportAndStatusShowTheNameWithoutObeyingIt() throws {
        let ws = TempWorkspace("apx-ctrl-names")
        ws.drop("manual", Self.name, text: "not a pdf")
        ws.drop("tzxm", "wait\u{1B}[31m.csv", text: "x", marker: false)
        let run = APXProcess.run(["run", "--root", ws.root, "--as-of", "2026-11-21"])
        #expect(run.status == 65, "\(run.stderr)")
        // Control bytes are already in the name's escaped form (issue 8: names are bytes); the
        // direction override is valid UTF-8 and is escaped where the name is shown.
        let stored = #"bad\x1B[2J\x1B]0;pwned\x07\x0Aline"# + "\u{202E}fdp\u{9B}0m.pdf"
        let shown = #"bad\x1B[2J\x1B]0;pwned\x07\x0Aline\u{202E}fdp\x9B0m.pdf"#

        let list = APXProcess.run(["quarantine", "list", "--root", ws.root])
        #expect(list.status == 0)
        #expect(!Self.hasRawControl(list.stdout), "\(list.stdout.debugDescription)")
        #expect(list.stdout.contains("manual/" + shown), "\(list.stdout)")
        // JSON keeps the stored name.
        let json = APXProcess.run(["quarantine", "list", "--root", ws.root, "--json"])
        #expect(((json.json as? [[String: Any]])?.first?["name"] as? String) == stored)

        let report = APXProcess.run(["report", "--root", ws.root])
        #expect(report.status == 0)
        #expect(!Self.hasRawControl(report.stdout), "\(report.stdout.debugDescription)")
        #expect(report.stdout.contains(shown))

        let status = APXProcess.run(["status", "--root", ws.root, "--as-of", "2026-11-21"])
        #expect(!Self.hasRawControl(status.stdout), "\(status.stdout.debugDescription)")
        #expect(status.stdout.contains(#"wait\x1B[31m.csv"#), "\(status.stdout)")

        let pages = try FileManager.default.contentsOfDirectory(atPath: ws.path("reports")).filter { $0.hasSuffix(".html") }
        let page = try String(contentsOfFile: ws.path("reports/" + (try #require(pages.first))), encoding: .utf8)
        #expect(!Self.hasRawControl(page))
        #expect(page.contains(shown))
    }
}
