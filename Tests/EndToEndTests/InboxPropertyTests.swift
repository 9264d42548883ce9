import Foundation
import SQLiteDB
import Testing
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// Issue 8's property: random inbox trees — random names and bytes, entry types, permissions,
/// sizes, markers present or not — over several nights with SIGKILLs in between. Invariants:
/// every completed run exits 0 or 65; every entry ends in exactly one of archive / quarantine /
/// inbox and is accounted for in some report; no push record twice; gov batches gapless.
///
/// CI runs three seeds (a few seconds). The long run:
/// `APX_PROPERTY_SEEDS=1-200 APX_PROPERTY_NIGHTS=8 swift test --filter InboxPropertyTests`
/// (`APX_PROPERTY_SEEDS` also takes a list: `7,19,23`).
@Suite(.serialized) struct InboxPropertyTests {
    struct Config {
        var seeds: [UInt64] = [1, 2, 3]
        var nights = 4

        static var fromEnvironment: Config {
            var c = Config()
            let env = ProcessInfo.processInfo.environment
            if let spec = env["APX_PROPERTY_SEEDS"] {
                var seeds: [UInt64] = []
                for part in spec.split(separator: ",") {
                    let bounds = part.split(separator: "-").compactMap { UInt64($0) }
                    if bounds.count == 2, bounds[0] <= bounds[1] { seeds += Array(bounds[0]...bounds[1]) } else if let s = bounds.first { seeds.append(s) }
                }
                if !seeds.isEmpty { c.seeds = seeds }
            }
            if let n = env["APX_PROPERTY_NIGHTS"].flatMap(Int.init), n > 0 { c.nights = n }
            return c
        }
    }

    /// One generated inbox entry and what the run should find it to be.
    struct Entry {
        let source: String
        let name: [UInt8]
        let kind: String
        var key: String { source + "/" + RawNames.shown(name) }
    }

    struct Figures {
        var runs = 0, kills = 0, entries = 0, claimed = 0, pushRecords = 0
        var ended: [String: Int] = [:]
    }

    static let sources = ["tzxm", "rkqq", "sgt", "dtjg", "manual", "jsqq", "gov-receipt", "archive-receipt"]

    @Test func randomInboxTreesAcrossNightsWithKills() throws {
        let config = Config.fromEnvironment
        var total = Figures()
        let started = Date()
        for seed in config.seeds {
            let figures = try night(seed: seed, nights: config.nights)
            total.runs += figures.runs; total.kills += figures.kills; total.entries += figures.entries
            total.claimed += figures.claimed; total.pushRecords += figures.pushRecords
            total.ended.merge(figures.ended, uniquingKeysWith: +)
        }
        print("inbox property: seeds \(config.seeds.first!)…\(config.seeds.last!) (\(config.seeds.count)), \(config.nights) nights each: "
              + "\(total.runs) runs, \(total.kills) kills, \(total.entries) entries generated, \(total.claimed) claimed, "
              + "\(total.pushRecords) push records, ended in \(total.ended.sorted { $0.key < $1.key }), \(String(format: "%.1f", Date().timeIntervalSince(started))) s"
              + (AsServiceAccount.available ? " (as nobody, with mode-000 entries)" : " (as this user, no permission cases)"))
    }

    // MARK: One workspace, several nights

