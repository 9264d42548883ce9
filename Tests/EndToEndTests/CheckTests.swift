import APXFixtures
import Foundation
import Testing
import TestSupport
import SQLiteDB
#if canImport(Glibc)
import Glibc
#endif

/// `apx check`: the night's verdicts without the night — same code, nothing written.
@Suite struct CheckTests {
    static let samples = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("samples").path

    /// Copies `from` into a fresh folder (the partner's export folder).
    func copyOf(_ from: String) -> (TempWorkspace, String) {
        let dir = TempWorkspace("apx-export")
        try! FileManager.default.copyItem(atPath: from, toPath: dir.root + "/copy")
        return (dir, dir.root + "/copy")
    }

    /// A listing of every entry below `root` with its bytes' digest (links by target).
    func tree(_ root: String) -> [String] {
        var out: [String] = []
        let e = FileManager.default.enumerator(atPath: root)
        while let item = e?.nextObject() as? String {
            let path = root + "/" + item
            if let target = try? FileManager.default.destinationOfSymbolicLink(atPath: path) {
                out.append("\(item) -> \(target)")
            } else {
                let data = FileManager.default.contents(atPath: path)
                out.append("\(item) \(data.map { $0.base64EncodedString() } ?? "dir")")
            }
        }
        return out.sorted()
    }

    @Test func everySampleGetsTheVerdictAndRejectsOfTheNight() throws {
        let (export, copy) = copyOf(Self.samples)
        let before = tree(copy)
        // No workspace: a fresh night's view.
        let r = APXProcess.run(["check", "--json", "--as-of", "2026-11-21", copy])
        #expect(r.status == 65, "\(r.stderr)")
        let files = ((r.json as? [String: Any])?["files"] as? [[String: Any]]) ?? []
        // The night over the same samples.
        let ws = TempWorkspace()
        #expect(APXProcess.run(["run", "--seed", Self.samples, "--as-of", "2026-11-21", "--root", ws.root]).status == 65)
        let night = CheckEquivalence.lastNight(ws.root)
        #expect(night.count == 15)
        var checked: CheckEquivalence.Verdicts = [:]
        for f in files { checked["\(f["source"] as? String ?? "")/\(f["name"] as? String ?? "")"] = (f["verdict"] as? String ?? "", CheckEquivalence.rejectKeys(f["rejects"])) }
        // The sample without its marker is checked too (the night leaves it waiting).
        #expect(checked.removeValue(forKey: "rkqq/RKQQ_20261120_02.csv")?.verdict == "OK")
        CheckEquivalence.expectSame(checked, night)
        #expect(checked["tzxm/TZXM_20261120_03.xml"]?.verdict == "XML_DTD")
        #expect(checked["manual/加密文件.pdf"]?.verdict == "PDF_ENCRYPTED")
        #expect(checked["rkqq/入库申请导出.csv"]?.verdict == "NAME_UNKNOWN")
        #expect(checked["tzxm/TZXM_20261120_01.csv"]?.rejects == ["5|7|XMDM|XMDM_INVALID"])
        let bj = files.first { $0["name"] as? String == "SGT_BJ_SC3601002026000123.xml" }
        #expect(bj?["attachments"] as? [String] == ["SC3601002026000123_hgs.pdf"])
        #expect(tree(copy) == before, "the checked files are untouched")
        withExtendedLifetime(export) {}
    }

    @Test func againstTheWorkspaceADeliveredAgainFileIsADuplicateAndNothingIsWritten() throws {
        let ws = TempWorkspace()
        #expect(APXProcess.run(["run", "--seed", Self.samples, "--as-of", "2026-11-21", "--root", ws.root]).status == 65)
        // A delivery waiting in the inbox for the next night, checked where it lies.
        ws.drop("rkqq", "RKQQ_20261121_01.csv", text: Builders.rkqqCSV([
            RequestFixture(qqbh: "RQ-NEW", xmdm: "2025-360100-47-03-000998", xmmc: "未知项目", sqdwdm: Cast.lead1.uscc, sqdwmc: Cast.lead1.name),
        ]))
        try FileManager.default.copyItem(atPath: Self.samples + "/dtjg/DTJG_SGXK_20261120_01.csv", toPath: ws.path("inbox/dtjg/DTJG_SGXK_20261120_01.csv"))
        // The bytes of a file waiting in quarantine, delivered again.
        try FileManager.default.copyItem(atPath: Self.samples + "/tzxm/TZXM_20261120_03.xml", toPath: ws.path("inbox/tzxm/TZXM_20261120_03.xml"))
        let before = tree(ws.root)
        let tmp = TempWorkspace("apx-tmpdir")
        let r = APXProcess.run(["check", "--root", ws.root, "--json", "--as-of", "2026-11-22",
                                ws.path("inbox/rkqq/RKQQ_20261121_01.csv"), ws.path("inbox/dtjg/DTJG_SGXK_20261120_01.csv"),
                                ws.path("inbox/tzxm/TZXM_20261120_03.xml")],
                               environment: ["TMPDIR": tmp.root])
        #expect(r.status == 65, "\(r.stderr)")
        let files = ((r.json as? [String: Any])?["files"] as? [[String: Any]]) ?? []
        #expect(files.map { $0["verdict"] as? String } == ["OK", "DUPLICATE", "DUPLICATE"])
        #expect((files.last?["message"] as? String ?? "").contains("quarantine"))
        let outcome = (files.first?["outcomes"] as? [[String: Any]])?.first
        #expect(outcome?["night"] as? String == "pending")
        #expect(outcome?["reasons"] as? [String] == ["PROJECT_NOT_FOUND"])
        #expect(tree(ws.root) == before, "the workspace is untouched: inbox, database, everything")
        #expect(!tree(tmp.root).contains { $0.hasPrefix("apx-check") }, "the throw-away workspace is removed")
    }

