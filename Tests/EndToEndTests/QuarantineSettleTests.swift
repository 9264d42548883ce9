import Foundation
import SQLiteDB
import Testing
import TestSupport

/// A wrong name (NAME_UNKNOWN) redelivered under the right one never settles by itself: a
/// person settles it, the files stay, the audit trail says who and why, and status stops
/// asking for a person.
@Suite struct QuarantineSettleTests {
    @Test func aPersonSettlesAnEntryNoRedeliveryWillSettle() throws {
        let ws = TempWorkspace("apx-q-settle")
        ws.drop("rkqq", "入库申请 wrong.csv", text: "x")
        #expect(APXProcess.run(["run", "--root", ws.root, "--as-of", "2026-11-21"]).status == 65)
        let strict = ws.path("strict.conf")
        try "status.quarantine_alert_days = 0\n".write(toFile: strict, atomically: true, encoding: .utf8)
        let late = APXProcess.run(["status", "--root", ws.root, "--pipeline", strict, "--json"])
        #expect(late.status == 1, "an old quarantine needs a person: \(late.stdout)")

        let noNote = APXProcess.run(["quarantine", "settle", "rkqq/入库申请 wrong.csv", "--by", "张三", "--root", ws.root])
        #expect(noNote.status == 64)
        let r = APXProcess.run(["quarantine", "settle", "rkqq/入库申请 wrong.csv", "--by", "张三",
                                "--note", "redelivered as RKQQ_20261120_01.csv", "--root", ws.root])
        #expect(r.status == 0, "\(r.stderr)")
        let again = APXProcess.run(["quarantine", "settle", "rkqq/入库申请 wrong.csv", "--by", "张三", "--note", "x", "--root", ws.root])
        #expect(again.status == 66, "\(again.stderr)")

        #expect((APXProcess.run(["quarantine", "list", "--root", ws.root, "--json"]).json as? [Any])?.isEmpty == true)
        let all = try #require(APXProcess.run(["quarantine", "list", "--root", ws.root, "--json", "--all"]).json as? [[String: Any]])
        #expect(all.count == 1 && all[0]["state"] as? String == "SETTLED", "\(all)")
        #expect(ws.exists("quarantine/rkqq/入库申请 wrong.csv"))
        let db = try Database(path: ws.path("db/approval.sqlite"))
        let audit = try db.scalar("SELECT detail FROM audit WHERE action = 'settled' ORDER BY rowid DESC LIMIT 1").string ?? ""
        #expect(audit.contains("张三") && audit.contains("redelivered as RKQQ_20261120_01.csv"), "\(audit)")
        let status = APXProcess.run(["status", "--root", ws.root, "--pipeline", strict, "--json"])
        #expect(value(status.object, "quarantine", "count") as? Int == 0, "\(status.stdout)")
        #expect(!((status.object["attention"] as? [String]) ?? []).contains { $0.contains("quarantine") }, "\(status.stdout)")
    }

    @Test func settleNeedsSourceSlashNameAndAWorkspace() {
        let ws = TempWorkspace("apx-q-settle-usage")
        #expect(APXProcess.run(["quarantine", "settle", "no-slash", "--by", "a", "--note", "b", "--root", ws.root]).status == 64)
        #expect(APXProcess.run(["quarantine", "settle", "rkqq/x.csv", "--by", "a", "--note", "b", "--root", ws.path("missing")]).status == 66)
    }

    @Test func theNameAsTheListShowsItSettlesToo() throws {
        let ws = TempWorkspace("apx-q-settle-shown")
        ws.drop("manual", "report\u{202E}fdp.pdf", text: "not a pdf")
        #expect(APXProcess.run(["run", "--root", ws.root, "--as-of", "2026-11-21"]).status == 65)
        let list = APXProcess.run(["quarantine", "list", "--root", ws.root])
        #expect(list.stdout.contains(#"manual/report\u{202E}fdp.pdf"#), "\(list.stdout)")
        let r = APXProcess.run(["quarantine", "settle", #"manual/report\u{202E}fdp.pdf"#, "--by", "op", "--note", "sent by mistake",
                                "--root", ws.root])
        #expect(r.status == 0, "\(r.stderr)")
        #expect((APXProcess.run(["quarantine", "list", "--root", ws.root, "--json"]).json as? [Any])?.isEmpty == true)
    }
}
