import APXFixtures
import Foundation
import Testing
import TestSupport

/// Several nights of results through the built binary: drawing review (SL/BJ + PDFs),
/// supervision CSV, manual PDFs; every result rule, reason and state; order independence;
/// versions; sub-projects; SPSXBL/PFWJ pushed once per version.
@Suite(.serialized) struct ResultsNightsTests {
    let ws = TempWorkspace("apx-results")
    var night: Night { Night(ws: ws) }

    static let l1 = Cast.lead1, l2 = Cast.lead2, outsider = Cast.outsider
    static let p1 = Cast.p1, p2 = Cast.p2, p9 = "2024-360111-47-03-000999"
    static let p1name = "青山湖区湖坊镇安置房建设项目", p2name = "赣江大桥"
    static let sub1 = p1 + "-0001"

    /// Drops files in a seeded shuffled order (the drop order never matters).
    func dropShuffled(_ files: [(String, String, [UInt8])], seed: UInt64) {
        var rng = SplitMix(seed: seed)
        for (source, name, bytes) in files.shuffled(using: &rng) { ws.drop(source, name, bytes) }
    }

    func pdf(_ xmdm: String, _ sxbm: String, _ wjbh: String, gcdm: String? = nil, jsdw: String = ResultsNightsTests.l1.uscc,
             layout: PDFWriter.Layout = .classic, form: PDFWriter.TextForm = .hexUTF16, drop: [String] = [],
             encrypted: Bool = false) -> [UInt8] {
        var info: [(String, String)] = [("XMDM", xmdm), ("SXBM", sxbm), ("WJBH", wjbh), ("FZJG", "南昌市自然资源和规划局"),
                                        ("FZRQ", "2026-09-15"), ("JSDWDM", jsdw), ("Title", "\(sxbm)证书 \(wjbh)")]
        if let gcdm { info.append(("GCDM", gcdm)) }
        info.removeAll { drop.contains($0.0) }
        return ResultBuilders.manualPDF(info, layout: layout, form: form, encrypted: encrypted)
    }

    func zbtzs(_ xmdm: String, _ number: String, gcdm: String = "", xmmc: String = ResultsNightsTests.p1name,
               jsdw: (name: String, uscc: String) = ResultsNightsTests.l1, zbrq: String = "2026/11/1", zbje: String = "1,234.50") -> [String: String] {
        ["XMDM": xmdm, "GCDM": gcdm, "XMMC": xmmc, "JSDWDM": jsdw.uscc, "JSDWMC": jsdw.name, "ZBTZSBH": number,
         "BDMC": "一标段", "ZBFS": "1", "ZBDWMC": "江西建工集团", "ZBDWDM": Cast.unit2.uscc, "ZBJE": zbje, "ZBRQ": zbrq]
    }

    func htba(_ xmdm: String, _ number: String, htlx: String, zbfs: String, gcdm: String = "",
              xmmc: String = ResultsNightsTests.p1name, jsdw: (name: String, uscc: String) = ResultsNightsTests.l1) -> [String: String] {
        ["XMDM": xmdm, "GCDM": gcdm, "XMMC": xmmc, "JSDWDM": jsdw.uscc, "JSDWMC": jsdw.name, "HTBABH": number, "HTLX": htlx,
         "ZBFS": zbfs, "ZBTZSBH": zbfs == "3" ? "" : "ZB-1", "CBDWMC": "江西建工集团", "CBDWDM": Cast.unit2.uscc,
         "HTJE": "980.00", "QDRQ": "2026年11月2日", "BARQ": "20261105"]
    }

    func sgxk(_ xmdm: String, _ permit: String, gcdm: String = "", xmmc: String = ResultsNightsTests.p1name,
              jsdw: (name: String, uscc: String) = ResultsNightsTests.l1) -> [String: String] {
        ["XMDM": xmdm, "GCDM": gcdm, "XMMC": xmmc, "JSDWDM": jsdw.uscc, "JSDWMC": jsdw.name, "SGXKZBH": permit,
         "SGDWMC": "江西建工集团", "SGDWDM": Cast.unit2.uscc, "JLDWMC": "", "JLDWDM": "", "HTJE": "980", "JZMJ": "12,345.6",
         "FZJG": "南昌市住房和城乡建设局", "FZRQ": "2026-11-18", "SLSJ": "2026-11-10 09:00", "CNSX": "7"]
    }

    func gb(_ text: String) -> [UInt8] { GB18030.encode(text) }

