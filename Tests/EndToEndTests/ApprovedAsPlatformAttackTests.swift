import Foundation
import Testing
import TestSupport

/// Approved data stored as a mark while it equals the platform data (014): over nights the
/// platform data of a warehoused project changes, changes back, arrives again identical, its
/// units change; the approved data (and what is pushed) changes only when a person accepts.
@Suite struct ApprovedAsPlatformAttackTests {
    static let xmdm = "2023-360111-48-01-000777"

    static func project(ztze: String = "35000.00", xmmc: String = "瑋城安置房项目", units: [(name: String, uscc: String)] = [Cast.lead1, Cast.unit2]) -> ProjectFixture {
        var p = ProjectFixture(xmdm: xmdm, xmmc: xmmc, units: units)
        p.ztze = ztze
        return p
    }

    @Test func approvedDataFollowsOnlyPeopleWhilePlatformDataChangesBackAndForth() throws {
        let ws = TempWorkspace("apx-aap")
        let night = Night(ws: ws)
        func data(_ key: String) -> [String: String] {
            (night.project(Self.xmdm)[key] as? [String: Any] ?? [:]).compactMapValues { $0 as? String }
        }
        func unitCodes() -> [String] {
            ((night.project(Self.xmdm)["units"] as? [[String: Any]]) ?? []).compactMap { $0["uscc"] as? String }
        }
        func pushedVersions() throws -> [[String]] {
            try night.verifiedPushRecords().filter { $0[1] == "XM:\(Self.xmdm)" }
        }

        // Night 1: on the platform and warehoused with the platform's data.
        ws.drop("tzxm", "TZXM_20261101_01.xml", text: Builders.tzxmXML([Self.project()]))
        ws.drop("rkqq", "RKQQ_20261101_01.csv", text: Builders.rkqqCSV([
            RequestFixture(qqbh: "RQ1", xmdm: Self.xmdm, xmmc: "瑋城安置房项目", sqdwdm: Cast.lead1.uscc, sqdwmc: Cast.lead1.name),
        ]))
        #expect(night.run("2026-11-02").status == 0)
        #expect(night.project(Self.xmdm)["state"] as? String == "WAREHOUSED")
        #expect(data("approved")["ZTZE"] == "35000.00" && data("platform")["ZTZE"] == "35000.00")
        #expect(try pushedVersions().map { $0[2] } == ["1"])

        // Night 2: the platform's investment changes: platform follows, approved stays, a review opens.
        ws.drop("tzxm", "TZXM_20261102_01.xml", text: Builders.tzxmXML([Self.project(ztze: "36000.00")]))
        night.run("2026-11-03")
        #expect(data("platform")["ZTZE"] == "36000.00")
        #expect(data("approved")["ZTZE"] == "35000.00", "approved data changes only by people")
        #expect(night.review(for: Self.xmdm, reason: "PLATFORM_CHANGED") != nil)
        #expect(try pushedVersions().map { $0[2] } == ["1"], "nothing pushed before a person accepts")

        // Night 3: changed back: platform equals approved again. (The extract differs in bytes
        // from night 1's — another project beside it: the same bytes again are a DUPLICATE, spec 03.)
        let other = ProjectFixture(xmdm: "2023-360111-48-01-000778", xmmc: "另一项目", units: [Cast.lead2])
        ws.drop("tzxm", "TZXM_20261103_01.xml", text: Builders.tzxmXML([Self.project(), other]))
        night.run("2026-11-04")
        #expect(data("platform")["ZTZE"] == "35000.00")
        #expect(data("approved")["ZTZE"] == "35000.00")
        #expect(try pushedVersions().map { $0[2] } == ["1"])

        // Night 4: the same data again under a new name: nothing changes, nothing pushed.
        let digest = try night.stateDigest()
        ws.drop("tzxm", "TZXM_20261104_01.xml", text: Builders.tzxmXML([other, Self.project()]))
        night.run("2026-11-05")
        #expect(data("approved") == data("platform"))
        #expect(try pushedVersions().map { $0[2] } == ["1"])
        #expect(try night.stateDigest().components(separatedBy: "\n").filter { $0.contains("\(Self.xmdm)|") && !$0.hasPrefix("XM") }
                    == digest.components(separatedBy: "\n").filter { $0.contains("\(Self.xmdm)|") && !$0.hasPrefix("XM") })

