import Foundation
import SQLiteDB
import Testing
import TestSupport

/// dtjg GB18030 files where the CSV reader's 256 KiB read boundary falls inside a two-byte
/// or a four-byte code: the values stored are those iconv reads; a code cut by a bad byte
/// at the boundary quarantines the file (ENCODING) with nothing of it stored.
@Suite struct GB18030ChunkBoundaryAttackTests {
    static let boundary = 1 << 18
    static let special = "瑋𠀀㐀建工"

    static func rows(_ n: Int, marked j: Int?) -> String {
        ResultBuilders.dtjg(kind: "HTBA", rows: (0..<n).map { i in
            ["XMDM": String(format: "2022-360111-48-01-%06d", i), "XMMC": "项目\(i)号", "JSDWDM": Cast.lead1.uscc,
             "JSDWMC": Cast.lead1.name, "HTBABH": "HT-\(i)", "HTLX": "1", "ZBFS": "3",
             "CBDWMC": i == j ? "QQPADQQ" + special : "建工", "CBDWDM": Cast.unit2.uscc, "HTJE": "100",
             "QDRQ": "2026-09-01", "BARQ": "2026-09-02"]
        })
    }

    /// A file whose byte `offset` bytes after the marker row's padding is at `boundary - back`:
    /// the padding (ASCII) places the first byte of `special`'s `skip`-th byte there.
    static func file(codeStartAt target: Int, skipping skip: Int = 0) -> (bytes: [UInt8], row: Int, count: Int) {
        let count = 2_600
        let plain = GB18030.encode(rows(count, marked: nil))
        precondition(plain.count > boundary + 20_000, "size \(plain.count)")
        // The marked row nearest before the target, so the padding stays under the field limit.
        var j = (target - 150) * count / plain.count
        let marker = Array("QQPADQQ".utf8)
        for _ in 0..<20 {
            let bytes = GB18030.encode(rows(count, marked: j))
            let p = (0...(bytes.count - marker.count)).first { Array(bytes[$0..<($0 + marker.count)]) == marker }!
            let pad = target - skip - p
            if pad >= 1 && pad <= 150 {
                return (Array(bytes[..<p]) + [UInt8](repeating: 0x41, count: pad) + Array(bytes[(p + marker.count)...]), j, count)
            }
            j += (pad - 75) * count / plain.count + (pad > 150 ? 1 : -1)
        }
        preconditionFailure("no row places the code at \(target)")
    }

    static func iconv(_ bytes: [UInt8]) -> String? {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/iconv")
        p.arguments = ["-f", "GB18030", "-t", "UTF-8"]
        let input = Pipe(), output = Pipe()
        p.standardInput = input
        p.standardOutput = output
        p.standardError = FileHandle.nullDevice
        guard (try? p.run()) != nil else { return nil }
        let writer = Thread { input.fileHandleForWriting.write(Data(bytes)); try? input.fileHandleForWriting.close() }
        writer.start()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return p.terminationStatus == 0 ? String(decoding: data, as: UTF8.self) : nil
    }

    @Test(arguments: [(1, 0), (1, 2), (2, 2), (3, 2), (1, 6), (3, 6)])
    func aCodeCutByTheReadBoundaryReadsAsIconvReadsIt(back: Int, skip: Int) throws {
        // skip 0: 瑋 (two bytes) starts `back` bytes before the boundary; 2: 𠀀 (four bytes); 6: 㐀 (four bytes).
        let (bytes, row, count) = Self.file(codeStartAt: Self.boundary - back, skipping: skip)
        let expected = try #require(Self.iconv(bytes), "iconv reads the fixture")
        let line = try #require(expected.components(separatedBy: "\r\n").first { $0.contains("HT-\(row),") })
        #expect(line.contains("A" + Self.special))
        let ws = TempWorkspace("apx-gbcut")
        ws.drop("dtjg", "DTJG_HTBA_20261007_01.csv", bytes)
        let r = APXProcess.run(["run", "--root", ws.root, "--as-of", "2026-10-08"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(ws.files(under: "quarantine").isEmpty)
        let db = try Database(path: ws.path("db/approval.sqlite"))
        #expect(try db.scalar("SELECT count(*) FROM result").int == count)
        let stored = try db.scalar("SELECT record FROM result WHERE number = ?", "HT-\(row)").string ?? ""
        #expect(stored.contains(Self.special), "\(stored.prefix(200))")
        #expect(try db.scalar("SELECT count(*) FROM result WHERE instr(record, 'QQ') > 0 OR instr(record, char(65533)) > 0").int == 0)
    }

    @Test(arguments: [[UInt8]([0x81, 0x0A]), [0x81, 0x30, 0x0A], [0x81, 0x30, 0x81, 0x0A], [0xFF, 0x0A], [0x80, 0x0A]])
    func aBadCodeAtTheReadBoundaryQuarantinesTheFile(bad: [UInt8]) throws {
        let (good, _, _) = Self.file(codeStartAt: Self.boundary - 1)
        // The bad bytes replace 瑋, starting at the boundary's last byte.
        var bytes = good
        bytes.replaceSubrange((Self.boundary - 1)..<(Self.boundary + 1), with: bad)
        #expect(Self.iconv(bytes) == nil, "iconv rejects it too")
        let ws = TempWorkspace("apx-gbbad")
        ws.drop("dtjg", "DTJG_HTBA_20261007_01.csv", bytes)
        _ = APXProcess.run(["run", "--root", ws.root, "--as-of", "2026-10-08"])
        let db = try Database(path: ws.path("db/approval.sqlite"))
        #expect(try db.scalar("SELECT count(*) FROM result").int == 0, "nothing of the file")
        let reasons = ws.files(under: "quarantine").filter { $0.hasSuffix(".reason.json") }.compactMap { ws.read($0) }
        #expect(reasons.count == 1 && reasons[0].contains("ENCODING"), "\(reasons)")
    }
}
