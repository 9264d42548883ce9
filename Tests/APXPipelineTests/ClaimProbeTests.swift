import APXCore
import Foundation
import Testing
import TestSupport
@testable import APXDrop
@testable import APXPipeline
#if canImport(Glibc)
import Glibc
#endif

/// "Vanishing between listing and claiming, changing after its marker": the claim of an entry
/// that is not the one that was looked at is refused (`ClaimSkip`), so its transaction rolls
/// back and the entry waits, listed, for the next run.
@Suite struct ClaimProbeTests {
    func ready(_ ws: TempWorkspace, _ name: String) -> InboxScan.Ready {
        Inbox(root: ws.path("inbox")).scan(.rkqq).ready.first { $0.name == name }!
    }

    @Test func anEntryGoneSinceTheListingIsSkippedNotFatal() throws {
        let ws = TempWorkspace()
        ws.drop("rkqq", "RKQQ_20261120_01.csv", text: "x")
        let file = ready(ws, "RKQQ_20261120_01.csv")
        unlink(file.path)
        let error = #expect(throws: ClaimSkip.self) { _ = try ClaimProbe.look(file) }
        #expect(error?.kind == .skipped && error?.why.contains("vanished") == true)
    }

    @Test func anEntryWhoseMarkerWentIsSkipped() throws {
        let ws = TempWorkspace()
        ws.drop("rkqq", "RKQQ_20261120_01.csv", text: "x")
        let file = ready(ws, "RKQQ_20261120_01.csv")
        unlink(file.markerPath)
        let error = #expect(throws: ClaimSkip.self) { _ = try ClaimProbe.look(file) }
        #expect(error?.why.contains("marker") == true)
    }

    @Test func aFileRewrittenWhileItIsClaimedIsRefusedBeforeTheCommit() throws {
        let ws = TempWorkspace()
        ws.drop("rkqq", "RKQQ_20261120_01.csv", text: "header\r\n")
        let file = ready(ws, "RKQQ_20261120_01.csv")
        let before = try ClaimProbe.look(file)
        let error = #expect(throws: ClaimSkip.self) {
            _ = try ClaimProbe.checked(file, since: before) {
                let h = FileHandle(forWritingAtPath: file.path)!     // the partner appends after its marker
                h.seekToEndOfFile()
                h.write(Data("more\r\n".utf8))
                try h.close()
            }
        }
        #expect(error?.why.contains("changed") == true)
    }

    @Test func aFileReplacedUnderItsNameIsRefused() throws {
        let ws = TempWorkspace()
        ws.drop("rkqq", "RKQQ_20261120_01.csv", text: "same")
        let file = ready(ws, "RKQQ_20261120_01.csv")
        let before = try ClaimProbe.look(file)
        #expect(throws: ClaimSkip.self) {
            _ = try ClaimProbe.checked(file, since: before) {
                FileManager.default.createFile(atPath: file.path + ".new", contents: Data("same".utf8))
                rename(file.path + ".new", file.path)                 // same size, new inode
            }
        }
    }

    @Test func anUntouchedFilePassesAndReadingItChangesNothing() throws {
        let ws = TempWorkspace()
        ws.drop("rkqq", "RKQQ_20261120_01.csv", text: "same")
        let file = ready(ws, "RKQQ_20261120_01.csv")
        let before = try ClaimProbe.look(file)
        let hash = try ClaimProbe.checked(file, since: before) { try SHA256.file(at: file.path).hex }
        #expect(hash == SHA256.hex("same"))
    }

    @Test func readErrorsSayWhoseFaultTheyAre() {
        #expect(ClaimSkip.reading(FileError("open", "x", errno: EACCES)).kind == .notReadable)
        #expect(ClaimSkip.reading(FileError("open", "x", errno: ENOENT)).kind == .skipped)
        #expect(ClaimSkip.reading(FileError("open", "x", errno: ELOOP)).why.contains("symbolic link"))
    }
}