        // Night 5: the units change (the second unit replaced): approved units stay.
        ws.drop("tzxm", "TZXM_20261105_01.xml", text: Builders.tzxmXML([Self.project(units: [Cast.lead1, Cast.lead2])]))
        night.run("2026-11-06")
        #expect(unitCodes() == [Cast.lead1.uscc, Cast.unit2.uscc], "approved units are shown and unchanged")

        // A person accepts the open platform change(s): approved becomes the platform's data.
        for item in night.reviews() where (item["xmdm"] as? String) == Self.xmdm
            && ((item["reasons"] as? [String]) ?? []).contains("PLATFORM_CHANGED") {
            let r = APXProcess.run(["review", "accept", String(item["id"] as! Int), "--root", ws.root, "--by", "张三"])
            #expect(r.status == 0, "\(r.stderr)")
        }
        night.run("2026-11-07")
        #expect(unitCodes() == [Cast.lead1.uscc, Cast.lead2.uscc], "accepted: the platform's units")
        #expect(data("approved") == data("platform"))
        let afterAccept = try pushedVersions()
        #expect(afterAccept.last?[2] == "2" && afterAccept.last?[3] == "1", "version 2 after the accept: \(afterAccept)")

        // Night 7: the platform changes again after the accept: the accepted data stays approved.
        ws.drop("tzxm", "TZXM_20261107_01.xml", text: Builders.tzxmXML([Self.project(ztze: "99.00", xmmc: "瑋城安置房项目（调整）",
                                                                                       units: [Cast.lead1])]))
        night.run("2026-11-08")
        #expect(data("platform")["ZTZE"] == "99.00" && data("platform")["XMMC"] == "瑋城安置房项目（调整）")
        #expect(data("approved")["ZTZE"] == "35000.00" && data("approved")["XMMC"] == "瑋城安置房项目")
        #expect(unitCodes() == [Cast.lead1.uscc, Cast.lead2.uscc])
        #expect(try pushedVersions().count == afterAccept.count, "nothing pushed before a person accepts")
        let file = night.pushFiles().last.flatMap { ws.read($0) } ?? ""
        #expect(!file.contains("<ZTZE>99.00</ZTZE>"))
    }

    /// The same warehoused project twice in one extract (one transaction: the platform row
    /// just read or written is remembered): changed then back, back then changed.
    @Test func aProjectTwiceInOneExtractKeepsItsApprovedData() throws {
        let ws = TempWorkspace("apx-aap2")
        let night = Night(ws: ws)
        func data(_ key: String) -> [String: String] {
            (night.project(Self.xmdm)[key] as? [String: Any] ?? [:]).compactMapValues { $0 as? String }
        }
        ws.drop("tzxm", "TZXM_20261101_01.xml", text: Builders.tzxmXML([Self.project()]))
        ws.drop("rkqq", "RKQQ_20261101_01.csv", text: Builders.rkqqCSV([
            RequestFixture(qqbh: "RQ1", xmdm: Self.xmdm, xmmc: "瑋城安置房项目", sqdwdm: Cast.lead1.uscc, sqdwmc: Cast.lead1.name),
        ]))
        night.run("2026-11-02")
        #expect(night.project(Self.xmdm)["state"] as? String == "WAREHOUSED")

        // Changed, then back, in one file.
        ws.drop("tzxm", "TZXM_20261102_01.xml", text: Builders.tzxmXML([Self.project(ztze: "36000.00"), Self.project()]))
        night.run("2026-11-03")
        #expect(data("approved")["ZTZE"] == "35000.00")
        #expect(data("platform")["ZTZE"] == "35000.00", "the file's last record is the platform's data")

        // Back (the same), then changed, in one file: the approved data is written out before.
        ws.drop("tzxm", "TZXM_20261103_01.xml", text: Builders.tzxmXML([Self.project(), Self.project(ztze: "37000.00", units: [Cast.lead2])]))
        night.run("2026-11-04")
        #expect(data("approved")["ZTZE"] == "35000.00")
        #expect(data("platform")["ZTZE"] == "37000.00")
        let units = ((night.project(Self.xmdm)["units"] as? [[String: Any]]) ?? []).compactMap { $0["uscc"] as? String }
        #expect(units == [Cast.lead1.uscc, Cast.unit2.uscc], "approved units kept")
        let pushed = try night.verifiedPushRecords().filter { $0[1] == "XM:\(Self.xmdm)" }
        #expect(pushed.map { $0[2] } == ["1"], "nothing pushed before a person accepts")
    }
}
