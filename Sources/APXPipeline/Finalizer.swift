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
    func destination(source: String, name: String, outcome: String, asOf: Day) throws -> String {
        let folder = outcome == "QUARANTINED" ? "quarantine/\(source)" : "archive/\(asOf.iso)/\(source)"
        let (stem, ext) = Finalizer.split(name)
        var n = 1
        while true {
            let candidate = n == 1 ? name : "\(stem)~\(n)\(ext)"
            let relative = folder + "/" + candidate
            if try !store.isDestinationTaken(relative) && !store.isCompanionDestinationTaken(relative)
                && !DurableFile.exists(workspace.path(relative))
                && !DurableFile.exists(workspace.path(relative) + ".reason.json") {
                return relative
            }
            n += 1
        }
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
        let source = workspace.inbox + "/" + row.source + "/" + row.name
        let dest = workspace.path(row.destination)
        try DurableFile.makeDirectories((dest as NSString).deletingLastPathComponent)
        let dir = (dest as NSString).deletingLastPathComponent
        let destName = (dest as NSString).lastPathComponent
        if row.outcome == "QUARANTINED" {
            try DurableFile.publish(reasonJSON(row), directory: dir, name: destName + ".reason.json")
        } else if row.recordsRejected > 0 {
            try DurableFile.publish(rejectsCSV(try store.rejects(fileID: row.id), name: row.name), directory: dir, name: destName + ".rejects.csv")
        }
        if DurableFile.exists(source) && !DurableFile.exists(dest) {
            var same = true
            if verifyHash {
                same = (try? SHA256.file(at: source).hex) == row.sha256 || isSymlink(source)
            }
            if same {
                try DurableFile.move(source, to: dest)
            }
        }
        // Companions (sgt attachments) follow their file, whatever its outcome.
        let folder = (source as NSString).deletingLastPathComponent
        for companion in try store.companions(fileID: row.id) {
            let from = folder + "/" + companion.name
            let to = workspace.path(companion.destination)
            if DurableFile.exists(from) && !DurableFile.exists(to) {
                try DurableFile.makeDirectories((to as NSString).deletingLastPathComponent)
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

    private func isSymlink(_ path: String) -> Bool {
        var st = stat()
        return lstat(path, &st) == 0 && (st.st_mode & S_IFMT) == S_IFLNK
    }

    func reasonJSON(_ row: InputFileRow) -> String {
        var pairs: [(String, JSON)] = [
            ("code", .string(row.reason ?? "")), ("message", .string(row.message ?? "")),
            ("run", .string(row.runID)), ("at", .string(row.claimedAt)),
            ("source", .string(row.source)), ("file", .string(row.name)), ("sha256", .string(row.sha256)),
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