    @Test func withRootEachRecordGetsWhatTheNightThenDoes() throws {
        let ws = TempWorkspace()
        let lead = Cast.lead1, other = Cast.unit2
        ws.drop("tzxm", "TZXM_20261120_01.csv", GB18030.encode(Builders.tzxmCSV([
            ProjectFixture(xmdm: Cast.p2, xmmc: "赣江大桥", units: [lead, other]),
            ProjectFixture(xmdm: Cast.p3, xmmc: "抚河公园", units: [lead]),
            ProjectFixture(xmdm: Cast.p5, xmmc: "滕王阁广场", units: [lead, other]),
        ])))
        #expect(Night(ws: ws).run("2026-11-20").status == 0)
        var mismatch = RequestFixture(qqbh: "Q3", xmdm: Cast.p3, xmmc: "抚河公园二期", sqdwdm: lead.uscc, sqdwmc: lead.name)
        mismatch.ztze = "35000.00"
        ws.drop("rkqq", "RKQQ_20261121_01.csv", text: Builders.rkqqCSV([
            RequestFixture(qqbh: "Q1", xmdm: Cast.p2, xmmc: "赣江大桥", sqdwdm: lead.uscc, sqdwmc: lead.name),
            RequestFixture(qqbh: "Q2", xmdm: Cast.p5, xmmc: "滕王阁广场", sqdwdm: other.uscc, sqdwmc: other.name),
            mismatch,
            RequestFixture(qqbh: "Q4", xmdm: Cast.p4, xmmc: "未到", sqdwdm: lead.uscc, sqdwmc: lead.name),
        ]))
        let r = APXProcess.run(["check", "--root", ws.root, "--json", "--as-of", "2026-11-21", ws.path("inbox/rkqq/RKQQ_20261121_01.csv")])
        #expect(r.status == 0, "\(r.stderr)")
        let outcomes = ((((r.json as? [String: Any])?["files"] as? [[String: Any]])?.first)?["outcomes"] as? [[String: Any]]) ?? []
        let said = outcomes.map { "\($0["key"] as? String ?? "") \($0["state"] as? String ?? "") \(($0["reasons"] as? [String] ?? []).joined(separator: ","))" }
        #expect(said == ["Q1 WAREHOUSED ", "Q2 REVIEW NOT_LEAD_UNIT", "Q3 REVIEW KEY_MISMATCH", "Q4 PENDING PROJECT_NOT_FOUND"])
        #expect(ws.exists("inbox/rkqq/RKQQ_20261121_01.csv"), "still in the inbox")
        #expect(Night(ws: ws).project(Cast.p2)["state"] as? String == "PLATFORM_ONLY", "nothing committed")
        // The night then does what check said.
        #expect(Night(ws: ws).run("2026-11-21").status == 0)
        let shown = APXProcess.run(["file", "show", "RKQQ_20261121_01.csv", "--root", ws.root, "--json"])
        let claims = ((shown.json as? [String: Any])?["claims"] as? [[String: Any]]) ?? []
        let done = ((claims.first?["outcomes"] as? [[String: Any]]) ?? []).map {
            "\($0["key"] as? String ?? "") \($0["state"] as? String ?? "") \(($0["reasons"] as? [String] ?? []).joined(separator: ","))"
        }
        #expect(done == said)
    }

