import APXCore
import APXFixtures
import Foundation
import Testing
import TestSupport

/// Ten nights with `--as-of` jumps: working-day deadlines across a weekend, National Day,
/// a make-up Saturday and into 2027 (no calendar file); receipts with a rejected record
/// corrected and re-pushed; end requests; archive packages refused, re-pushed and accepted;
/// reminders and the credit record. Every notice type exactly once, on the right night.
@Suite(.serialized) struct ClosingTheLoopTests {
    let ws = TempWorkspace("apx-loop")
    var night: Night { Night(ws: ws) }
    static let l1 = Cast.lead1, l2 = Cast.lead2, p1 = Cast.p1, p2 = Cast.p2
    static let sub = Cast.p1 + "-0001"

    func gb(_ s: String) -> [UInt8] { GB18030.encode(s) }

    func sl(_ slbh: String, _ xmdm: String, _ name: String, _ unit: (name: String, uscc: String), slsj: String, cnsx: Int) {
        ws.drop("sgt", "SGT_SL_\(slbh).xml", text: ResultBuilders.sgt(lx: "SL", slbh: slbh, xmdm: xmdm, xmmc: name, jsdw: unit,
                                                                      slsj: slsj, cnsx: cnsx))
    }

    func unzip(_ args: [String]) -> (Int32, [UInt8]) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/unzip")
        p.arguments = args
        let out = Pipe()
        p.standardOutput = out
        p.standardError = FileHandle.nullDevice
        try! p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, Array(data))
    }

    /// Every notice published so far: (file, TZBH, LX, subject-ish text).
    func notices() -> [(file: String, tzbh: String, lx: String, xmdm: String, nr: String)] {
        var out: [(String, String, String, String, String)] = []
        for file in ws.files(under: "outbox/notices") where file.hasSuffix(".csv") {
            let bytes = Array(FileManager.default.contents(atPath: ws.path(file)) ?? Data())
            #expect(Array(bytes.prefix(3)) == [0xEF, 0xBB, 0xBF], "BOM in \(file)")
            let text = String(decoding: bytes.dropFirst(3), as: UTF8.self)
            #expect(text.hasPrefix("TZBH,LX,XMDM,GCDM,DWTYSHXYDM,DWMC,SXBM,NR,SJ\r\n"))
            #expect(!text.replacingOccurrences(of: "\r\n", with: "").contains("\n"), "CRLF only in \(file)")
            for line in text.components(separatedBy: "\r\n").dropFirst() where !line.isEmpty {
                let f = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
                out.append(((file as NSString).lastPathComponent, f[0], f[1], f[2], f[7]))
            }
        }
        return out
    }

    func count(_ lx: String, _ needle: String = "") -> Int {
        notices().filter { $0.lx == lx && (needle.isEmpty || $0.nr.contains(needle)) }.count
    }

    @Test func tenNights() throws {
        let l1 = Self.l1, l2 = Self.l2
        // ---------- N1 2026-09-29 ----------
        let p1 = ProjectFixture(xmdm: Self.p1, xmmc: "安置房项目", units: [l1, Cast.unit2])
        var p2 = ProjectFixture(xmdm: Self.p2, xmmc: "赣江大桥", units: [l2])
        p2.xzqhdm = "360702"
        ws.drop("tzxm", "TZXM_20260928_01.csv", GB18030.encode(Builders.tzxmCSV([p1, p2])))
        var r2 = RequestFixture(qqbh: "R2", xmdm: Self.p2, xmmc: "赣江大桥", sqdwdm: l2.uscc, sqdwmc: l2.name)
        r2.xzqhdm = "360702"
        ws.drop("rkqq", "RKQQ_20260928_01.csv", text: Builders.rkqqCSV([
            RequestFixture(qqbh: "R1", xmdm: Self.p1, xmmc: "安置房项目", sqdwdm: l1.uscc, sqdwmc: l1.name), r2,
        ]))
        sl("SC1", Self.p1, "安置房项目", l1, slsj: "2026-09-29T09:00:00+08:00", cnsx: 3)   // due Fri 2026-10-09
        let ghxk = PDFWriter.document(info: [("XMDM", Self.p1), ("SXBM", "GHXK"), ("WJBH", "建字第1号"), ("FZJG", "规划局"),
                                             ("FZRQ", "2026-09-01"), ("JSDWDM", l1.uscc), ("Title", "建设工程规划许可证")])
        ws.drop("manual", "ghxk.pdf", ghxk)
        ws.drop("dtjg", "DTJG_HTBA_20260928_01.csv", gb(ResultBuilders.dtjg(kind: "HTBA", rows: [
            ["XMDM": Self.p1, "XMMC": "安置房项目", "JSDWDM": l1.uscc, "JSDWMC": l1.name, "HTBABH": "HT-1", "HTLX": "1", "ZBFS": "3",
             "CBDWMC": "建工", "CBDWDM": Cast.unit2.uscc, "HTJE": "100", "QDRQ": "2026-09-01", "BARQ": "2026-09-02"],
            ["XMDM": Self.p1, "XMMC": "安置房项目", "JSDWDM": l1.uscc, "JSDWMC": l1.name, "HTBABH": "HT-2", "HTLX": "2", "ZBFS": "3",
             "CBDWMC": "监理", "CBDWDM": Cast.unit2.uscc, "HTJE": "10", "QDRQ": "2026-09-01", "BARQ": "2026-09-02"],
        ])))
        #expect(night.run("2026-09-29").status == 0)
        #expect(APXProcess.run(["project", "split", Self.p1, "--gcdm", Self.sub, "--name", "一期", "--root", ws.root]).status == 0)
        #expect(notices().isEmpty)

        // ---------- N2 2026-09-30: receipts for N1's file; P2's record rejected ----------
        let firstFile = try #require(night.pushFiles().first.map { ($0 as NSString).lastPathComponent })
        ws.drop("gov-receipt", "HZ_\(firstFile)", text: """
            <?xml version="1.0" encoding="UTF-8"?>
            <HZ wjm="\(firstFile)" clsj="2026-09-30T08:15:00+08:00">
              <JL dfsjzj="XM:\(Self.p1)" bbh="1" sjsczt="3"/>
              <JL dfsjzj="XM:\(Self.p2)" bbh="1" sjsczt="2" sbyy="建设单位与赋码信息不一致"/>
            </HZ>
            """)
        #expect(night.run("2026-09-30").status == 0)
        #expect(notices().isEmpty)                                   // SC1: two working days left
        let rejected = try #require(night.review(for: Self.p2, reason: "GOV_REJECTED"))
        #expect((rejected["fields"] as? [[String: Any]])?.first?["theirs"] as? String == "建设单位与赋码信息不一致")
        #expect(APXProcess.run(["review", "accept", "\(rejected["id"]!)", "--root", ws.root, "--by", "张三",
                                "--set", "JSDW=赣江新区建设投资集团有限公司|\(l2.uscc)"]).status == 0)

        // ---------- N3 2026-10-08 (after National Day): SC1 has one working day left ----------
        sl("SC2", Self.p2, "赣江大桥", l2, slsj: "2026-10-08T10:00:00+08:00", cnsx: 2)    // due Sat 2026-10-10 (make-up day)
        #expect(night.run("2026-10-08").status == 0)
        #expect(count("SXCB", "SC1") == 1)
        let pushed3 = try night.verifiedPushRecords()
        #expect(pushed3.contains(["XMJBXX", "XM:\(Self.p2)", "1", "0"]))
        #expect(pushed3.contains(["XMJBXX", "XM:\(Self.p2)", "2", "1"]))
        let corrected = night.pushFiles().map { ws.read($0) ?? "" }.joined()
        #expect(corrected.contains("赣江新区建设投资集团有限公司"))

        // ---------- N4 2026-10-09: SC1 due today; SC2 one working day left (Saturday is a workday) ----------
        #expect(night.run("2026-10-09").status == 0)
        #expect(count("SXDB", "SC1") == 1)
        #expect(count("SXCB", "SC2") == 1)

        // ---------- N5 2026-10-12 (Mon): both overdue; results finish; end requests ----------
        let hgs = ResultBuilders.Attachment(name: "SC1.pdf", bytes: PDFWriter.document(info: [("Title", "合格书")]))
        ws.drop("sgt", hgs.name, hgs.bytes, marker: false)
        ws.drop("sgt", "SGT_BJ_SC1.xml", text: ResultBuilders.sgt(lx: "BJ", slbh: "SC1", xmdm: Self.p1, xmmc: "安置房项目", jsdw: l1,
                                                                  slsj: "2026-09-29T09:00:00+08:00", cnsx: 3, hgsbh: "审字1号",
                                                                  bjsj: "2026-10-12T10:00:00+08:00", attachments: [hgs]))
        func sgxk(_ permit: String) -> [String: String] {
            ["XMDM": Self.p1, "XMMC": "安置房项目", "JSDWDM": l1.uscc, "JSDWMC": l1.name, "SGXKZBH": permit, "FZJG": "住建局",
             "FZRQ": "2026-10-12", "SLSJ": "2026-10-09", "CNSX": "5"]
        }
        ws.drop("dtjg", "DTJG_SGXK_20261012_01.csv", gb(ResultBuilders.dtjg(kind: "SGXK", rows: [sgxk("360111202610120101")])))
        func jgysba(_ gcdm: String, _ n: String) -> [String: String] {
            ["XMDM": Self.p1, "GCDM": gcdm, "XMMC": "安置房项目一期", "JSDWDM": l1.uscc, "JSDWMC": l1.name, "JGYSBABH": n,
             "JGYSLX": "1", "BAJG": "住建局", "BARQ": "2026-10-12"]
        }
        ws.drop("dtjg", "DTJG_JGYSBA_20261012_01.csv", gb(ResultBuilders.dtjg(kind: "JGYSBA", rows: [jgysba("", "JG-1"), jgysba(Self.sub, "JG-2")])))
        ws.drop("jsqq", "JSQQ_20261012_01.csv", text: Builders.csv(header: ["QQBH", "XMDM", "SQDWDM", "SQSJ"], rows: [
            ["JS1", Self.p1, Cast.unit2.uscc, "2026-10-12T09:00:00+08:00"],     // not the lead unit
            ["JS2", Self.p2, l2.uscc, "2026-10-12T09:05:00+08:00"],             // no completion filing
            ["JS3", Self.p1, l1.uscc, "2026-10-12T09:10:00+08:00"],             // eligible
        ]))
        let n5 = night.run("2026-10-12")
        #expect(n5.status == 0)
        // SC1 finished in this very run (late: SFCS 1 below), so it is no longer open: no SXDC.
        #expect(count("SXDC", "SC1") == 0)
        #expect(count("SXDC", "SC2") == 1)
        #expect(count("SXDB", "SC2") == 0)                           // no run on its due day: only what fits today
        #expect(count("JSBH", "JS1") == 1)
        #expect(count("JSBH", "JS2") == 1)
        #expect(notices().first { $0.lx == "JSBH" && $0.nr.contains("JS2") }?.nr.contains(Self.p2) == true)
        #expect(night.project(Self.p1)["state"] as? String == "ENDING")
        #expect(night.project(Self.p2)["state"] as? String == "WAREHOUSED")
        #expect(intAt(n5.summary, "push", "archive", "packages") == 1)
        let package1 = "outbox/archive/DA_\(Self.p1)_20261012.zip"
        #expect(ws.exists(package1) && ws.exists(package1 + ".ok"))
        // The package: unzip -t, sha256sum -c, every warehoused result once, documents byte-identical.
        #expect(unzip(["-tq", ws.path(package1)]).0 == 0)
        let manifest = String(decoding: unzip(["-p", ws.path(package1), "manifest.xml"]).1, as: UTF8.self)
        let warehoused = (night.project(Self.p1)["results"] as? [[String: Any]] ?? []).filter { $0["state"] as? String == "WAREHOUSED" }
        #expect(warehoused.count == 7)   // GHXK, SGHT, JLHT, SGTSC, SGXK, JGYSBA ×2
        for r in warehoused {
            #expect(manifest.components(separatedBy: "<WJBH>\(r["number"] as! String)</WJBH>").count == 2, "\(r["number"]!) once")
        }
        #expect(manifest.contains("<ZXM><GCDM>\(Self.sub)</GCDM><GCMC>一期</GCMC></ZXM>"))
        let ghxkEntry = try #require(manifest.range(of: "files/[0-9]{4}_GHXK.pdf", options: .regularExpression).map { String(manifest[$0]) })
        #expect(SHA256.hex(unzip(["-p", ws.path(package1), ghxkEntry]).1) == SHA256.hex(ghxk))
        let sgtscEntry = try #require(manifest.range(of: "files/[0-9]{4}_SGTSC.pdf", options: .regularExpression).map { String(manifest[$0]) })
        #expect(unzip(["-p", ws.path(package1), sgtscEntry]).1 == hgs.bytes)
        let listing = String(decoding: unzip(["-Z1", ws.path(package1)]).1, as: UTF8.self).split(separator: "\n")
        #expect(listing.filter { $0.hasPrefix("files/") }.count == manifest.components(separatedBy: "<DZWJ>").count - 1)
        // SGTSC finished after 5 working days against 3 promised: late.
        #expect(night.pushFiles().map { ws.read($0) ?? "" }.joined().contains("<SYGZR>5</SYGZR><SFCS>1</SFCS>"))

        // ---------- N6 2026-10-13: the archive refuses the package; two corrected packages the same day ----------
        ws.drop("archive-receipt", "HZ_DA_\(Self.p1)_20261013.xml", text: """
            <?xml version="1.0" encoding="UTF-8"?>
            <DAHZ xmdm="\(Self.p1)" bm="DA_\(Self.p1)_20261012.zip" jszt="0" jsrq="2026-10-13" sm="竣工图未签章"/>
            """)
        #expect(night.run("2026-10-13").status == 0)
        #expect(count("DATH", "竣工图未签章") == 1)
        #expect(night.project(Self.p1)["state"] as? String == "ENDING")
        #expect(APXProcess.run(["archive", "repush", Self.p1, "--as-of", "2026-10-13", "--root", ws.root]).status == 0)
        #expect(APXProcess.run(["archive", "repush", Self.p1, "--as-of", "2026-10-13", "--root", ws.root]).status == 0)
        for name in ["DA_\(Self.p1)_20261013.zip", "DA_\(Self.p1)_20261013_2.zip"] {
            #expect(ws.exists("outbox/archive/\(name).ok"), "\(name)")
            #expect(unzip(["-tq", ws.path("outbox/archive/\(name)")]).0 == 0, "\(name)")
        }
        #expect(APXProcess.run(["archive", "repush", Self.p2, "--root", ws.root]).status != 0)   // not ENDING

        // ---------- N7 2026-12-27: into the reminder window (deadline 2027-01-10) ----------
        sl("SC3", Self.p2, "赣江大桥", l2, slsj: "2026-12-28T09:00:00+08:00", cnsx: 4)   // due 2027-01-01 (no 2027 calendar)
        #expect(night.run("2026-12-27").status == 0)
        #expect(count("DACX") == 1)
        #expect(night.run("2026-12-28").status == 0)                 // the next night: no second reminder
        #expect(count("DACX") == 1)

        // ---------- N8 2026-12-31: into 2027, which has no calendar file ----------
        let n8 = night.run("2026-12-31")
        #expect(count("SXCB", "SC3") == 1)
        #expect((n8.summary["warnings"] as? [String])?.contains { $0.contains("2027") } == true)

        // ---------- N9 2027-01-11: past the archive deadline without an accepting receipt ----------
        let n9 = night.run("2027-01-11")
        #expect(n9.status == 0)
        #expect(count("XYJL") == 1)
        #expect(count("SXDC", "SC3") == 1)
        let report = try #require(ws.files(under: "reports").filter { $0.hasSuffix(".json") }.compactMap { ws.read($0) }
            .first { $0.contains("\"asOf\": \"2027-01-11\"") })
        let json = try #require(try JSONSerialization.jsonObject(with: Data(report.utf8)) as? [String: Any])
        #expect(((json["unacknowledged"] as? [String: Any])?["count"] as? Int ?? 0) > 0)
        let byCity = ((json["efficiency"] as? [String: Any])?["byCity"] as? [[String: Any]]) ?? []
        #expect(byCity.contains { $0["city"] as? String == "3601" && ($0["finished"] as? Int ?? 0) >= 2 })
        let byItem = ((json["efficiency"] as? [String: Any])?["byItem"] as? [[String: Any]]) ?? []
        #expect(byItem.first { $0["sxbm"] as? String == "SGTSC" }?["onTime"] as? Int == 0)

        // ---------- N10 2027-01-12: the archive accepts → ENDED ----------
        ws.drop("archive-receipt", "HZ_DA_\(Self.p1)_20270112.xml", text: """
            <?xml version="1.0" encoding="UTF-8"?>
            <DAHZ xmdm="\(Self.p1)" bm="DA_\(Self.p1)_20261013_2.zip" jszt="1" jsrq="2027-01-12" sm=""/>
            """)
        let n10 = night.run("2027-01-12")
        #expect(intAt(n10.summary, "projects", "ended") == 1)
        #expect(night.project(Self.p1)["state"] as? String == "ENDED")
        #expect(!((night.project(Self.p1)["results"] as? [[String: Any]]) ?? []).isEmpty)   // data kept

        // A rerun repeats nothing; every notice exactly once, with unique TZBH.
        let before = notices().count
        #expect(intAt(night.run("2027-01-12").summary, "push", "notices") == 0)
        #expect(notices().count == before)
        let all = notices()
        #expect(Set(all.map(\.tzbh)).count == all.count)
        #expect(Dictionary(grouping: all, by: \.lx).mapValues(\.count)
                == ["SXCB": 3, "SXDB": 1, "SXDC": 2, "JSBH": 2, "DATH": 1, "DACX": 1, "XYJL": 1])
        // Right night: the notices file of each night carries its own notices.
        #expect(all.first { $0.lx == "DACX" }?.file.hasPrefix("TZ_20261227_") == true)
        #expect(all.first { $0.lx == "XYJL" }?.file.hasPrefix("TZ_20270111_") == true)
        #expect(all.first { $0.lx == "SXDB" }?.file.hasPrefix("TZ_20261009_") == true)
        // The supervision view over the ten nights: two cities, five months, every figure by SQL.
        let dashboard = try DashboardVerification.verify(ws.root, from: "2026-09-01", to: "2027-01-31", asOf: "2027-01-12")
        #expect(DashboardVerification.coverage(dashboard).cities == 2)
        #expect(DashboardVerification.coverage(dashboard).months >= 2)
        // The history of P1 lists every archive package in the outbox.
        let history = (APXProcess.run(["project", "history", Self.p1, "--root", ws.root, "--json"]).json as? [String: Any])?["events"] as? [[String: Any]] ?? []
        let packages = Set(history.filter { $0["type"] as? String == "package" }.compactMap { $0["name"] as? String })
        #expect(packages == Set(ws.files(under: "outbox/archive").filter { $0.hasSuffix(".zip") }.map { ($0 as NSString).lastPathComponent }))
        #expect(history.contains { $0["type"] as? String == "project" && $0["to"] as? String == "ENDED" })
        let steps = history.filter { $0["type"] as? String == "package" }
            .map { "\($0["action"]!) \(($0["name"] as? String ?? "").dropFirst(28)) \($0["to"] as? String ?? "")" }
        #expect(steps == ["pushed 20261012.zip PUSHED", "state 20261012.zip REJECTED", "pushed 20261013.zip PUSHED",
                          "pushed 20261013_2.zip PUSHED", "state 20261013_2.zip ACCEPTED"])
        // Packages and notices files pass sha256sum -c.
        for dir in ["outbox/archive", "outbox/notices"] {
            for file in ws.files(under: dir) where file.hasSuffix(".sha256") {
                let p = Process()
                p.executableURL = URL(fileURLWithPath: "/usr/bin/sha256sum")
                p.arguments = ["-c", "--quiet", (file as NSString).lastPathComponent]
                p.currentDirectoryURL = URL(fileURLWithPath: ws.path(dir))
                try p.run(); p.waitUntilExit()
                #expect(p.terminationStatus == 0, "\(file)")
            }
        }
    }
}
