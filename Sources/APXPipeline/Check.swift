import APXCore
import APXDecode
import APXDomain
import APXDrop
import APXStore
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// `apx check`: partner files validated by the night's own code — the same claim and
/// ingestors (`NightlyRun.claimAndIngest`) over a throw-away workspace in a private
/// temporary folder (copies of the files, a fresh database or a read-only snapshot of a
/// workspace's), which is removed afterwards. Nothing is written anywhere else.
public struct Check {
    /// A file to check: where it is, and its source if known.
    public struct Input: Sendable {
        public let path: String
        public let source: Source?
        public init(path: String, source: Source?) { self.path = path; self.source = source }
        /// Paths are in apx's escaped form (`FileName`): a name that is not UTF-8 stays exact.
        public var name: String { RawPath.lastComponent(path) }
    }

    /// One checked file: the night's file verdict, its record rejects and — against a
    /// workspace — what the night would do with each record.
    public struct Checked: Sendable {
        public let input: Input
        /// `OK`, or the file-level reason code (`DUPLICATE`, quarantine codes), or `IGNORED`
        /// for a name the drop protocol never reads, `ATTACHMENT` for an sgt attachment, `MARKER`
        /// for a `NAME.ok` beside its data file.
        public var verdict: String
        /// The name as the night records and reports it (set when claimed).
        public var storedName: String?
        public var message: String?
        public var line: Int?
        public var record: Int?
        public var field: String?
        public var records = 0
        /// Records rejected (a record may have several rejects).
        public var rejected = 0
        public var rejects: [Reject] = []
        /// sgt: the attachments found beside the XML and checked with it.
        public var attachments: [String] = []
        /// With a workspace: each record's fate after the night's evaluation.
        public var fates: [RecordFate] = []

        public var isClean: Bool { (verdict == "OK" || verdict == "ATTACHMENT" || verdict == "MARKER") && rejects.isEmpty }
    }

    public let settings: Settings
    public let reference: Reference
    public let asOf: Day

    public init(settings: Settings, reference: Reference, asOf: Day) {
        self.settings = settings
        self.reference = reference
        self.asOf = asOf
    }

    /// The source a file belongs to: given, else its parent folder's name, else the first
    /// source whose name pattern it fits.
    public static func source(of path: String, given: Source?) -> Source? {
        if let given { return given }
        let parent = RawPath.lastComponent(RawPath.directory(path))
        if let folder = Source.all.first(where: { $0.folder == parent }) { return folder }
        let name = RawPath.lastComponent(path)
        return Source.all.first { $0.accepts(name) }
    }

    /// Checks `inputs` as one night would see them together. With `workspaceRoot` the
    /// night starts from a snapshot of that workspace's database and evaluates (matching,
    /// prerequisites, ends) as well.
    public func run(_ inputs: [Input], workspaceRoot: String?) throws -> [Checked] {
        let temp = NSTemporaryDirectory() + "/apx-check-\(UUID().uuidString)"
        guard mkdir(temp, 0o700) == 0 else { throw FileError("create", temp) }
        defer { try? FileManager.default.removeItem(atPath: temp) }
        let workspace = Workspace(root: temp)
        try workspace.prepare()
        if let workspaceRoot {
            let database = Workspace(root: workspaceRoot).databasePath
            if DurableFile.exists(database) { try Store.snapshot(databaseAt: database, into: workspace.databasePath) }
            // The quarantine backlog as the night sees it on disk (a repeat of bytes waiting
            // there is recognised): links to the entries, in folders of the temp workspace.
            try Check.linkEntries(of: Workspace(root: workspaceRoot).quarantine, into: workspace.quarantine)
        }
        let store = try Store(path: workspace.databasePath, runID: "check-" + Timestamp.runID(), asOf: asOf)
        try store.withoutDurability()
        let night = NightlyRun(workspace: workspace, settings: settings, reference: reference, store: store,
                               log: RunLog(path: nil))
        let documents = temp + "/documents"
        if workspaceRoot != nil { night.documentRoot = documents }
        var checked = inputs.map { Checked(input: $0, verdict: "OK") }
        // In the night's order (source, then name); one file per claim, so that its row is the
        // one new row whatever form its name is stored in; the inbox is emptied in between.
        let order = Source.all.map(\.folder)
        let sequence = checked.indices.sorted {
            let a = (order.firstIndex(of: inputs[$0].source?.folder ?? "") ?? order.count, inputs[$0].name, $0)
            let b = (order.firstIndex(of: inputs[$1].source?.folder ?? "") ?? order.count, inputs[$1].name, $1)
            return a < b
        }
        // sgt attachments named on their own go beside every sgt XML checked.
        let attachments = inputs.filter { $0.source?.isAttachment($0.name) == true }
        var claimed: [Int: Int] = [:]   // input index → input_file id
        for i in sequence {
            let before = try store.lastInputFileID()
            let problem: (String, String)?
            do {
                problem = try place(inputs[i], into: workspace, checked: &checked[i])
                if problem == nil && inputs[i].source == .sgt {
                    for a in attachments where !DurableFile.exists(workspace.inbox + "/sgt/" + a.name) {
                        try? copy(a.path, to: workspace.inbox + "/sgt/" + a.name, mode: S_IFREG)
                    }
                }
            } catch {
                problem = ("UNREADABLE", "cannot be read for checking: \(error)")
            }
            if let problem {
                checked[i].verdict = problem.0
                checked[i].message = problem.1
            } else {
                try night.claimAndIngest()
                if let row = try store.inputFiles(after: before).first {
                    claimed[i] = row.id
                    checked[i].storedName = row.name
                    checked[i].verdict = row.outcome == .processed ? "OK" : (row.reason ?? row.outcome.rawValue)
                    checked[i].message = row.message
                    checked[i].line = row.line
                    checked[i].record = row.record
                    checked[i].field = row.field
                    checked[i].records = row.recordsRead
                    checked[i].rejected = row.recordsRejected
                    checked[i].rejects = row.recordsRejected > 0 ? try store.rejects(fileID: row.id) : []
                    checked[i].attachments = try store.companions(fileID: row.id).map(\.name).sorted()
                } else {
                    checked[i].verdict = "IGNORED"
                    checked[i].message = "the night would not claim it (a name the drop protocol never reads, or not readable)"
                }
            }
            // What the claim left (attachments no XML took, ignored names) goes before the next file.
            for source in Source.all {
                let folder = workspace.inbox + "/" + source.folder
                for name in (try? Inbox.list(folder).get()) ?? [] { RawPath.unlink(folder + "/" + name.escaped) }
            }
        }
        if let workspaceRoot {
            // As the night: evaluation once everything is loaded. Packages list documents
            // archived by earlier nights and by this check.
            try Check.mergedView(of: [workspace.archive, Workspace(root: workspaceRoot).archive], at: documents + "/archive")
            try night.evaluate(dailyDuties: true)   // as the night: with the day's duties
            for (i, id) in claimed { checked[i].fates = try store.recordFates(fileID: id) }
        }
        return checked
    }

