import Foundation
import SQLiteDB
import Testing
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// Spec 05 "No poison input" and spec 02 "Names are bytes", through the built binary: each
/// observed case of issue 8 — one odd inbox entry never fails the run (exit 1) nor stops
/// the others; it is quarantined with a reason or listed by name with why.
@Suite(.serialized) struct PoisonInputTests {
    static let asOf = "2026-11-21"

    func run(_ ws: TempWorkspace) -> (status: Int32, summary: [String: Any], stderr: String) {
        let r = APXProcess.run(["run", "--root", ws.root, "--as-of", Self.asOf, "--json"])
        return (r.status, (r.json as? [String: Any]) ?? [:], r.stderr)
    }

    /// Entries of `summary.inbox[list]` as "source/name" → why.
    func listed(_ summary: [String: Any], _ list: String) -> [String: String] {
        let entries = ((summary["inbox"] as? [String: Any])?[list] as? [[String: Any]]) ?? []
        var out: [String: String] = [:]
        for e in entries { out["\(e["source"] as? String ?? "")/\(e["name"] as? String ?? "")"] = e["why"] as? String ?? "" }
        return out
    }

    func reasonCode(_ dir: String, _ name: [UInt8]) -> String? {
        guard let bytes = RawNames.read(dir, name),
              let o = try? JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any] else { return nil }
        return o["code"] as? String
    }

    /// A valid project extract, processed beside the poison entry.
    func dropGoodExtract(_ ws: TempWorkspace, serial: String = "01") {
        ws.drop("tzxm", "TZXM_20261120_\(serial).csv", GB18030.encode(Builders.tzxmCSV([Cast.project1()])))
    }

    func manualPDF(_ wjbh: String, sxbm: String = "GHXK") -> [UInt8] {
        ResultBuilders.manualPDF([("XMDM", Cast.p1), ("SXBM", sxbm), ("WJBH", wjbh), ("FZJG", "南昌市自然资源和规划局"),
                                  ("FZRQ", "2026-09-15"), ("JSDWDM", Cast.lead1.uscc), ("Title", "证书 \(wjbh)")])
    }

    // MARK: Observed: "File name too long" on apx's own helper files

    @Test func badManualPDFWithALongLegalNameIsQuarantinedAndLaterRunsGoOn() throws {
        let ws = TempWorkspace("apx-poison")
        let long = String(repeating: "长", count: 80) + ".pdf"            // 244 bytes: its marker is 247
        ws.drop("manual", long, Array(manualPDF("W-1").prefix(200)))     // truncated: PDF_FORMAT
        dropGoodExtract(ws)
        let n1 = run(ws)
        #expect(n1.status == 65, "\(n1.stderr)")
        #expect(ws.exists("quarantine/manual/" + long))
        #expect(ws.exists("quarantine/manual/" + long + ".ok"))
        let reasons = ws.files(under: "quarantine/manual").filter { $0.hasSuffix(".reason.json") }
        #expect(reasons.count == 1)
        #expect(reasons.allSatisfy { ($0 as NSString).lastPathComponent.utf8.count <= 255 })
        let reason = ws.read(reasons.first ?? "") ?? ""
        #expect(reason.contains("\"code\": \"PDF_FORMAT\"") && reason.contains(long), "the reason file names the file")
        #expect(ws.exists("archive/\(Self.asOf)/tzxm/TZXM_20261120_01.csv"))
        // The same name again (new bytes): a `~2` destination, still within the limit.
        ws.drop("manual", long, Array(manualPDF("W-2").prefix(180)))
        let n2 = run(ws)
        #expect(n2.status == 65, "\(n2.stderr)")
        let names = try FileManager.default.contentsOfDirectory(atPath: ws.path("quarantine/manual"))
        #expect(names.count == 6, "\(names)")
        #expect(names.allSatisfy { $0.utf8.count <= 255 })
        #expect(names.contains { $0.hasSuffix("~2.pdf") })
        #expect(run(ws).status == 0)
    }

    @Test func longNamedManualPDFWithRejectedRecordGetsItsRejectsFile() throws {
        let ws = TempWorkspace("apx-poison")
        let long = String(repeating: "证", count: 80) + ".pdf"
        ws.drop("manual", long, manualPDF("W-9", sxbm: "ZBTZS"))          // not a document item: ITEM_UNKNOWN reject
        let n1 = run(ws)
        #expect(n1.status == 0, "\(n1.stderr)")
        #expect(ws.exists("archive/\(Self.asOf)/manual/" + long))
        let rejects = ws.files(under: "archive/\(Self.asOf)/manual").filter { $0.hasSuffix(".rejects.csv") }
        #expect(rejects.count == 1)
        #expect(ws.read(rejects.first ?? "")?.contains("ITEM_UNKNOWN") == true)
    }

    // MARK: Observed: a mode-000 file fails every run

    @Test(.enabled(if: AsServiceAccount.available, "needs root to drop to nobody (root ignores mode 000)"))
    func unreadableDataFileIsListedAndTheReadableOnesAreProcessed() throws {
        let ws = TempWorkspace("apx-poison")
        ws.drop("rkqq", "RKQQ_20261120_01.csv", Array((Builders.rkqqHeader.joined(separator: ",") + "\r\n").utf8))
        dropGoodExtract(ws, serial: "02")
        AsServiceAccount.handOver(ws.root)
        chmod(ws.path("inbox/rkqq/RKQQ_20261120_01.csv"), 0)
        let n1 = AsServiceAccount.run(["run", "--root", ws.root, "--as-of", Self.asOf, "--json"])
        #expect(n1.status == 0, "\(n1.stderr)")
        #expect(listed(n1.json, "notReadable")["rkqq/RKQQ_20261120_01.csv"]?.contains("permission denied") == true, "\(n1.stdout)")
        #expect(ws.exists("archive/\(Self.asOf)/tzxm/TZXM_20261120_02.csv"))
        #expect(ws.exists("inbox/rkqq/RKQQ_20261120_01.csv") && ws.exists("inbox/rkqq/RKQQ_20261120_01.csv.ok"))
        // The operator fixes the permissions: the next run takes it.
        chmod(ws.path("inbox/rkqq/RKQQ_20261120_01.csv"), 0o644)
        let n2 = AsServiceAccount.run(["run", "--root", ws.root, "--as-of", Self.asOf, "--json"])
        #expect(n2.status == 0, "\(n2.stderr)")
        #expect(ws.exists("archive/\(Self.asOf)/rkqq/RKQQ_20261120_01.csv"))
    }

    @Test(.enabled(if: AsServiceAccount.available, "needs root to drop to nobody (root ignores mode 000)"))
    func unreadableAttachmentLeavesItsXMLInTheInboxListed() throws {
        let ws = TempWorkspace("apx-poison")
        let pdf = ResultBuilders.Attachment(name: "SC7_hgs.pdf", bytes: Array("%PDF-1.4 attachment".utf8))
        ws.drop("sgt", pdf.name, pdf.bytes, marker: false)
        ws.drop("sgt", "SGT_BJ_SC7.xml", text: ResultBuilders.sgt(lx: "BJ", slbh: "SC7", xmdm: Cast.p1, xmmc: "x", jsdw: Cast.lead1,
                                                                  hgsbh: "审字7号", attachments: [pdf]))
        AsServiceAccount.handOver(ws.root)
        chmod(ws.path("inbox/sgt/SC7_hgs.pdf"), 0)
        let n1 = AsServiceAccount.run(["run", "--root", ws.root, "--as-of", Self.asOf, "--json"])
        #expect(n1.status == 0, "\(n1.stderr)")
        #expect(listed(n1.json, "notReadable")["sgt/SGT_BJ_SC7.xml"]?.contains("SC7_hgs.pdf") == true, "\(n1.stdout)")
        #expect(ws.exists("inbox/sgt/SGT_BJ_SC7.xml") && ws.exists("inbox/sgt/SC7_hgs.pdf"))
    }

    @Test(.enabled(if: AsServiceAccount.available, "needs root to drop to nobody"))
    func directoryApxMayNotMoveIsWarnedAboutAndTheRunGoesOn() throws {
        let ws = TempWorkspace("apx-poison")
        try FileManager.default.createDirectory(atPath: ws.path("inbox/jsqq/JSQQ_20261120_01.csv"), withIntermediateDirectories: true)
        ws.drop("jsqq", "JSQQ_20261120_01.csv.ok", [], marker: false)
        dropGoodExtract(ws)
        AsServiceAccount.handOver(ws.root)
        chmod(ws.path("inbox/jsqq/JSQQ_20261120_01.csv"), 0o500)    // renaming a directory needs write on it
        for night in 1...2 {
            let r = AsServiceAccount.run(["run", "--root", ws.root, "--as-of", Self.asOf, "--json"])
            #expect(r.status == 65 || r.status == 0, "night \(night): \(r.status) \(r.stderr)")
            let warnings = (r.json["warnings"] as? [String]) ?? []
            #expect(warnings.contains { $0.contains("JSQQ_20261120_01.csv") && $0.contains("cannot be moved") }, "night \(night): \(r.stdout)")
        }
        #expect(ws.exists("archive/\(Self.asOf)/tzxm/TZXM_20261120_01.csv"))
        chmod(ws.path("inbox/jsqq/JSQQ_20261120_01.csv"), 0o755)
        let r = AsServiceAccount.run(["run", "--root", ws.root, "--as-of", Self.asOf, "--json"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(ws.read("quarantine/jsqq/JSQQ_20261120_01.csv.reason.json")?.contains("NAME_UNKNOWN") == true)
        #expect(!ws.exists("inbox/jsqq/JSQQ_20261120_01.csv"))
        let rows = try Database(path: ws.path("db/approval.sqlite")).rows("SELECT id FROM input_file WHERE source = 'jsqq'")
        #expect(rows.count == 1, "claimed once, moved when it could be")
    }

    @Test(.enabled(if: AsServiceAccount.available, "needs root to drop to nobody (root ignores mode 000)"))
    func dropFolderApxMayNotListIsWarnedAboutAndTheOthersAreRead() throws {
        let ws = TempWorkspace("apx-poison")
        ws.drop("rkqq", "RKQQ_20261120_01.csv", Array((Builders.rkqqHeader.joined(separator: ",") + "\r\n").utf8))
        dropGoodExtract(ws)
        AsServiceAccount.handOver(ws.root)
        chmod(ws.path("inbox/rkqq"), 0)
        let r = AsServiceAccount.run(["run", "--root", ws.root, "--as-of", Self.asOf, "--json"])
        chmod(ws.path("inbox/rkqq"), 0o755)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(((r.json["warnings"] as? [String]) ?? []).contains { $0.contains("inbox/rkqq cannot be listed") }, "\(r.stdout)")
        #expect(ws.exists("archive/\(Self.asOf)/tzxm/TZXM_20261120_01.csv"))
    }

    // MARK: Observed: non-UTF-8 names and directories wait unseen

    @Test func gbkNamedManualPDFIsProcessedAndKeptByteExact() throws {
        let ws = TempWorkspace("apx-poison")
        let gbk: [UInt8] = [0xB9, 0xE6, 0xBB, 0xAE, 0xD0, 0xED, 0xBF, 0xC9] + Array(".pdf".utf8)   // 规划许可.pdf in GBK
        let bytes = manualPDF("建字第1号")
        try FileManager.default.createDirectory(atPath: ws.path("inbox/manual"), withIntermediateDirectories: true)
        RawNames.write(ws.path("inbox/manual"), gbk, bytes)
        RawNames.write(ws.path("inbox/manual"), gbk + Array(".ok".utf8), [])
        // And one in a folder whose pattern it cannot fit: quarantined, byte-exact too.
        try FileManager.default.createDirectory(atPath: ws.path("inbox/tzxm"), withIntermediateDirectories: true)
        let odd = Array("TZXM_".utf8) + [0xFF, 0xFE] + Array(".csv".utf8)
        RawNames.write(ws.path("inbox/tzxm"), odd, [0x41])
        RawNames.write(ws.path("inbox/tzxm"), odd + Array(".ok".utf8), [])
        let n1 = run(ws)
        #expect(n1.status == 65, "\(n1.stderr)")
        let archived = ws.path("archive/\(Self.asOf)/manual")
        #expect(RawNames.read(archived, gbk) == bytes, "archived under its own bytes")
        #expect(RawNames.exists(archived, gbk + Array(".ok".utf8)))
        #expect(RawNames.list(ws.path("inbox/manual")).isEmpty)
        #expect(reasonCode(ws.path("quarantine/tzxm"), odd + Array(".reason.json".utf8)) == "NAME_UNKNOWN")
        #expect(RawNames.read(ws.path("quarantine/tzxm"), odd) == [0x41])
        // Shown escaped in the report.
        let report = ws.read("reports/" + (n1.summary["run"] as? String ?? "") + ".json") ?? ""
        // (E6 BB AE happens to be valid UTF-8, 滮: only the bytes that are not are escaped.)
        #expect(RawNames.shown(gbk) == "\\xB9滮\\xD0\\xED\\xBF\\xC9.pdf")
        let jsonEscaped = { (s: String) in s.replacingOccurrences(of: "\\", with: "\\\\") }
        #expect(report.contains(jsonEscaped(RawNames.shown(gbk))), "escaped in the report JSON")
        let details = (n1.summary["inbox"] as? [String: Any]) ?? [:]
        #expect(!details.isEmpty)
        #expect(report.contains(#"TZXM_\\xFF\\xFE.csv"#))
        #expect(run(ws).status == 0)
    }

    /// Found by the property test (seed 152): a name that begins with a combining mark fuses
    /// with the `/` before it for Foundation's character-based path methods, which then put
    /// its reason file in a folder that does not exist — and every later run failed.
    @Test func nameBeginningWithACombiningMarkIsQuarantinedInItsFolder() throws {
        let ws = TempWorkspace("apx-poison")
        let name = Array("\u{324}\u{483};x.csv".utf8)
        try FileManager.default.createDirectory(atPath: ws.path("inbox/tzxm"), withIntermediateDirectories: true)
        RawNames.write(ws.path("inbox/tzxm"), name, [0x41])
        RawNames.write(ws.path("inbox/tzxm"), name + Array(".ok".utf8), [])
        let n1 = run(ws)
        #expect(n1.status == 65, "\(n1.stderr)")
        #expect(reasonCode(ws.path("quarantine/tzxm"), name + Array(".reason.json".utf8)) == "NAME_UNKNOWN")
        #expect(RawNames.exists(ws.path("quarantine/tzxm"), name + Array(".ok".utf8)))
        #expect(run(ws).status == 0)
    }

    @Test func reprocessPutsOddAndLongNamesBackByteExact() throws {
        let ws = TempWorkspace("apx-poison")
        let odd = Array("TZXM_".utf8) + [0xC3, 0x28] + Array(".csv".utf8)          // C3 28: invalid UTF-8
        let long = Array((String(repeating: "长", count: 80) + ".pdf").utf8)
        try FileManager.default.createDirectory(atPath: ws.path("inbox/tzxm"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: ws.path("inbox/manual"), withIntermediateDirectories: true)
        RawNames.write(ws.path("inbox/tzxm"), odd, [0x41])
        RawNames.write(ws.path("inbox/tzxm"), odd + Array(".ok".utf8), [])
        RawNames.write(ws.path("inbox/manual"), long, Array("%PDF-1.4 broken".utf8))
        RawNames.write(ws.path("inbox/manual"), long + Array(".ok".utf8), [])
        #expect(run(ws).status == 65)
        let r = APXProcess.run(["reprocess", "--quarantined", "--root", ws.root, "--as-of", Self.asOf, "--json"])
        #expect(r.status == 65, "\(r.stderr)")
        // Back through and quarantined again (under `~2`: the first name stays recorded), the
        // bytes of the name kept; nothing left in the inbox, one reason file each.
        func data(_ dir: String) -> [[UInt8]] {
            RawNames.list(ws.path(dir)).filter { n in ![".ok", ".reason.json"].contains { n.count >= $0.utf8.count && Array(n.suffix($0.utf8.count)) == Array($0.utf8) } }
        }
        let tzxm = data("quarantine/tzxm"), manual = data("quarantine/manual")
        #expect(tzxm.count == 1 && tzxm.allSatisfy { Array($0.prefix(7)) == Array(odd.prefix(7)) && RawNames.read(ws.path("quarantine/tzxm"), $0) == [0x41] },
                "\(tzxm)")
        #expect(manual.count == 1 && manual.allSatisfy { Array($0.prefix(200)) == Array(long.prefix(200)) })
        #expect(RawNames.list(ws.path("quarantine/tzxm")).count == 3 && RawNames.list(ws.path("quarantine/manual")).count == 3)
        #expect(RawNames.list(ws.path("inbox/tzxm")).isEmpty && RawNames.list(ws.path("inbox/manual")).isEmpty)
        #expect(RawNames.list(ws.path("quarantine/manual")).allSatisfy { $0.count <= 255 })
    }

    @Test func nfdDataFileIsNotReadyUnderAnNfcMarker() throws {
        let ws = TempWorkspace("apx-poison")
        let nfd = Array("cafe\u{301}.pdf".utf8), nfcMarker = Array("caf\u{E9}.pdf.ok".utf8)
        try FileManager.default.createDirectory(atPath: ws.path("inbox/manual"), withIntermediateDirectories: true)
        RawNames.write(ws.path("inbox/manual"), nfd, Array(manualPDF("W-3").prefix(100)))   // still being written
        RawNames.write(ws.path("inbox/manual"), nfcMarker, [])
        let n1 = run(ws)
        #expect(n1.status == 0, "\(n1.stderr)")
        #expect(intAt(n1.summary, "files", "claimed") == 0)
        #expect(listed(n1.summary, "notReady").keys.contains { Array($0.utf8) == Array("manual/".utf8) + nfd })
        #expect(((n1.summary["orphanMarkers"] as? [String]) ?? []).contains { Array($0.utf8) == Array("manual/".utf8) + nfcMarker })
        #expect(RawNames.exists(ws.path("inbox/manual"), nfd))
    }

    @Test func directoryNamedLikeADataFileWithItsMarkerIsQuarantined() throws {
        let ws = TempWorkspace("apx-poison")
        try FileManager.default.createDirectory(atPath: ws.path("inbox/tzxm/TZXM_20261120_01.csv"), withIntermediateDirectories: true)
        FileManager.default.createFile(atPath: ws.path("inbox/tzxm/TZXM_20261120_01.csv/inner.csv"), contents: Data("x".utf8))
        ws.drop("tzxm", "TZXM_20261120_01.csv.ok", [], marker: false)
        try FileManager.default.createDirectory(atPath: ws.path("inbox/tzxm/someone's folder"), withIntermediateDirectories: true)
        dropGoodExtract(ws, serial: "02")
        let n1 = run(ws)
        #expect(n1.status == 65, "\(n1.stderr)")
        let reason = ws.read("quarantine/tzxm/TZXM_20261120_01.csv.reason.json") ?? ""
        #expect(reason.contains("NAME_UNKNOWN") && reason.contains("a directory"), "\(reason)")
        #expect(ws.exists("quarantine/tzxm/TZXM_20261120_01.csv/inner.csv"))
        #expect(listed(n1.summary, "skipped")["tzxm/someone's folder"]?.contains("directory") == true)
        #expect(ws.exists("archive/\(Self.asOf)/tzxm/TZXM_20261120_02.csv"))
        #expect(run(ws).status == 0)
    }

    @Test func fifoSocketAndLinkWithMarkersAreQuarantinedNeverOpened() throws {
        let ws = TempWorkspace("apx-poison")
        let dir = ws.path("inbox/rkqq")
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        #expect(mkfifo(dir + "/RKQQ_20261120_01.csv", 0o644) == 0)      // opening it for reading would block forever
        ws.drop("rkqq", "RKQQ_20261120_01.csv.ok", [], marker: false)
        #expect(mkfifo(dir + "/waiting.fifo", 0o644) == 0)              // no marker: skipped, listed
        let socketPath = dir + "/RKQQ_20261120_02.csv"
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (i, b) in socketPath.utf8.enumerated() where i < raw.count - 1 { raw[i] = b }
        }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        #expect(bound == 0)
        ws.drop("rkqq", "RKQQ_20261120_02.csv.ok", [], marker: false)
        try FileManager.default.createSymbolicLink(atPath: dir + "/RKQQ_20261120_03.csv", withDestinationPath: "/dev/zero")
        ws.drop("rkqq", "RKQQ_20261120_03.csv.ok", [], marker: false)
        let started = Date()
        let n1 = run(ws)
        close(fd)
        #expect(Date().timeIntervalSince(started) < 30)
        #expect(n1.status == 65, "\(n1.stderr)")
        for (name, kind) in [("RKQQ_20261120_01.csv", "a FIFO"), ("RKQQ_20261120_02.csv", "a socket"), ("RKQQ_20261120_03.csv", "a symbolic link")] {
            let reason = ws.read("quarantine/rkqq/\(name).reason.json") ?? ""
            #expect(reason.contains("NAME_UNKNOWN") && reason.contains(kind), "\(name): \(reason)")
        }
        #expect(listed(n1.summary, "skipped")["rkqq/waiting.fifo"]?.contains("FIFO") == true)
        #expect(run(ws).status == 0)
    }

    // MARK: Observed: stray and orphan files in sgt/

    @Test func strayFileWithAMarkerInSgtIsNameUnknown() throws {
        let ws = TempWorkspace("apx-poison")
        ws.drop("sgt", "readme.txt", text: "notes from the partner")
        let n1 = run(ws)
        #expect(n1.status == 65, "\(n1.stderr)")
        #expect(ws.read("quarantine/sgt/readme.txt.reason.json")?.contains("NAME_UNKNOWN") == true)
        #expect(ws.exists("quarantine/sgt/readme.txt.ok"))
    }

    @Test func attachmentsNoResultClaimedForLongerThanTheOrphanPeriodAreListed() throws {
        let ws = TempWorkspace("apx-poison")
        ws.drop("sgt", "SC8_old.pdf", text: "%PDF-1.4 old", marker: false)
        ws.drop("sgt", "SC8_new.pdf", text: "%PDF-1.4 new", marker: false)
        let threeDaysAgo = Date().addingTimeInterval(-3 * 86_400)
        try FileManager.default.setAttributes([.modificationDate: threeDaysAgo], ofItemAtPath: ws.path("inbox/sgt/SC8_old.pdf"))
        let n1 = run(ws)
        #expect(n1.status == 0, "\(n1.stderr)")
        #expect(listed(n1.summary, "orphanAttachments")["sgt/SC8_old.pdf"]?.contains("3 days") == true, "\(n1.summary["inbox"] ?? "")")
        #expect(listed(n1.summary, "attachments")["sgt/SC8_new.pdf"] != nil)
        #expect(ws.exists("inbox/sgt/SC8_old.pdf"), "never deleted")
        let html = ws.read("reports/" + (n1.summary["run"] as? String ?? "") + ".html") ?? ""
        #expect(html.contains("Orphan attachments") && html.contains("SC8_old.pdf"))
    }
}
