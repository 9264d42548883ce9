import APXCore
import APXDomain
import APXDrop
import APXStore
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Moves claimed input files to their recorded destination — only after the database
/// commit that recorded their effects — with `NAME.reason.json` (quarantine) or
/// `NAME.rejects.csv` (archive) beside them. Idempotent: a crash anywhere is finished by
/// `finishAll`, which the next run calls first.
struct Finalizer {
    let store: Store
    let workspace: Workspace

    /// Destination (workspace-relative) for a file with this outcome, unique across
    /// everything recorded and everything on disk: `NAME`, else `stem~2.ext`, …
    /// Names are escaped (`FileName`); every candidate leaves room for its `.ok` marker
    /// within the file-system limit (a long stem is cut, never the `~N` or the extension).
    func destination(source: Source, name: String, outcome: InputFileOutcome, asOf: Day) throws -> String {
        let folder = outcome == .quarantined ? "quarantine/\(source)" : "archive/\(asOf.iso)/\(source)"
        let (stem, ext) = Finalizer.split(name)
        var n = 1
        while true {
            let candidate = n == 1 ? name : Finalizer.numbered(stem: stem, n: n, ext: ext)
            let relative = folder + "/" + candidate
            if try !store.isDestinationTaken(relative) && !store.isCompanionDestinationTaken(relative)
                && !DurableFile.exists(workspace.path(relative))
                && !DurableFile.exists(workspace.path(folder + "/" + FileName.sidecar(candidate, ".reason.json"))) {
                return relative
            }
            n += 1
        }
    }

    /// `stem~N.ext`, the stem's bytes cut so that the name and its `.ok` fit 255 bytes.
    static func numbered(stem: String, n: Int, ext: String) -> String {
        let tail = FileName(escaped: "~\(n)" + ext).bytes
        let room = FileName.maxBytes - 3 - tail.count
        let stemBytes = FileName(escaped: stem).bytes
        if stemBytes.count <= room { return stem + FileName(bytes: tail).escaped }
        let keep = FileName.characterBoundary(stemBytes, atMost: max(0, room))
        return FileName(bytes: Array(stemBytes.prefix(keep)) + tail).escaped
    }

    /// The data entry refused its own move (not the workspace): EPERM (e.g. a sticky inbox
    /// and another owner), or EACCES on a directory apx may not write. The run goes on.
    struct EntryMoveFailure: Error {
        let reason: String
    }

    static func split(_ name: String) -> (String, String) {
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return (name, "") }
        return (String(name[..<dot]), String(name[dot...]))
    }

    /// Finishes every recorded-but-unmoved file (recovery); returns how many it moved.
    @discardableResult
    func finishAll(verifyHash: Bool) throws -> Int {
        var count = 0
        for row in try store.inputFilesAwaitingMove() {
            try finish(row, verifyHash: verifyHash)
            count += 1
        }
        return count
    }

    func finish(_ row: InputFileRow, verifyHash: Bool) throws {
        let source = workspace.inbox + "/" + row.source.folder + "/" + row.name
        let dest = workspace.path(row.destination)
        let (dir, destName) = RawPath.split(dest)
        try DurableFile.makeDirectories(dir)
        if row.outcome == .quarantined {
            try DurableFile.publish(reasonJSON(row), directory: dir, name: FileName.sidecar(destName, ".reason.json"))
        } else if row.recordsRejected > 0 || DurableFile.exists(dir + "/" + FileName.sidecar(destName, ".rejects.csv")) {
            try DurableFile.publish(rejectsCSV(try store.rejects(fileID: row.id), name: row.name), directory: dir,
                                    name: FileName.sidecar(destName, ".rejects.csv"))
        }
        if DurableFile.exists(source) && !DurableFile.exists(dest) {
            var same = true
            if verifyHash {
                // Entries that were never read (not regular, over the limit) carry no content hash.
                same = (try? SHA256.file(at: source).hex) == row.sha256 || !RawPath.isRegularFile(source)
                    || row.reason == ReasonCode.tooLarge.rawValue
            }
            if same {
                do {
                    try DurableFile.move(source, to: dest)
                } catch let error as FileError where error.errno == EPERM
                    || (error.errno == EACCES && RawPath.type(source) == S_IFDIR) {
                    throw EntryMoveFailure(reason: String(cString: strerror(error.errno)))
                } catch let error as FileError where error.errno == ENOENT && !DurableFile.exists(source) {
                    // Withdrawn by its partner between the check and the move: nothing left to move.
                }
            }
        }
        // Companions (sgt attachments) follow their file, whatever its outcome.
        let folder = RawPath.directory(source)
        for companion in try store.companions(fileID: row.id) {
            let from = folder + "/" + companion.name
            let to = workspace.path(companion.destination)
            if DurableFile.exists(from) && !DurableFile.exists(to) {
                try DurableFile.makeDirectories(RawPath.directory(to))
                try DurableFile.move(from, to: to)
            }
            if DurableFile.exists(from + ".ok") && !DurableFile.exists(from) && !DurableFile.exists(to + ".ok") {
                try DurableFile.move(from + ".ok", to: to + ".ok")
            }
        }
        let marker = source + ".ok"
        if DurableFile.exists(marker) && DurableFile.exists(dest) && !DurableFile.exists(dest + ".ok") {
            // A marker is moved with its data file (a new delivery under the same name
            // brings its own marker after the data file is gone from the inbox).
            if !DurableFile.exists(source) { try DurableFile.move(marker, to: dest + ".ok") }
        }
        CrashPoint.hit("before marking moved")
        try store.markMoved(row.id)
    }

    func reasonJSON(_ row: InputFileRow) -> String {
        var pairs: [(String, JSON)] = [
            ("code", .string(row.reason ?? "")), ("message", .string(row.message ?? "")),
            ("run", .string(row.runID)), ("at", .string(row.claimedAt)),
            ("source", .string(row.source.rawValue)), ("file", .string(row.name)), ("sha256", .string(row.sha256)),
        ]
        if let line = row.line { pairs.append(("line", .int(line))) }
        if let record = row.record { pairs.append(("record", .int(record))) }
        if let field = row.field { pairs.append(("field", .string(field))) }
        return JSON.object(pairs).serialized(pretty: true) + "\n"
    }

    /// RFC 4180, UTF-8, CRLF: line, record, field, code, message, raw.
    /// `NAME.rejects.csv` with the five columns of spec 05: line (CSV) or record (XML, PDF)
    /// number, field, code, message, raw value.
    /// Without a name, rejects that carry lines are taken for a CSV file's.
    func rejectsCSV(_ rejects: [Reject], name: String = "") -> String {
        let byLine = name.isEmpty ? rejects.contains { $0.line != nil } : name.lowercased().hasSuffix(".csv")
        var out = CSVText.line([byLine ? "line" : "record", "field", "code", "message", "raw"])
        for r in rejects {
            let number = byLine ? (r.line ?? r.record) : r.record
            out += CSVText.line([String(number), r.field, r.code.rawValue, r.message, r.raw])
        }
        return out
    }
}