    /// Copies one input (and an sgt XML's listed attachments beside it) into the temp
    /// inbox with its marker; returns a verdict when it cannot be a night's input at all.
    func place(_ input: Input, into workspace: Workspace, checked: inout Checked) throws -> (String, String)? {
        // A partner checking `folder/*` names the markers too: a marker beside its data file is clean.
        if input.name.hasSuffix(".ok"), input.name.count > 3, let st = RawPath.lstat(input.path), (st.st_mode & S_IFMT) == S_IFREG,
           RawPath.lstat(String(input.path.dropLast(3))) != nil {
            return ("MARKER", "the marker of \(input.name.dropLast(3)): its data file is checked on its own")
        }
        guard let source = input.source else {
            return (ReasonCode.nameUnknown.rawValue, "no source: the name fits no source's pattern and its folder is none (give --source)")
        }
        let folder = workspace.inbox + "/" + source.folder
        guard let st = RawPath.lstat(input.path) else { return ("NOT_FOUND", "no such file") }
        let mode = st.st_mode & S_IFMT
        if mode == S_IFDIR { return ("IGNORED", "a folder is not an input file") }
        if source.isAttachment(input.name) {
            try copy(input.path, to: folder + "/" + input.name, mode: mode)
            return ("ATTACHMENT", "an sgt attachment: checked with the XML that lists it")
        }
        if mode == S_IFREG && Int64(st.st_size) > settings.maxBytes(forFileNamed: input.name) {
            // The night refuses it by its size without reading it: a sparse stand-in of that size.
            let fd = RawPath.open(folder + "/" + input.name, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
            guard fd >= 0, ftruncate(fd, st.st_size) == 0 else { if fd >= 0 { close(fd) }; throw FileError("create", folder) }
            close(fd)
        } else {
            try copy(input.path, to: folder + "/" + input.name, mode: mode)
        }
        let marker = RawPath.open(folder + "/" + input.name + ".ok", O_WRONLY | O_CREAT | O_CLOEXEC, 0o600)
        guard marker >= 0 else { throw FileError("create", folder + "/" + input.name + ".ok") }
        close(marker)
        if source == .sgt && mode == S_IFREG {
            // The files the XML lists that stand beside it go along; which of them travel with
            // it, and whether they match, the night's claim and ingestor decide.
            let beside = RawPath.directory(input.path)
            let options = IngestContext.readOptions(settings, source, input.name)
            let listed = (try? SourceFormats.sgt(path: input.path, options: options))?.attachments.map(\.name) ?? []
            for name in Set(listed) where SGTIngestor.isPlainName(name) && source.isAttachment(name)
                && !DurableFile.exists(folder + "/" + name) {
                let path = (beside.isEmpty ? "." : beside) + "/" + FileName(bytes: Array(name.utf8)).escaped
                guard RawPath.isRegularFile(path) else { continue }
                try copy(path, to: folder + "/" + name, mode: S_IFREG)
            }
        }
        return nil
    }

    /// A regular file is copied; a link is re-created as the same link (never followed,
    /// as the night never follows one); anything else (FIFO, device) becomes a FIFO: like the original, not a regular file.
    func copy(_ path: String, to destination: String, mode: mode_t) throws {
        if DurableFile.exists(destination) { RawPath.unlink(destination) }
        switch mode {
        case S_IFREG:
            try Check.copyBytes(path, to: destination)
        case S_IFLNK:
            var target = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
            let n = RawPath.with(path) { readlink($0, &target, target.count - 1) }
            guard n >= 0 else { throw FileError("readlink", path) }
            let made = RawPath.with(destination) { dest in target.withUnsafeBufferPointer { symlink($0.baseAddress!, dest) } }
            guard made == 0 else { throw FileError("symlink", destination) }
        default:
            guard RawPath.with(destination, { mkfifo($0, 0o600) }) == 0 else { throw FileError("create", destination) }
        }
    }
}

extension Check {
    /// A folder at `view` whose entries are links into the folders `sources` (the first
    /// that has a name wins; folders present in several are merged below): a read-only
    /// union of this check's archive and the workspace's, without copying either.
    static func mergedView(of sources: [String], at view: String) throws {
        try DurableFile.makeDirectories(view)
        var seen: [String: [String]] = [:]
        var order: [String] = []
        for source in sources {
            for name in ((try? Inbox.list(source).get()) ?? []).map(\.escaped) {
                if seen[name] == nil { order.append(name) }
                seen[name, default: []].append(source + "/" + name)
            }
        }
        for name in order {
            let paths = seen[name] ?? []
            let folders = paths.filter { RawPath.type($0) == S_IFDIR }
            if folders.count > 1 {
                try mergedView(of: folders, at: view + "/" + name)
            } else if let first = paths.first {
                try link(view + "/" + name, to: first)
            }
        }
    }