    func night(seed: UInt64, nights: Int) throws -> Figures {
        var rng = SplitMix(seed: seed &* 0x9E37_79B9 &+ 17)
        let ws = TempWorkspace("apx-property")
        let asNobody = AsServiceAccount.available
        var entries: [Entry] = []
        var taken: Set<[UInt8]> = []
        var withdrawn: Set<[UInt8]> = []
        var figures = Figures()
        var projects = 0
        for n in 0..<nights {
            let asOf = Self.day(n)
            let count = Int.random(in: 6...14, using: &rng)
            for _ in 0..<count {
                if let e = generate(ws, asOf: asOf, rng: &rng, taken: &taken, asNobody: asNobody) { entries.append(e) }
            }
            // Real data that pushes: a project extract and its warehousing request.
            if Bool.random(using: &rng) {
                projects += 1
                let xmdm = String(format: "2026-360111-48-01-%06d", Int(seed % 1000) * 1000 + projects)
                var p = ProjectFixture(xmdm: xmdm, xmmc: "性质测试项目\(projects)", units: [Cast.lead1])
                p.ztze = "1000.00"
                var r = RequestFixture(qqbh: "RK-\(seed)-\(projects)", xmdm: xmdm, xmmc: p.xmmc, sqdwdm: Cast.lead1.uscc, sqdwmc: Cast.lead1.name)
                r.ztze = "1000.00"
                let compact = asOf.replacingOccurrences(of: "-", with: "")
                for (source, name, bytes) in [("tzxm", "TZXM_\(compact)_9\(projects % 10).csv", GB18030.encode(Builders.tzxmCSV([p]))),
                                              ("rkqq", "RKQQ_\(compact)_9\(projects % 10).csv", Array(Builders.rkqqCSV([r]).utf8))]
                where !taken.contains(Array((source + "/" + name).utf8)) {
                    taken.insert(Array((source + "/" + name).utf8))
                    ws.drop(source, name, bytes)
                    entries.append(Entry(source: source, name: Array(name.utf8), kind: "data"))
                }
            }
            // Size limits low enough that some random files are TOO_LARGE.
            FileManager.default.createFile(atPath: ws.path("limits.conf"),
                                           contents: Data("limits.csv_bytes = 60000\nlimits.pdf_bytes = 60000\nlimits.xml_bytes = 60000\n".utf8))
            if asNobody { AsServiceAccount.handOver(ws.root) }
            let args = ["run", "--root", ws.root, "--as-of", asOf, "--json", "--pipeline", ws.path("limits.conf")]
            // Killed runs first (SIGKILL at a random instant), then the night's run completes.
            while Double.random(in: 0..<1, using: &rng) < 0.5 {
                kill(args, after: Double.random(in: 0.0...0.4, using: &rng), asNobody: asNobody)
                figures.kills += 1
            }
            // A careless partner during the night's run: appends to files after their marker and
            // withdraws one (data and marker) at a random instant.
            let tonight = entries.suffix(count).filter { $0.kind == "file" && String(validating: $0.name, as: UTF8.self) != nil }
                .shuffled(using: &rng)
            let victim = tonight.first
            if let victim { withdrawn.insert(Array(victim.key.utf8)) }
            let partner = churn(ws, victim: victim, appending: Array(tonight.dropFirst().prefix(2)),
                                after: Double.random(in: 0...0.3, using: &rng))
            let r = complete(args, asNobody: asNobody)
            partner.terminate()
            partner.waitUntilExit()
            figures.runs += 1
            #expect(r.status == 0 || r.status == 65, "seed \(seed) night \(n): exit \(r.status): \(r.stderr)")
            figures.claimed += (((r.json["files"] as? [String: Any])?["claimed"] as? Int) ?? 0)
        }
        figures.entries = entries.count
        try checkInvariants(ws, entries: entries, withdrawn: withdrawn, seed: seed, figures: &figures)
        return figures
    }