    @Test func anSGTResultIsCheckedWithTheAttachmentsBesideIt() throws {
        let export = TempWorkspace("apx-export")
        let pdf = ResultBuilders.Attachment(name: "SC9.pdf", bytes: PDFWriter.document(info: [("Title", "合格书")]))
        let xml = ResultBuilders.sgt(lx: "BJ", slbh: "SC9", xmdm: Cast.p1, xmmc: "安置房", jsdw: Cast.lead1, hgsbh: "审9", attachments: [pdf])
        let dir = export.root + "/sgt"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try xml.write(toFile: dir + "/SGT_BJ_SC9.xml", atomically: false, encoding: .utf8)
        func verdict() -> (Int32, String, [String]) {
            let r = APXProcess.run(["check", "--json", dir + "/SGT_BJ_SC9.xml"])
            let f = (((r.json as? [String: Any])?["files"] as? [[String: Any]])?.first) ?? [:]
            return (r.status, f["verdict"] as? String ?? "", f["attachments"] as? [String] ?? [])
        }
        #expect(verdict() == (65, "ATTACHMENT_MISSING", []))
        FileManager.default.createFile(atPath: dir + "/SC9.pdf", contents: Data(pdf.bytes.dropLast()))
        #expect(verdict() == (65, "ATTACHMENT_MISMATCH", ["SC9.pdf"]))
        FileManager.default.createFile(atPath: dir + "/SC9.pdf", contents: Data(pdf.bytes))
        #expect(verdict() == (0, "OK", ["SC9.pdf"]))
    }

    @Test func markersNamedBesideTheirDataFilesAreCleanNotIgnored() throws {
        let dir = TempWorkspace("apx-export")
        for name in ["TZXM_20261120_02.xml", "TZXM_20261120_02.xml.ok"] {
            try FileManager.default.copyItem(atPath: Self.samples + "/tzxm/" + name, toPath: dir.root + "/" + name)
        }
        try Data().write(to: URL(fileURLWithPath: dir.root + "/LONE_20261120_01.csv.ok"))   // a marker without its data file
        let clean = APXProcess.run(["check", "--json", dir.root + "/TZXM_20261120_02.xml", dir.root + "/TZXM_20261120_02.xml.ok"])
        #expect(clean.status == 0, "\(clean.stdout)\(clean.stderr)")
        let files = ((clean.json as? [String: Any])?["files"] as? [[String: Any]]) ?? []
        #expect(files.map { $0["verdict"] as? String } == ["OK", "MARKER"])
        let orphan = APXProcess.run(["check", "--json", "--source", "tzxm", dir.root + "/LONE_20261120_01.csv.ok"])
        #expect(orphan.status == 65)
    }

    @Test func exitCodesAndSources() throws {
        let export = TempWorkspace("apx-export")
        let good = export.root + "/requests.csv"
        try Builders.rkqqCSV([RequestFixture(qqbh: "Q1", xmdm: Cast.p1, xmmc: "x", sqdwdm: Cast.lead1.uscc, sqdwmc: "y")])
            .write(toFile: good, atomically: false, encoding: .utf8)
        // The name fits no pattern and the folder is no source: NAME_UNKNOWN unless --source says.
        let unknown = APXProcess.run(["check", "--json", good])
        #expect(unknown.status == 65)
        #expect(unknown.stdout.contains("\"verdict\":\"NAME_UNKNOWN\"") && unknown.stdout.contains("\"source\":null"))
        let named = APXProcess.run(["check", "--source", "rkqq", good])
        #expect(named.status == 65 && named.stdout.contains("NAME_UNKNOWN  rkqq"), "the night would refuse the name")
        let renamed = export.root + "/RKQQ_20261121_01.csv"
        try FileManager.default.copyItem(atPath: good, toPath: renamed)
        let ok = APXProcess.run(["check", renamed])
        #expect(ok.status == 0, "\(ok.stdout)\(ok.stderr)")
        #expect(ok.stdout.contains("OK  rkqq"))
        let twice = APXProcess.run(["check", "--json", renamed, renamed, export.root])
        #expect(twice.status == 0)
        let names = (((twice.json as? [String: Any])?["files"] as? [[String: Any]]) ?? []).compactMap { $0["name"] as? String }
        #expect(names == ["RKQQ_20261121_01.csv"], "named twice and by its folder: checked once; the README-like file of no source skipped")
        #expect(APXProcess.run(["check"]).status == 64)
        #expect(APXProcess.run(["check", "--source", "nope", renamed]).status == 64)
        #expect(APXProcess.run(["check", export.root + "/missing.csv"]).status == 66)
        #expect(APXProcess.run(["check", "--root", export.root + "/nowhere", renamed]).status == 66)
        #expect(APXProcess.run(["check", "--help"]).stdout.contains("apx check"))
    }
}