    /// Mirrors `real`'s folders as folders of `view` and their files as links to them (one
    /// level of folders, as `quarantine/<source>/`): names and existence, never the bytes.
    static func linkEntries(of real: String, into view: String) throws {
        for folder in ((try? Inbox.list(real).get()) ?? []).map(\.escaped) where RawPath.type(real + "/" + folder) == S_IFDIR {
            try DurableFile.makeDirectories(view + "/" + folder)
            for name in ((try? Inbox.list(real + "/" + folder).get()) ?? []).map(\.escaped)
            where !DurableFile.exists(view + "/" + folder + "/" + name) {
                try link(view + "/" + folder + "/" + name, to: real + "/" + folder + "/" + name)
            }
        }
    }

    /// Copies a regular file's bytes, streaming (1 MiB at a time), names byte-exact.
    static func copyBytes(_ from: String, to: String) throws {
        let input = RawPath.open(from, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
        guard input >= 0 else { throw FileError("open", from) }
        defer { close(input) }
        let output = RawPath.open(to, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard output >= 0 else { throw FileError("create", to) }
        defer { close(output) }
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let n = buffer.withUnsafeMutableBytes { read(input, $0.baseAddress, $0.count) }
            if n < 0 { if errno == EINTR { continue }; throw FileError("read", from) }
            if n == 0 { return }
            var done = 0
            while done < n {
                let w = buffer.withUnsafeBytes { write(output, $0.baseAddress! + done, n - done) }
                if w < 0 { if errno == EINTR { continue }; throw FileError("write", to) }
                done += w
            }
        }
    }

    /// A symbolic link at `path` to `target` (both escaped, byte-exact).
    static func link(_ path: String, to target: String) throws {
        let made = RawPath.with(target) { t in RawPath.with(path) { symlink(t, $0) } }
        guard made == 0 else { throw FileError("symlink", path) }
    }

    /// The files named on the command line: a folder stands for the files in it (markers,
    /// names the drop protocol ignores and sgt attachments left out — attachments go with
    /// the XML that lists them) and for its sub-folders named like a source.
    public static func inputs(for paths: [String], source: Source?) -> [Input] {
        var out: [Input] = []
        func add(_ path: String, folderSource: Source?) {
            guard RawPath.type(path) == S_IFDIR else {
                out.append(Input(path: path, source: Check.source(of: path, given: source ?? folderSource)))
                return
            }
            let names = ((try? Inbox.list(path).get()) ?? []).sorted().map(\.escaped)
            let here = source ?? Source.all.first { $0.folder == RawPath.lastComponent(path) }
            for name in names where !name.hasSuffix(".ok") && !Inbox.isIgnored(name) {
                let child = path + "/" + name
                guard let type = RawPath.type(child) else { continue }
                if type == S_IFDIR {
                    if let sub = Source.all.first(where: { $0.folder == name }), source == nil { add(child, folderSource: sub) }
                    continue
                }
                // In a folder, a file of no source (a README) is not a partner file.
                guard let childSource = Check.source(of: child, given: here), !childSource.isAttachment(name) else { continue }
                out.append(Input(path: child, source: childSource))
            }
        }
        for path in paths { add(path, folderSource: nil) }
        // A file named twice (or by its folder too) is checked once.
        var seen = Set<String>()
        return out.filter { input in
            guard let st = RawPath.lstat(input.path) else { return true }
            return seen.insert("\(st.st_dev):\(st.st_ino)").inserted
        }
    }
}