    static func day(_ n: Int) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let base = calendar.date(from: DateComponents(year: 2026, month: 11, day: 21))!
        let d = calendar.dateComponents([.year, .month, .day], from: calendar.date(byAdding: .day, value: n, to: base)!)
        return String(format: "%04d-%02d-%02d", d.year!, d.month!, d.day!)
    }

    // MARK: Generation

    func randomName(source: String, asOf: String, rng: inout SplitMix) -> [UInt8] {
        let compact = asOf.replacingOccurrences(of: "-", with: "")
        let serial = String(format: "%02d", Int.random(in: 0...89, using: &rng))
        switch Int.random(in: 0..<10, using: &rng) {
        case 0, 1:   // a name that fits its folder's pattern
            let pattern: [String: String] = [
                "tzxm": "TZXM_\(compact)_\(serial).csv", "rkqq": "RKQQ_\(compact)_\(serial).csv", "jsqq": "JSQQ_\(compact)_\(serial).csv",
                "dtjg": "DTJG_SGXK_\(compact)_\(serial).csv", "sgt": "SGT_BJ_SC\(serial).xml", "manual": "证书\(serial).pdf",
                "gov-receipt": "HZ_SZWJ_\(compact)_0000\(serial).xml", "archive-receipt": "HZ_DA_2019-360102-47-03-012345_\(compact).xml",
            ]
            return Array(pattern[source]!.utf8)
        case 2:      // random bytes (no NUL, no slash)
            return (0..<Int.random(in: 1...40, using: &rng)).map { _ in
                var b: UInt8
                repeat { b = UInt8.random(in: 1...255, using: &rng) } while b == 0x2F
                return b
            }
        case 3:      // long but legal: its marker just fits (≤ 255 bytes)
            let chars = Int.random(in: 70...82, using: &rng)
            return Array((String(repeating: "长", count: chars) + serial + ".pdf").utf8.prefix(252))
        case 4:      // GBK bytes, as a Windows/Samba partner writes them
            return [0xB9, 0xE6, 0xBB, 0xAE, UInt8.random(in: 0xB0...0xF7, using: &rng), UInt8.random(in: 0xA1...0xFE, using: &rng)]
                + Array((serial + ".pdf").utf8)
        case 5:      // hidden or temporary
            return Array([".partial-\(serial)", "up\(serial).tmp", "up\(serial).part", ".~lock\(serial)"][Int.random(in: 0..<4, using: &rng)].utf8)
        case 6:      // decomposed (NFD) spelling
            return Array("cafe\u{301}\(serial).pdf".utf8)
        default:     // stray text names
            return Array(["readme\(serial).txt", "SC\(serial)_hgs.pdf", "备注\(serial).docx", "a b\\x41\(serial).csv",
                          "new\nline\(serial).csv"][Int.random(in: 0..<5, using: &rng)].utf8)
        }
    }

    func generate(_ ws: TempWorkspace, asOf: String, rng: inout SplitMix, taken: inout Set<[UInt8]>, asNobody: Bool) -> Entry? {
        let source = Self.sources[Int.random(in: 0..<Self.sources.count, using: &rng)]
        let name = randomName(source: source, asOf: asOf, rng: &rng)
        let key = Array((source + "/" + RawNames.shown(name)).utf8)
        // Names are unique within a workspace's history (a reused name is a later delivery,
        // which the spec allows but this bookkeeping does not follow); none ends in `.ok`.
        guard !taken.contains(key), !name.ends(with: Array(".ok".utf8)) else { return nil }
        taken.insert(key)
        let dir = ws.path("inbox/" + source)
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let roll = Int.random(in: 0..<100, using: &rng)
        var kind = "file"
        switch roll {
        case 0..<60:
            let size = [0, 1, 100, 4096, 70_000][Int.random(in: 0..<5, using: &rng)]
            var bytes = (0..<size).map { _ in UInt8.random(in: 0...255, using: &rng) }
            if source == "manual" && Bool.random(using: &rng) {
                bytes = ResultBuilders.manualPDF([("XMDM", Cast.p1), ("SXBM", "GHXK"), ("WJBH", "W\(roll)"), ("FZJG", "局"),
                                                  ("FZRQ", "2026-09-15"), ("JSDWDM", Cast.lead1.uscc), ("Title", "证书")])
            }
            let mode: mode_t = asNobody && Int.random(in: 0..<8, using: &rng) == 0 ? 0 : 0o644
            RawNames.write(dir, name, bytes, mode: mode)
            if mode == 0 { kind = "unreadable" }
        case 60..<72:
            kind = "directory"
            let path = RawNames.path(dir, name)
            mkdir(path, 0o755)
            RawNames.write(dir, name + Array("/inner".utf8), [0x41])
            if asNobody && Bool.random(using: &rng) { kind = "locked directory"; chmod(path, 0o555) }
        case 72..<82:
            kind = "symlink"
            _ = symlink(["/etc/passwd", "../../db", "missing", "."][Int.random(in: 0..<4, using: &rng)], RawNames.path(dir, name))
        case 82..<92:
            kind = "fifo"
            mkfifo(RawNames.path(dir, name), 0o644)
        default:
            kind = "socket"
            guard makeSocket(RawNames.path(dir, name)) else { return nil }
        }
        // The marker, mostly; sometimes a marker under the NFC spelling of an NFD name.
        let markerRoll = Int.random(in: 0..<100, using: &rng)
        if markerRoll < 70 {
            RawNames.write(dir, name + Array(".ok".utf8), [])
        } else if markerRoll < 75, let text = String(validating: name, as: UTF8.self) {
            let nfc = Array(text.precomposedStringWithCanonicalMapping.utf8)
            if nfc != name { RawNames.write(dir, nfc + Array(".ok".utf8), []) }
        }
        return Entry(source: source, name: name, kind: kind)
    }

    func makeSocket(_ path: [CChar]) -> Bool {
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0, path.count <= 108 else { if fd >= 0 { close(fd) }; return false }
        defer { close(fd) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (i, c) in path.enumerated() where i < raw.count { raw[i] = UInt8(bitPattern: c) }
        }
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        } == 0
    }

    // MARK: Running

    func process(_ args: [String], asNobody: Bool) -> Process {
        let p = Process()
        if asNobody {
            p.executableURL = URL(fileURLWithPath: "/usr/bin/setpriv")
            p.arguments = ["--reuid=nobody", "--regid=nogroup", "--clear-groups", APXProcess.binary] + args
        } else {
            p.executableURL = URL(fileURLWithPath: APXProcess.binary)
            p.arguments = args
        }
        var env = ProcessInfo.processInfo.environment
        env.removeValue(forKey: "APX_ROOT")
        p.environment = env
        return p
    }

    func kill(_ args: [String], after seconds: Double, asNobody: Bool) {
        let p = process(args, asNobody: asNobody)
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try! p.run()
        usleep(useconds_t(seconds * 1_000_000))
        Glibc.kill(p.processIdentifier, SIGKILL)   // setpriv execs apx: the same pid
        p.waitUntilExit()
    }

    func complete(_ args: [String], asNobody: Bool) -> AsServiceAccount.Result {
        if asNobody { return AsServiceAccount.run(args) }
        let r = APXProcess.run(args)
        return AsServiceAccount.Result(status: r.status, stdout: r.stdout, stderr: r.stderr)
    }

    /// A shell that appends to `appending` (never creating a file: `dd conv=nocreat`) every few
    /// milliseconds and removes `victim` and its marker after `after` seconds.
    func churn(_ ws: TempWorkspace, victim: Entry?, appending: [Entry], after: Double) -> Process {
        let path = { (e: Entry) in ws.path("inbox/" + e.source) + "/" + String(decoding: e.name, as: UTF8.self) }
        let script = """
            v="$1"; shift
            ( sleep \(String(format: "%.3f", after)); [ -n "$v" ] && rm -f -- "$v" "$v.ok" ) &
            while :; do
              for f in "$@"; do printf x | dd of="$f" oflag=append conv=notrunc,nocreat status=none 2>/dev/null; done
              sleep 0.005
            done
            """
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/sh")
        p.arguments = ["-c", script, "churn", victim.map(path) ?? ""] + appending.map(path)
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try! p.run()
        return p
    }

    // MARK: Invariants

    func checkInvariants(_ ws: TempWorkspace, entries: [Entry], withdrawn: Set<[UInt8]>, seed: UInt64, figures: inout Figures) throws {
        // Every report: the files each claimed (destination, companions) and what it left.
        // Keys are bytes: Swift strings compare canonically (NFC == NFD), names must not.
        var destinations: [[UInt8]: Set<String>] = [:]
        // The last report is the one written last: run ids (second + pid) of two runs in the same
        // second do not sort by time (pids wrap and change digits).
        var lastRun = "", lastWritten = Date.distantPast
        for name in (try FileManager.default.contentsOfDirectory(atPath: ws.path("reports"))).sorted() where name.hasSuffix(".json") {
            guard let data = FileManager.default.contents(atPath: ws.path("reports/" + name)),
                  let report = try JSONSerialization.jsonObject(with: data) as? [String: Any] else { continue }
            let written = (try? FileManager.default.attributesOfItem(atPath: ws.path("reports/" + name))[.modificationDate] as? Date)
                ?? .distantPast
            if written >= lastWritten { (lastRun, lastWritten) = (report["run"] as? String ?? "", written) }
            for file in (report["fileDetails"] as? [[String: Any]]) ?? [] {
                let source = file["source"] as? String ?? ""
                destinations[Array((source + "/" + (file["name"] as? String ?? "")).utf8), default: []].insert(file["destination"] as? String ?? "")
                for c in (file["companions"] as? [[String: Any]]) ?? [] {
                    destinations[Array((source + "/" + (c["name"] as? String ?? "")).utf8), default: []].insert(c["destination"] as? String ?? "")
                }
            }
        }
        let lastData = FileManager.default.contents(atPath: ws.path("reports/\(lastRun).json")) ?? Data("{}".utf8)
        let last = try JSONSerialization.jsonObject(with: lastData) as? [String: Any] ?? [:]
        #expect(!last.isEmpty, "seed \(seed): no report")
        var leftInInbox: Set<[UInt8]> = Set(((last["orphanMarkers"] as? [String]) ?? []).map { Array($0.utf8) })
        for list in ["notReady", "notReadable", "skipped", "attachments", "orphanAttachments"] {
            for e in ((last["inbox"] as? [String: Any])?[list] as? [[String: Any]]) ?? [] {
                leftInInbox.insert(Array("\(e["source"] as? String ?? "")/\(e["name"] as? String ?? "")".utf8))
            }
        }
        for entry in entries {
            let inInbox = RawNames.exists(ws.path("inbox/" + entry.source), entry.name)
            let moved = (destinations[Array(entry.key.utf8)] ?? []).filter { RawNames.exists(ws.root, Array($0.utf8).unescaped) }
            let place = inInbox ? "inbox" : moved.first ?? "nowhere"
            figures.ended[String(place.prefix { $0 != "/" }), default: 0] += 1
            if withdrawn.contains(Array(entry.key.utf8)) {   // the partner deleted it: at most one place
                #expect(moved.count + (inInbox ? 1 : 0) <= 1, "seed \(seed): withdrawn \(entry.key) in two places")
                continue
            }
            #expect(moved.count + (inInbox ? 1 : 0) == 1,
                    "seed \(seed): \(entry.kind) \(entry.key) is in \(moved.count) destinations and inbox: \(inInbox)")
            if inInbox {
                #expect(leftInInbox.contains(Array(entry.key.utf8)), "seed \(seed): \(entry.kind) \(entry.key) waits in the inbox unreported")
            }
            #expect(place.hasPrefix("inbox") || place.hasPrefix("archive/") || place.hasPrefix("quarantine/"),
                    "seed \(seed): \(entry.kind) \(entry.key) ended in \(place)")
        }
        // No push record twice; gov batches 1…n without a gap; the database intact.
        let records = try Night(ws: ws).verifiedPushRecords()
        figures.pushRecords += records.count
        #expect(Set(records.map { $0.prefix(3).joined(separator: "|") }).count == records.count, "seed \(seed): a push record twice")
        let batches = Night(ws: ws).pushFiles().compactMap { Int(($0 as NSString).lastPathComponent.dropLast(4).suffix(6)) }.sorted()
        #expect(batches == Array(stride(from: 1, through: batches.count, by: 1)), "seed \(seed): batches \(batches)")
        #expect(try Database(path: ws.path("db/approval.sqlite")).integrityCheck() == ["ok"])
    }
}

private extension Array where Element == UInt8 {
    func ends(with suffix: [UInt8]) -> Bool { count >= suffix.count && Array(self.suffix(suffix.count)) == suffix }

    /// A workspace-relative destination as apx records it (escaped) → its bytes.
    var unescaped: [UInt8] {
        var out: [UInt8] = []
        var i = 0
        func hex(_ b: UInt8) -> UInt8? {
            switch b { case 0x30...0x39: return b - 0x30; case 0x41...0x46: return b - 55; case 0x61...0x66: return b - 87; default: return nil }
        }
        while i < count {
            if self[i] == 0x5C, i + 3 < count, self[i + 1] == 0x78, let h = hex(self[i + 2]), let l = hex(self[i + 3]) {
                out.append(h << 4 | l)
                i += 4
            } else {
                out.append(self[i])
                i += 1
            }
        }
        return out
    }
}