    func result(_ xmdm: String, _ sxbm: String, _ number: String) -> [String: Any]? {
        let results = night.project(xmdm)["results"] as? [[String: Any]] ?? []
        return results.filter { $0["sxbm"] as? String == sxbm && $0["number"] as? String == number }
            .max { ($0["version"] as? Int ?? 0) < ($1["version"] as? Int ?? 0) }
    }

    func state(_ xmdm: String, _ sxbm: String, _ number: String) -> String? { result(xmdm, sxbm, number)?["state"] as? String }

    func quarantineCode(_ relative: String) -> String? {
        guard let text = ws.read(relative + ".reason.json"),
              let o = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] else { return nil }
        return o["code"] as? String
    }

    @Test func nightsOfResults() throws {
        let l1 = Self.l1, l2 = Self.l2
        // ---------- Night 1 ----------
        let p1 = ProjectFixture(xmdm: Self.p1, xmmc: Self.p1name, units: [l1, Cast.unit2])
        let p2 = ProjectFixture(xmdm: Self.p2, xmmc: Self.p2name, units: [l2])
        let good = ResultBuilders.Attachment(name: "SC2_hgs.pdf", bytes: pdf(Self.p2, "SGTSC", "X"))
        let listedBad = ResultBuilders.Attachment(name: "SC8_hgs.pdf", bytes: Array("real bytes".utf8))
        var files: [(String, String, [UInt8])] = [
            ("tzxm", "TZXM_20261120_01.csv", gb(Builders.tzxmCSV([p1, p2]))),
            ("rkqq", "RKQQ_20261120_01.csv", Array(Builders.rkqqCSV([
                RequestFixture(qqbh: "R1", xmdm: Self.p1, xmmc: Self.p1name, sqdwdm: l1.uscc, sqdwmc: l1.name),
                RequestFixture(qqbh: "R2", xmdm: Self.p2, xmmc: Self.p2name, sqdwdm: l2.uscc, sqdwmc: l2.name),
            ]).utf8)),
            // manual: GHXK (classic, hex UTF-16), RFSP for P2 (xref stream + predictor), XFYS for P2 (needs SGXK),
            // one for an unknown project, an item code that carries no document, and three bad PDFs.
            ("manual", "规划许可证.pdf", pdf(Self.p1, "GHXK", "建字第360111202600012号", form: .literalUTF16)),
            ("manual", "rfsp.pdf", pdf(Self.p2, "RFSP", "赣人防审字[2026]8号", jsdw: l2.uscc, layout: .xrefStream(predictor: true))),
            ("manual", "xfys.pdf", pdf(Self.p2, "XFYS", "洪消验字[2026]11号", jsdw: l2.uscc, layout: .xrefStream(predictor: false))),
            ("manual", "unknown-project.pdf", pdf(Self.p9, "GHXK", "建字第999号")),
            ("manual", "not-a-document-item.pdf", pdf(Self.p1, "ZBTZS", "ZB-X")),
            ("manual", "encrypted.pdf", pdf(Self.p1, "YDGH", "E-1", encrypted: true)),
            ("manual", "no-number.pdf", pdf(Self.p1, "YDGH", "E-2", drop: ["WJBH"])),
            ("manual", "truncated.pdf", Array(pdf(Self.p1, "YDGH", "E-3").prefix(200))),
            // sgt: P1 accepted (SL); P2 failed review (BJ, SCJL 0); BJ whose attachment is missing; BJ whose attachment differs.
            ("sgt", "SGT_SL_SC1.xml", Array(ResultBuilders.sgt(lx: "SL", slbh: "SC1", xmdm: Self.p1, xmmc: Self.p1name, jsdw: l1).utf8)),
            ("sgt", "SGT_BJ_SC2.xml", Array(ResultBuilders.sgt(lx: "BJ", slbh: "SC2", xmdm: Self.p2, xmmc: Self.p2name, jsdw: l2,
                                                               hgsbh: "", scjl: 0).utf8)),
            ("sgt", "SGT_BJ_SC7.xml", Array(ResultBuilders.sgt(lx: "BJ", slbh: "SC7", xmdm: Self.p1, xmmc: Self.p1name, jsdw: l1,
                                                               hgsbh: "赣施审字(2026)第0007号", attachments: [good]).utf8)),
            ("sgt", "SGT_BJ_SC8.xml", Array(ResultBuilders.sgt(lx: "BJ", slbh: "SC8", xmdm: Self.p1, xmmc: Self.p1name, jsdw: l1,
                                                               hgsbh: "赣施审字(2026)第0008号",
                                                               listedOverride: [(listedBad.name, "10", String(repeating: "0", count: 64))]).utf8)),
            // dtjg (GB18030): SGHT needs the ZBTZS of the same night (HTBA sorts before ZBTZS); SGXK waits for SGTSC.
            ("dtjg", "DTJG_HTBA_20261120_01.csv", gb(ResultBuilders.dtjg(kind: "HTBA", rows: [
                htba(Self.p1, "HT-SG-1", htlx: "1", zbfs: "1", xmmc: Self.p1name + "一标段"),
                htba(Self.p1, "HT-JL-1", htlx: "2", zbfs: "3"),
            ]))),
            ("dtjg", "DTJG_ZBTZS_20261120_01.csv", gb(ResultBuilders.dtjg(kind: "ZBTZS", rows: [
                zbtzs(Self.p1, "ZB-1"),
                zbtzs(Self.p1, "ZB-SUB", gcdm: Self.p1 + "-001", xmmc: Self.p1name + "二标段"),
                zbtzs(Self.p1, "ZB-UNIT", jsdw: Self.outsider),
                zbtzs(Self.p1, "ZB-NAME", xmmc: "抚河公园改造工程"),
                zbtzs(Self.p1, "ZB-BADGCDM", gcdm: "2020-360111-48-01-000001-0001"),
            ]))),
            ("dtjg", "DTJG_SGXK_20261120_01.csv", gb(ResultBuilders.dtjg(kind: "SGXK", rows: [
                sgxk(Self.p1, "360111202611180101"),
                sgxk(Self.p1, "360111202602300101"),
            ]))),
        ]
        files.append(("sgt", listedBad.name, listedBad.bytes))
        // dtjg file-level: a format change (every record bad) and a missing column.
        files.append(("dtjg", "DTJG_JGYSBA_20261120_01.csv", gb(ResultBuilders.dtjg(kind: "JGYSBA", rows: (1...12).map {
            ["XMDM": "bad-\($0)", "XMMC": "x", "JSDWDM": "x", "JSDWMC": "x", "JGYSBABH": "J\($0)", "JGYSLX": "7", "BAJG": "x", "BARQ": "x"]
        }))))
        files.append(("dtjg", "DTJG_JGYSBA_20261120_02.csv", gb("XMDM,GCDM,XMMC,JSDWDM,JSDWMC,JGYSBABH,JGYSLX,BARQ\r\n")))
        // sgt attachments carry no marker: drop them without one.
        dropShuffled(files.filter { !($0.0 == "sgt" && $0.1.hasSuffix(".pdf")) }, seed: 42)
        ws.drop("sgt", listedBad.name, listedBad.bytes, marker: false)

        let n1 = night.run("2026-11-21")
        #expect(n1.status == 65)
        #expect(night.project(Self.p1)["state"] as? String == "WAREHOUSED")
        #expect(state(Self.p1, "GHXK", "建字第360111202600012号") == "WAREHOUSED")
        #expect(state(Self.p2, "RFSP", "赣人防审字[2026]8号") == "WAREHOUSED")
        #expect(state(Self.p1, "ZBTZS", "ZB-1") == "WAREHOUSED")
        #expect(state(Self.p1, "SGHT", "HT-SG-1") == "WAREHOUSED")      // section suffix + same-night prerequisite
        #expect(state(Self.p1, "JLHT", "HT-JL-1") == "WAREHOUSED")      // ZBFS 3: no bid-award notice needed
        let permit = try #require(result(Self.p1, "SGXK", "360111202611180101"))
        #expect(permit["state"] as? String == "PENDING")
        #expect(permit["reasons"] as? [String] == ["PREREQ_MISSING"])
        #expect(permit["missing"] as? [String] == ["SGTSC"])
        let xfys = try #require(result(Self.p2, "XFYS", "洪消验字[2026]11号"))
        #expect(xfys["missing"] as? [String] == ["SGXK"])
        #expect(night.reviews().first { ($0["reasons"] as? [String]) == ["SUBPROJECT_UNKNOWN"] }?["gcdm"] as? String == Self.sub1)
        let unitItem = try #require(night.review(for: Self.p1, reason: "UNIT_MISMATCH"))
        #expect((unitItem["fields"] as? [[String: Any]])?.first?["theirs"] as? String == Self.outsider.uscc)
        let nameItem = try #require(night.review(for: Self.p1, reason: "NAME_MISMATCH"))
        let nameField = (nameItem["fields"] as? [[String: Any]])?.first
        #expect(nameField?["ours"] as? String == Self.p1name)
        #expect(nameField?["theirs"] as? String == "抚河公园改造工程")
        #expect(nameField?["similarity"] != nil)
        // A result for a project not yet warehoused waits.
        #expect(intAt(n1.summary, "results", "pending") ?? 0 >= 3)

        // File-level reasons.
        #expect(quarantineCode("quarantine/manual/encrypted.pdf") == "PDF_ENCRYPTED")
        #expect(quarantineCode("quarantine/manual/no-number.pdf") == "PDF_METADATA")
        #expect(quarantineCode("quarantine/manual/truncated.pdf") == "PDF_FORMAT")
        #expect(quarantineCode("quarantine/sgt/SGT_BJ_SC7.xml") == "ATTACHMENT_MISSING")
        #expect(quarantineCode("quarantine/dtjg/DTJG_JGYSBA_20261120_01.csv") == "TOO_MANY_REJECTS")
        #expect(quarantineCode("quarantine/dtjg/DTJG_JGYSBA_20261120_02.csv") == "CSV_HEADER")
        #expect(quarantineCode("quarantine/sgt/SGT_BJ_SC8.xml") == "ATTACHMENT_MISMATCH")
        #expect(ws.exists("quarantine/sgt/SC8_hgs.pdf"))                 // quarantined together with its XML
        #expect(!ws.exists("inbox/sgt/SC8_hgs.pdf"))
        // Record-level reasons.
        let manualRejects = ws.read("archive/2026-11-21/manual/not-a-document-item.pdf.rejects.csv") ?? ""
        #expect(manualRejects.contains(",ITEM_UNKNOWN,"))
        let sgxkRejects = ws.read("archive/2026-11-21/dtjg/DTJG_SGXK_20261120_01.csv.rejects.csv") ?? ""
        #expect(sgxkRejects.contains(",PERMIT_NO_INVALID,"))
        let zbRejects = ws.read("archive/2026-11-21/dtjg/DTJG_ZBTZS_20261120_01.csv.rejects.csv") ?? ""
        #expect(zbRejects.contains(",GCDM_INVALID,"))
        // The manual document is stored byte-identical.
        let stored = try #require(FileManager.default.contents(atPath: ws.path("archive/2026-11-21/manual/规划许可证.pdf")))
        #expect(Array(stored) == files.first { $0.1 == "规划许可证.pdf" }!.2)

        var pushed = try night.verifiedPushRecords()
        #expect(pushed.contains(["SPSXBL", "BL:SGTSC:SC1", "1", "1"]))   // accepted: BLZT 3
        #expect(pushed.contains(["SPSXBL", "BL:SGTSC:SC2", "1", "1"]))   // failed review: BLZT 13, no result
        #expect(pushed.contains(["PFWJ", "PF:GHXK:建字第360111202600012号", "1", "1"]))
        #expect(!pushed.contains { $0[1].hasPrefix("PF:SGTSC:") })
        let file1 = night.pushFiles().map { ws.read($0) ?? "" }.joined()
        #expect(file1.contains("<SPSXBM>SGTSC</SPSXBM><SPJDXH>3</SPJDXH><BLZT>13</BLZT>"))
        #expect(file1.contains("<SPSXBM>SGTSC</SPSXBM><SPJDXH>3</SPJDXH><BLZT>3</BLZT>"))

        // ---------- Decisions ----------
        let subItem = try #require(night.reviews().first { ($0["reasons"] as? [String]) == ["SUBPROJECT_UNKNOWN"] })
        #expect(APXProcess.run(["review", "accept", "\(subItem["id"]!)", "--root", ws.root, "--by", "张三",
                                "--set", "GCMC=安置房二标段"]).status == 0)
        #expect(state(Self.p1, "ZBTZS", "ZB-SUB") == "WAREHOUSED")
        let subs = night.project(Self.p1)["subprojects"] as? [[String: Any]] ?? []
        #expect(subs.first?["gcdm"] as? String == Self.sub1)
        #expect(subs.first?["name"] as? String == "安置房二标段")
        #expect(APXProcess.run(["review", "accept", "\(unitItem["id"]!)", "--root", ws.root, "--by", "张三", "--note", "联合体"]).status == 0)
        #expect(state(Self.p1, "ZBTZS", "ZB-UNIT") == "WAREHOUSED")
        #expect(APXProcess.run(["review", "reject", "\(nameItem["id"]!)", "--root", ws.root, "--by", "李四", "--note", "非本项目"]).status == 0)
        #expect(state(Self.p1, "ZBTZS", "ZB-NAME") == "REJECTED")

        // ---------- Night 2: the certificate arrives; the permit goes in the same night ----------
        let hgs = ResultBuilders.Attachment(name: "SC1_hgs.pdf", bytes: pdf(Self.p1, "SGTSC", "赣施审字(2026)第0123号"))
        ws.drop("sgt", hgs.name, hgs.bytes, marker: false)
        ws.drop("sgt", "SGT_BJ_SC1.xml", Array(ResultBuilders.sgt(lx: "BJ", slbh: "SC1", xmdm: Self.p1, xmmc: Self.p1name, jsdw: l1,
                                                                  slsj: "2026-11-10T09:30:00+08:00", cnsx: 10,
                                                                  hgsbh: "赣施审字(2026)第0123号", bjsj: "2026-11-20T16:00:00+08:00",
                                                                  attachments: [hgs]).utf8))
        // A new version of ZB-1 (award date corrected), and ZB-1 again unchanged under another name and column order.
        ws.drop("dtjg", "DTJG_ZBTZS_20261121_01.csv", gb(ResultBuilders.dtjg(kind: "ZBTZS", rows: [zbtzs(Self.p1, "ZB-1", zbrq: "2026-11-03")])))
        ws.drop("dtjg", "DTJG_ZBTZS_20261121_02.csv", gb(ResultBuilders.dtjg(kind: "ZBTZS", rows: [zbtzs(Self.p1, "ZB-SUB", gcdm: Self.sub1,
                                                                                                            xmmc: Self.p1name + "二标段")])))
        let n2 = night.run("2026-11-22")
        #expect(n2.status == 0)
        #expect(state(Self.p1, "SGTSC", "赣施审字(2026)第0123号") == "WAREHOUSED")
        #expect(state(Self.p1, "SGXK", "360111202611180101") == "WAREHOUSED")
        #expect(state(Self.p2, "XFYS", "洪消验字[2026]11号") == "PENDING")
        let zb1 = try #require(result(Self.p1, "ZBTZS", "ZB-1"))
        #expect(zb1["version"] as? Int == 2)
        #expect(zb1["state"] as? String == "WAREHOUSED")
        let all = night.project(Self.p1)["results"] as? [[String: Any]] ?? []
        #expect(all.contains { $0["number"] as? String == "ZB-1" && $0["version"] as? Int == 1 && $0["state"] as? String == "SUPERSEDED" })
        #expect(all.filter { $0["number"] as? String == "ZB-SUB" }.count == 1)  // identical again: no new version
        let doc = try #require((result(Self.p1, "SGTSC", "赣施审字(2026)第0123号")?["documents"] as? [[String: Any]])?.first)
        #expect(doc["sha256"] as? String == hgs.sha256)
        #expect(FileManager.default.contents(atPath: ws.path(doc["path"] as! String)).map(Array.init) == hgs.bytes)

        pushed = try night.verifiedPushRecords()
        // Acceptance → finished: BLZT 3 invalidated, then BLZT 11 as version 2.
        #expect(pushed.contains(["SPSXBL", "BL:SGTSC:SC1", "1", "0"]))
        #expect(pushed.contains(["SPSXBL", "BL:SGTSC:SC1", "2", "1"]))
        #expect(pushed.contains(["PFWJ", "PF:SGTSC:赣施审字(2026)第0123号", "1", "1"]))
        #expect(pushed.contains(["PFWJ", "PF:SGXK:360111202611180101", "1", "1"]))
        #expect(pushed.contains(["PFWJ", "PF:ZBTZS:ZB-1", "1", "0"]))
        #expect(pushed.contains(["PFWJ", "PF:ZBTZS:ZB-1", "2", "1"]))
        #expect(pushed.contains(["XMJBXX", "XM:\(Self.sub1)", "1", "1"]))
        let all2 = night.pushFiles().map { ws.read($0) ?? "" }.joined()
        // 2026-11-10 → 2026-11-20: 8 working days, promised 10 → on time.
        #expect(all2.contains("<BLZT>11</BLZT><SLSJ>2026-11-10T09:30:00+08:00</SLSJ><BJSJ>2026-11-20T16:00:00+08:00</BJSJ><CNSX>10</CNSX><SYGZR>8</SYGZR><SFCS>0</SFCS>"))
        #expect(all2.contains("<FJLB><FJ><FJMC>SC1_hgs.pdf</FJMC><SHA256>\(hgs.sha256)</SHA256></FJ></FJLB>"))
        // Each (kind, key, version, validity) exactly once.
        #expect(Set(pushed.map { $0.joined(separator: "|") }).count == pushed.count)

        // Rerun: nothing pushed.
        let before = try night.stateDigest()
        let again = night.run("2026-11-22")
        #expect(intAt(again.summary, "push", "gov", "files") == 0)
        #expect(try night.stateDigest() == before)

        // ---------- Night 3: sub-projects; the waiver rule; "not the other way round" ----------
        #expect(APXProcess.run(["project", "split", Self.p2, "--gcdm", Self.p2 + "-001", "--name", "赣江大桥主桥", "--root", ws.root]).status == 0)
        let p2sub = Self.p2 + "-0001"
        ws.drop("sgt", "SGT_BJ_SC3.xml", Array(ResultBuilders.sgt(lx: "BJ", slbh: "SC3", xmdm: Self.p2, xmmc: Self.p2name, jsdw: l2,
                                                                  rqsl: 1, hgsbh: "赣施审字(2026)第0300号").utf8))
        ws.drop("dtjg", "DTJG_HTBA_20261122_01.csv", gb(ResultBuilders.dtjg(kind: "HTBA", rows: [
            htba(Self.p2, "HT-SG-2", htlx: "1", zbfs: "3", xmmc: Self.p2name, jsdw: l2),
            htba(Self.p2, "HT-JL-2", htlx: "2", zbfs: "3", xmmc: Self.p2name, jsdw: l2),
        ])))
        ws.drop("dtjg", "DTJG_SGXK_20261122_01.csv", gb(ResultBuilders.dtjg(kind: "SGXK", rows: [
            sgxk(Self.p2, "360111202611180102", gcdm: p2sub, xmmc: "赣江大桥主桥", jsdw: l2),
        ])))
        let n3 = night.run("2026-11-23")
        #expect(n3.status == 0)
        // SGTSC without GHXK goes in because the review was accepted with the permit waived (BLZT 12).
        #expect(state(Self.p2, "SGTSC", "赣施审字(2026)第0300号") == "WAREHOUSED")
        #expect(night.pushFiles().map { ws.read($0) ?? "" }.joined().contains("<BLZT>12</BLZT>"))
        // The sub-project's permit is met by the main project's results…
        #expect(state(Self.p2, "SGXK", "360111202611180102") == "WAREHOUSED")
        // …but the main project's XFYS is not met by the sub-project's permit.
        #expect(state(Self.p2, "XFYS", "洪消验字[2026]11号") == "PENDING")

        // Recycle: refused with results under it, allowed when empty.
        #expect(APXProcess.run(["project", "recycle", Self.sub1, "--root", ws.root]).status != 0)
        #expect(APXProcess.run(["project", "split", Self.p1, "--gcdm", Self.p1 + "-0002", "--name", "空子项目", "--root", ws.root]).status == 0)
        #expect(APXProcess.run(["project", "recycle", Self.p1 + "-0002", "--root", ws.root]).status == 0)
        #expect((night.project(Self.p1)["subprojects"] as? [[String: Any]])?.first { $0["gcdm"] as? String == Self.p1 + "-0002" }?["state"] as? String == "RECYCLED")

        // ---------- Night 4: 31 days on, still-waiting results go to a person ----------
        let n4 = night.run("2026-12-23")
        #expect(n4.status == 0)
        #expect(state(Self.p2, "XFYS", "洪消验字[2026]11号") == "REVIEW")
        #expect(night.review(for: Self.p2, reason: "PREREQ_MISSING") != nil)
        #expect(night.review(for: Self.p9, reason: "PROJECT_NOT_WAREHOUSED") != nil)
        pushed = try night.verifiedPushRecords()
        #expect(pushed.contains(["XMJBXX", "XM:\(Self.p1)-0002", "1", "0"]))
        #expect(Set(pushed.map { $0.joined(separator: "|") }).count == pushed.count)
    }
}

/// A small seeded generator, so shuffles are reproducible.
struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