/// Attacks on `apx check`: links, FIFOs, unreadable files, a night writing meanwhile.
@Suite struct CheckAttackTests {
    @Test func aLinkIsNeverFollowedAndAFIFOIsNeverRead() throws {
        let export = TempWorkspace("apx-export")
        let secret = TempWorkspace("apx-secret")
        secret.drop("x", "secret.csv", text: "QQBH\nsecret")
        let dir = export.root + "/rkqq"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: dir + "/RKQQ_20261121_01.csv", withDestinationPath: secret.path("inbox/x/secret.csv"))
        #expect(mkfifo(dir + "/RKQQ_20261121_02.csv", 0o600) == 0)
        let r = APXProcess.run(["check", "--json", dir])      // a FIFO read would block: the test would hang
        #expect(r.status == 65)
        let files = ((r.json as? [String: Any])?["files"] as? [[String: Any]]) ?? []
        #expect(files.map { $0["verdict"] as? String } == ["NAME_UNKNOWN", "NAME_UNKNOWN"])
        #expect(files.allSatisfy { ($0["message"] as? String ?? "").contains("not a regular file") })
        #expect(secret.read("inbox/x/secret.csv") == "QQBH\nsecret")
    }

    @Test func anUnreadableFileIsReportedNotFatal() throws {
        let export = TempWorkspace("apx-export")
        let path = export.root + "/RKQQ_20261121_01.csv"
        try Builders.rkqqCSV([]).write(toFile: path, atomically: false, encoding: .utf8)
        chmod(path, 0)
        chmod(export.root, 0o755)
        // Root reads anything: the check runs as nobody.
        let r = Unprivileged.run(["check", "--json", path])
        #expect(r.status == 65)
        #expect(r.stdout.contains("\"verdict\":\"UNREADABLE\""))
    }

    @Test func aCheckSeesOnlyCommittedStateWhileANightHoldsTheWriteLock() throws {
        let ws = TempWorkspace()
        ws.drop("tzxm", "TZXM_20261120_01.csv", GB18030.encode(Builders.tzxmCSV([ProjectFixture(xmdm: Cast.p2, xmmc: "赣江大桥", units: [Cast.lead1])])))
        #expect(APXProcess.run(["run", "--root", ws.root, "--as-of", "2026-11-20"]).status == 0)
        // Another connection writes and does not commit, as a night in the middle of a file.
        let writer = try Database(path: ws.path("db/approval.sqlite"))
        try writer.execute("BEGIN IMMEDIATE")
        try writer.execute("UPDATE project SET state = 'WAREHOUSED' WHERE xmdm = '\(Cast.p2)'")
        let export = TempWorkspace("apx-export")
        let request = export.root + "/RKQQ_20261121_01.csv"
        try Builders.rkqqCSV([RequestFixture(qqbh: "Q1", xmdm: Cast.p2, xmmc: "赣江大桥", sqdwdm: Cast.lead1.uscc, sqdwmc: Cast.lead1.name)])
            .write(toFile: request, atomically: false, encoding: .utf8)
        let r = APXProcess.run(["check", "--root", ws.root, "--json", "--as-of", "2026-11-21", request])
        try writer.execute("ROLLBACK")
        #expect(r.status == 0, "\(r.stderr)")
        let outcome = ((((r.json as? [String: Any])?["files"] as? [[String: Any]])?.first)?["outcomes"] as? [[String: Any]])?.first
        #expect(outcome?["state"] as? String == "WAREHOUSED")
        #expect(outcome?["reasons"] as? [String] == [], "the committed PLATFORM_ONLY project is warehoused by the request, not ALREADY_WAREHOUSED")
    }
}

extension CheckAttackTests {
    /// Names are bytes: a name that is not UTF-8 is checked byte-exact, named as the night
    /// names it (`\xHH`), and gets the night's verdict; a good file beside it is untouched.
    @Test func aNameThatIsNotUTF8GetsTheNightsVerdict() throws {
        let ws = TempWorkspace("apx-rawcheck")
        let dir = ws.path("inbox/rkqq")
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let odd: [UInt8] = Array("RKQQ_20261120_01".utf8) + [0xFF, 0xFE] + Array(".csv".utf8)
        let body = Array(Builders.rkqqCSV([RequestFixture(qqbh: "Q1", xmdm: Cast.p1, xmmc: "x", sqdwdm: Cast.lead1.uscc, sqdwmc: "y")]).utf8)
        RawNames.write(dir, odd, body)
        RawNames.write(dir, odd + Array(".ok".utf8), [])
        let r = APXProcess.run(["check", "--json", dir])
        #expect(r.status == 65, "\(r.stderr)")
        let files = ((r.json as? [String: Any])?["files"] as? [[String: Any]]) ?? []
        #expect(files.count == 1)
        #expect(files.first?["name"] as? String == RawNames.shown(odd))
        #expect(files.first?["verdict"] as? String == "NAME_UNKNOWN")
        #expect(RawNames.read(dir, odd) == body, "the checked file is untouched")
        // The night says the same of it.
        #expect(APXProcess.run(["run", "--root", ws.root, "--as-of", "2026-11-21"]).status == 65)
        let night = CheckEquivalence.lastNight(ws.root)
        #expect(night["rkqq/\(RawNames.shown(odd))"]?.verdict == "NAME_UNKNOWN")
    }
}
