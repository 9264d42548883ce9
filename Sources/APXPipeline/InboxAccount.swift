import APXCore
import APXDrop
#if canImport(Glibc)
import Glibc
#endif

/// Every inbox entry a run left where it was, by name (escaped) and why: the run's answer
/// to "nothing waits unseen" (report and `--json` key `inbox`).
public struct InboxAccount: Sendable {
    /// An entry left in the inbox: the scan's own kind, so the scan's list is the account's.
    public typealias Entry = InboxScan.Left
    /// Data files without their marker yet.
    public var notReady: [Entry] = []
    /// Ready entries apx may not read (permissions): left in the inbox, retried every run.
    public var notReadable: [Entry] = []
    /// Entries not taken this run for another reason (hidden names, non-regular entries
    /// without a marker, vanished or changed while claimed, a move that failed).
    public var skipped: [Entry] = []
    /// `sgt` attachments no result has claimed yet, and those older than the orphan period.
    public var attachments: [Entry] = []
    public var orphanAttachments: [Entry] = []

    public init() {}

    var json: JSON {
        .object([("notReady", .array(notReady.map(\.json))), ("notReadable", .array(notReadable.map(\.json))),
                 ("skipped", .array(skipped.map(\.json))), ("attachments", .array(attachments.map(\.json))),
                 ("orphanAttachments", .array(orphanAttachments.map(\.json)))])
    }
}

extension InboxScan.Left {
    var json: JSON { .object([("source", .string(source.rawValue)), ("name", .string(name)), ("why", .string(why))]) }
}

/// A ready entry that is not claimed this run: the claim's transaction is rolled back and
/// the entry stays in the inbox, listed in the report.
struct ClaimSkip: Error {
    enum Kind { case notReadable, skipped }
    let kind: Kind
    let why: String

    /// The reading of a file failed with `error`: whose fault, in words.
    static func reading(_ error: FileError, what: String = "") -> ClaimSkip {
        let prefix = what.isEmpty ? "" : what + ": "
        switch error.errno {
        case EACCES, EPERM: return ClaimSkip(kind: .notReadable, why: prefix + "permission denied (apx may not read it)")
        case ENOENT: return ClaimSkip(kind: .skipped, why: prefix + "vanished before it was claimed")
        case ELOOP: return ClaimSkip(kind: .skipped, why: prefix + "replaced by a symbolic link while it was claimed")
        default: return ClaimSkip(kind: .notReadable, why: prefix + String(cString: strerror(error.errno)))
        }
    }
}

/// Looks at a ready entry just before it is claimed, and again before its claim commits.
enum ClaimProbe {
    /// The entry's `lstat`, or why it cannot be claimed now.
    static func look(_ file: InboxScan.Ready) throws -> stat {
        guard let st = RawPath.lstat(file.path) else { throw ClaimSkip.reading(FileError("lstat", file.path)) }
        guard DurableFile.exists(file.markerPath) else {
            throw ClaimSkip(kind: .skipped, why: "its marker vanished before it was claimed")
        }
        return st
    }

    /// Runs `body` (the claim, inside its transaction), then checks the entry is the one that
    /// was hashed: same inode, size, modification and change times. A file rewritten or
    /// replaced after its marker is left for the next run (the transaction rolls back).
    static func checked<T>(_ file: InboxScan.Ready, since before: stat, _ body: () throws -> T) throws -> T {
        let value = try body()
        guard let now = RawPath.lstat(file.path) else {
            throw ClaimSkip(kind: .skipped, why: "vanished while it was claimed")
        }
        let same = now.st_dev == before.st_dev && now.st_ino == before.st_ino && now.st_size == before.st_size
            && now.st_mtim.tv_sec == before.st_mtim.tv_sec && now.st_mtim.tv_nsec == before.st_mtim.tv_nsec
            && now.st_ctim.tv_sec == before.st_ctim.tv_sec && now.st_ctim.tv_nsec == before.st_ctim.tv_nsec
        guard same else { throw ClaimSkip(kind: .skipped, why: "changed while it was claimed: taken again next run") }
        return value
    }
}

extension ReportHTML {
    /// The entries left in the inbox besides the not-ready ones, by name and why.
    func inboxSection(_ inbox: InboxAccount) -> String {
        let groups: [(String, [InboxAccount.Entry])] = [
            ("不可读 Not readable", inbox.notReadable), ("跳过 Skipped", inbox.skipped),
            ("孤立附件 Orphan attachments", inbox.orphanAttachments), ("等待的附件 Attachments waiting", inbox.attachments),
        ]
        var out = ""
        for (title, entries) in groups {
            out += "<h3>\(HTML.escape(title)) (\(entries.count))</h3>"
            out += entries.isEmpty ? HTML.none
                : HTML.table(["source", "name", "why"], entries.prefix(ReportData.fileCap).map { [$0.source.folder, $0.name, $0.why] })
        }
        return out
    }
}
