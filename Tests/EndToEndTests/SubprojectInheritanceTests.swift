import Foundation
import Testing
import TestSupport

@Suite struct SubprojectInheritanceTests {
    @Test func acceptedChangeOfTheMainProjectIsPushedForItsSubprojectsToo() throws {
        let ws = TempWorkspace("apx-inherit")
        let night = Night(ws: ws)
        var p = ProjectFixture(xmdm: Cast.p1, xmmc: "安置房项目", units: [Cast.lead1])
        ws.drop("tzxm", "TZXM_20261120_01.xml", text: Builders.tzxmXML([p]))
        ws.drop("rkqq", "RKQQ_20261120_01.csv", text: Builders.rkqqCSV([
            RequestFixture(qqbh: "R1", xmdm: Cast.p1, xmmc: "安置房项目", sqdwdm: Cast.lead1.uscc, sqdwmc: Cast.lead1.name),
        ]))
        #expect(night.run("2026-11-21").status == 0)
        #expect(APXProcess.run(["project", "split", Cast.p1, "--gcdm", Cast.p1 + "-0001", "--name", "一期", "--root", ws.root]).status == 0)
        #expect(APXProcess.run(["project", "split", Cast.p1, "--gcdm", Cast.p1 + "-0002", "--name", "二期", "--root", ws.root]).status == 0)
        #expect(APXProcess.run(["project", "recycle", Cast.p1 + "-0002", "--root", ws.root]).status == 0)
        #expect(night.run("2026-11-22").status == 0)

        p.ztze = "36,000.00"
        ws.drop("tzxm", "TZXM_20261122_01.xml", text: Builders.tzxmXML([p]))
        #expect(night.run("2026-11-23").status == 0)
        let item = try #require(night.review(for: Cast.p1, reason: "PLATFORM_CHANGED"))
        #expect(APXProcess.run(["review", "accept", "\(item["id"]!)", "--by", "张三", "--root", ws.root]).status == 0)
        #expect(night.run("2026-11-24").status == 0)

        let last = try #require(night.pushFiles().last.flatMap { ws.read($0) })
        #expect(ws.read(night.pushFiles().last!)?.contains("SZWJ_20261124_") == true)
        for key in ["XM:\(Cast.p1)", "XM:\(Cast.p1)-0001"] {
            #expect(last.contains("dfsjzj=\"\(key)\" bbh=\"1\" sjyxbs=\"0\""), "\(key) invalidated")
            #expect(last.contains("dfsjzj=\"\(key)\" bbh=\"2\" sjyxbs=\"1\""), "\(key) version 2")
        }
        #expect(!last.contains("\(Cast.p1)-0002"))      // recycled: not pushed again
        #expect(last.components(separatedBy: "<ZTZE>36000.00</ZTZE>").count == 3)
    }
}

@Suite struct RecycleBinTests {
    @Test func aSubprojectIsEmptiedThroughTheRecycleBinThenRecycled() throws {
        let ws = TempWorkspace("apx-recycle")
        let night = Night(ws: ws)
        let sub = Cast.p1 + "-0001"
        ws.drop("tzxm", "TZXM_20261120_01.xml", text: Builders.tzxmXML([ProjectFixture(xmdm: Cast.p1, xmmc: "安置房项目", units: [Cast.lead1])]))
        ws.drop("rkqq", "RKQQ_20261120_01.csv", text: Builders.rkqqCSV([
            RequestFixture(qqbh: "R1", xmdm: Cast.p1, xmmc: "安置房项目", sqdwdm: Cast.lead1.uscc, sqdwmc: Cast.lead1.name),
        ]))
        #expect(night.run("2026-11-21").status == 0)
        #expect(APXProcess.run(["project", "split", Cast.p1, "--gcdm", sub, "--name", "一标段", "--root", ws.root]).status == 0)
        ws.drop("dtjg", "DTJG_ZBTZS_20261121_01.csv", GB18030.encode(ResultBuilders.dtjg(kind: "ZBTZS", rows: [
            ["XMDM": Cast.p1, "GCDM": sub, "XMMC": "安置房项目一标段", "JSDWDM": Cast.lead1.uscc, "JSDWMC": Cast.lead1.name,
             "ZBTZSBH": "ZB-9", "ZBFS": "1", "ZBDWMC": "建工", "ZBDWDM": Cast.unit2.uscc, "ZBJE": "1", "ZBRQ": "2026-11-01"],
        ])))
        #expect(night.run("2026-11-22").status == 0)
        #expect(APXProcess.run(["project", "recycle", sub, "--root", ws.root]).status == 64)
        #expect(APXProcess.run(["result", "recycle", "ZBTZS", "ZB-9", "--root", ws.root]).status == 64)        // --by needed
        #expect(APXProcess.run(["result", "recycle", "ZBTZS", "ZB-404", "--by", "x", "--root", ws.root]).status == 66)
        #expect(APXProcess.run(["result", "recycle", "ZBTZS", "ZB-9", "--by", "赣江建设", "--root", ws.root]).status == 0)
        #expect(APXProcess.run(["project", "recycle", sub, "--root", ws.root]).status == 0)
        #expect(night.run("2026-11-23").status == 0)
        let results = night.project(Cast.p1)["results"] as? [[String: Any]] ?? []
        #expect(results.first { $0["number"] as? String == "ZB-9" }?["state"] as? String == "RECYCLED")   // kept, not deleted
        let pushed = try night.verifiedPushRecords()
        #expect(pushed.contains(["PFWJ", "PF:ZBTZS:ZB-9", "1", "0"]))
        #expect(pushed.contains(["SPSXBL", "BL:ZBTZS:ZB-9", "1", "0"]))
        #expect(pushed.contains(["XMJBXX", "XM:\(sub)", "1", "0"]))
    }
}
