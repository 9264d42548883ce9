import Foundation
import Testing
import TestSupport

/// Issue 8: `--as-of` earlier than the last completed run's, and a second receipt that
/// contradicts the first for the same record, were taken silently.
@Suite(.serialized) struct TimeAndReceiptsTests {
    func warehousedNight(_ ws: TempWorkspace) {
        ws.drop("tzxm", "TZXM_20261120_01.xml", text: Builders.tzxmXML([ProjectFixture(xmdm: Cast.p1, xmmc: "安置房项目", units: [Cast.lead1])]))
        ws.drop("rkqq", "RKQQ_20261120_01.csv", text: Builders.rkqqCSV([
            RequestFixture(qqbh: "R1", xmdm: Cast.p1, xmmc: "安置房项目", sqdwdm: Cast.lead1.uscc, sqdwmc: Cast.lead1.name),
        ]))
        #expect(Night(ws: ws).run("2026-11-21").status == 0)
    }

    @Test func anAsOfEarlierThanTheLastCompletedRunIsRefusedUnlessAllowed() throws {
        let ws = TempWorkspace("apx-asof")
        warehousedNight(ws)
        let reports = ws.files(under: "reports")
        let digest = try Night(ws: ws).stateDigest()
        ws.drop("tzxm", "TZXM_20261121_01.xml", text: Builders.tzxmXML([ProjectFixture(xmdm: Cast.p2, xmmc: "赣江大桥", units: [Cast.lead2])]))
        for args in [["run", "--as-of", "2026-11-20"], ["reprocess", "--quarantined", "--as-of", "2026-11-20"],
                     ["reprocess", "--project", Cast.p1, "--as-of", "2026-11-01"],
                     ["archive", "repush", Cast.p1, "--as-of", "2026-11-20", "--by", "张三"]] {
            let r = APXProcess.run(args + ["--root", ws.root])
            #expect(r.status == 64, "\(args.joined(separator: " ")): exit \(r.status)")
            #expect(r.stderr.contains("earlier than the last completed run's (2026-11-21") && r.stderr.contains("--allow-earlier"),
                    "\(r.stderr)")
        }
        #expect(ws.files(under: "reports") == reports, "nothing ran")
        #expect(try Night(ws: ws).stateDigest() == digest)
        #expect(ws.exists("inbox/tzxm/TZXM_20261121_01.xml.ok"))
        // The same day again is fine; an earlier one with --allow-earlier too (deliberately back in time).
        #expect(Night(ws: ws).run("2026-11-21").status == 0)
        #expect(Night(ws: ws).run("2026-11-20", extra: ["--allow-earlier"]).status == 0)
        #expect(APXProcess.run(["reprocess", "--project", Cast.p1, "--as-of", "2026-11-19", "--allow-earlier", "--root", ws.root]).status == 0)
    }

    /// Without `--as-of` (today) the run goes on, and its report says the clock looks wrong.
    @Test func todayEarlierThanTheLastRunIsWarnedAboutNotRefused() throws {
        let ws = TempWorkspace("apx-asof-today")
        #expect(Night(ws: ws).run("2099-01-05").status == 0)
        let r = APXProcess.run(["run", "--root", ws.root, "--json"])
        #expect(r.status == 0, "\(r.stderr)")
        let warnings = ((r.json as? [String: Any])?["warnings"] as? [String]) ?? []
        #expect(warnings.contains { $0.contains("earlier than the last completed run's as-of (2099-01-05") }, "\(warnings)")
    }

    @Test func aContradictingReceiptIsAppliedAndWarnedAboutWithBoth() throws {
        let ws = TempWorkspace("apx-receipts")
        warehousedNight(ws)
        let file = "SZWJ_20261121_000001.xml"
        #expect(ws.exists("outbox/gov/\(file).ok"))
        ws.drop("gov-receipt", "HZ_\(file)", text: """
            <?xml version="1.0" encoding="UTF-8"?><HZ wjm="\(file)"><JL dfsjzj="XM:\(Cast.p1)" bbh="1" sjsczt="3"/></HZ>
            """)
        let first = Night(ws: ws).run("2026-11-22")
        #expect(first.status == 0)
        #expect((first.summary["receiptConflicts"] as? [Any])?.isEmpty == true)
        // The same answer again: nothing to warn about.
        ws.drop("gov-receipt", "HZ_\(file)", text: """
            <?xml version="1.0" encoding="UTF-8"?><HZ wjm="\(file)"><JL dfsjzj="XM:\(Cast.p1)" bbh="1" sjsczt="3"/> </HZ>
            """)
        let again = Night(ws: ws).run("2026-11-23")
        #expect((again.summary["receiptConflicts"] as? [Any])?.isEmpty == true)
        // A second receipt for the same record says the opposite.
        ws.drop("gov-receipt", "HZ_\(file)", text: """
            <?xml version="1.0" encoding="UTF-8"?><HZ wjm="\(file)"><JL dfsjzj="XM:\(Cast.p1)" bbh="1" sjsczt="2" sbyy="单位不一致"/></HZ>
            """)
        let second = Night(ws: ws).run("2026-11-24")
        #expect(second.status == 0)
        let conflicts = second.summary["receiptConflicts"] as? [[String: Any]] ?? []
        #expect(conflicts.count == 1)
        #expect(conflicts.first?["dfsjzj"] as? String == "XM:\(Cast.p1)" && conflicts.first?["bbh"] as? Int == 1)
        #expect((conflicts.first?["earlier"] as? [String: Any])?["state"] as? String == "ACCEPTED")
        #expect((conflicts.first?["later"] as? [String: Any])?["state"] as? String == "REJECTED")
        #expect((conflicts.first?["later"] as? [String: Any])?["sbyy"] as? String == "单位不一致")
        let warnings = second.summary["warnings"] as? [String] ?? []
        #expect(warnings.contains { $0.contains("contradicts an earlier receipt") && $0.contains("ACCEPTED") && $0.contains("单位不一致") })
        // Applied: the rejection opens GOV_REJECTED for a person; the report says it too.
        #expect(Night(ws: ws).review(for: Cast.p1, reason: "GOV_REJECTED") != nil)
        let run = second.summary["run"] as? String ?? ""
        #expect(ws.read("reports/\(run).html")?.contains("contradicts an earlier receipt") == true)
        #expect(ws.read("reports/\(run).json")?.contains("receiptConflicts") == true)
    }

    @Test func anArchiveReceiptContradictingTheEarlierOneIsAppliedAndWarnedAbout() throws {
        let ws = TempWorkspace("apx-archive-receipts")
        for (i, night) in CrashScenario.nights.enumerated() {   // the third night's receipt refuses the package
            CrashScenario.drop(night: i, into: ws)
            #expect([0, 65].contains(APXProcess.run(["run", "--root", ws.root, "--as-of", night]).status))
        }
        let package = "DA_\(Cast.p1)_20261012.zip"
        #expect(Night(ws: ws).project(Cast.p1)["state"] as? String == "ENDING")
        ws.drop("archive-receipt", "HZ_DA_\(Cast.p1)_20261014.xml", text: """
            <?xml version="1.0" encoding="UTF-8"?><DAHZ xmdm="\(Cast.p1)" bm="\(package)" jszt="1" jsrq="2026-10-14" sm=""/>
            """)
        let r = Night(ws: ws).run("2026-10-14")
        #expect(r.status == 0)
        let conflicts = r.summary["receiptConflicts"] as? [[String: Any]] ?? []
        #expect(conflicts.count == 1 && conflicts.first?["file"] as? String == package && conflicts.first?["xmdm"] as? String == Cast.p1)
        #expect((conflicts.first?["earlier"] as? [String: Any])?["state"] as? String == "REJECTED")
        #expect((conflicts.first?["earlier"] as? [String: Any])?["sbyy"] as? String == "缺签章")
        #expect((conflicts.first?["later"] as? [String: Any])?["state"] as? String == "ACCEPTED")
        #expect((r.summary["warnings"] as? [String] ?? []).contains { $0.contains("archive package \(package)") && $0.contains("缺签章") })
        #expect(Night(ws: ws).project(Cast.p1)["state"] as? String == "ENDED", "applied")
    }
}
