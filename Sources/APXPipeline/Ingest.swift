import APXCore
import APXDecode
import APXDomain
import APXDrop
import APXMatch
import APXStore
import Foundation
import APXOutbox
import Synchronization

/// What ingesting one file found; the records it stored are in the open transaction.
struct IngestResult {
    var recordsRead = 0 { didSet { ingestedRecords.add(recordsRead - oldValue, ordering: .relaxed) } }
    var rejects: [Reject] = []
    var rejectedRecords = 0
    var platformReviews = 0
    var results = 0
    var projectsEnded = 0

    /// Counts one record that was rejected, with its problems.
    mutating func reject(_ list: RejectList) {
        rejects += list.rejects
        rejectedRecords += 1
    }
}

/// Reads one claimed file of one source into the database (inside the caller's
/// transaction). Throws `DecodeError` for a file-level problem.
protocol SourceIngestor: Sendable {
    func ingest(path: String, name: String, fileID: Int, context: IngestContext) throws -> IngestResult
    /// Names (escaped) of files in the same drop folder that belong to this one (never throws).
    func companions(path: String, options: ReadOptions, inbox: Set<FileName>) -> [String]
}

extension SourceIngestor {
    func companions(path: String, options: ReadOptions, inbox: Set<FileName>) -> [String] { [] }
}

/// The file being ingested, as claimed.
struct ClaimedFile {
    let source: Source
    let name: String
    /// What the name carries, read once by the scan.
    let dropName: DropName
    let path: String
    let sha256: String
    let size: Int64
    /// Workspace-relative destination if it is processed.
    let destination: String
    /// Files travelling with it (sgt attachments) → their destination if processed.
    let companions: [String: String]
}

struct IngestContext {
    let store: Store
    let settings: Settings
    let reference: Reference
    let file: ClaimedFile
    let workspaceRoot: String

    /// How to read a file of `source` named `name`: the source's encoding, the spec's limits.
    static func readOptions(_ settings: Settings, _ source: Source, _ name: String) -> ReadOptions {
        ReadOptions(encoding: settings.encodings[source.folder] ?? "UTF-8", maxFieldBytes: settings.maxCSVFieldBytes,
                    maxFileBytes: settings.maxBytes(forFileNamed: name), maxXMLDepth: settings.maxXMLDepth,
                    maxXMLTextBytes: settings.maxXMLTextBytes)
    }

    var options: ReadOptions { IngestContext.readOptions(settings, file.source, file.name) }

    /// The timed items of promised time limits, on the reference calendar.
    var timing: Timing { Timing(store: store, calendar: reference.calendar) }

    /// Ingests the file in the caller's transaction (the claim's), which the caller rolls back
    /// whole on a thrown `DecodeError`. More than `rejects.fraction` of its records, and at
    /// least `rejects.minimum`, rejected is a format change, not bad data: `TOO_MANY_REJECTS`.
    /// Otherwise the file's rejects and counts are stored (replacing earlier ones).
    func ingestChecked(_ ingestor: SourceIngestor, path: String, fileID: Int) throws -> IngestResult {
        try store.markIngestStart(fileID: fileID)
        let result = try store.holdingInputRecords {
            try ingestor.ingest(path: path, name: file.name, fileID: fileID, context: self)
        }
        if result.rejectedRecords >= settings.rejectMinimum
            && Double(result.rejectedRecords) > Double(result.recordsRead) * settings.rejectFraction {
            throw DecodeError(.tooManyRejects, "\(result.rejectedRecords) of \(result.recordsRead) records rejected")
        }
        try store.replaceRejects(fileID: fileID, result.rejects, read: result.recordsRead, rejected: result.rejectedRecords)
        return result
    }
}

/// tzxm: project extracts, XML or GB18030 CSV.
struct TZXMIngestor: SourceIngestor {
    func ingest(path: String, name: String, fileID: Int, context: IngestContext) throws -> IngestResult {
        var result = IngestResult()
        guard case .projectExtract(let stamp, let isXML) = context.file.dropName.pattern else {
            throw DecodeError(.nameUnknown, "name does not fit the tzxm pattern")
        }
        // "yyyyMMdd_NN" orders extracts.
        let extractKey = stamp.text
        let updates = PlatformUpdates(store: context.store)
        let options = context.options
        try ValidatedRecords.each(read: { body in
            if isXML {
                try SourceFormats.tzxmXML(path: path, options: options, body)
            } else {
                try SourceFormats.tzxmCSV(path: path, options: options, body)
            }
        }, validate: { Validate.project($0) }) { item in
            result.recordsRead += 1
            switch item.outcome {
            case .success(let project):
                let effect = try updates.apply(project, extractKey: extractKey, fileID: fileID)
                if effect == .reviewOpened { result.platformReviews += 1 }
                try context.carried(fileID, number: item.number, .project, project.xmdm, xmdm: project.xmdm, arrival: effect.arrival)
            case .failure(let list):
                result.reject(list)
            }
        }
        return result
    }
}

/// rkqq: warehousing requests, UTF-8 CSV. Evaluated after every input of the run is loaded.
struct RKQQIngestor: SourceIngestor {
    func ingest(path: String, name: String, fileID: Int, context: IngestContext) throws -> IngestResult {
        var result = IngestResult()
        let options = context.options
        try ValidatedRecords.each(read: { try SourceFormats.rkqqCSV(path: path, options: options, $0) },
                                  validate: { Validate.request($0) }) { item in
            result.recordsRead += 1
            switch item.outcome {
            case .success(let request):
                let inserted = try context.store.insertRequest(request, fileID: fileID)
                try context.carried(fileID, number: item.number, .request, request.qqbh, xmdm: request.xmdm, arrival: inserted ? "inserted" : "known")
            case .failure(let list):
                result.reject(list)
            }
        }
        return result
    }
}

/// sgt: acceptance (SL) and result (BJ) files; a result's attachments must be present
/// with the listed size and SHA-256, else the XML waits in quarantine with them.
struct SGTIngestor: SourceIngestor {
    static func isPlainName(_ name: String) -> Bool {
        !name.isEmpty && !name.contains("/") && !name.hasPrefix(".") && !name.contains("\0")
            && !name.unicodeScalars.contains { $0.value < 0x20 }
    }

    /// An attachment name as the XML lists it (text), as a file name: its UTF-8 bytes.
    static func fileName(_ listed: String) -> FileName { FileName(bytes: Array(listed.utf8)) }

    func companions(path: String, options: ReadOptions, inbox: Set<FileName>) -> [String] {
        guard let (_, _, listed) = try? SourceFormats.sgt(path: path, options: options) else { return [] }
        let names = listed.map(\.name).filter { SGTIngestor.isPlainName($0) && inbox.contains(SGTIngestor.fileName($0)) }
        return Array(Set(names.map { SGTIngestor.fileName($0).escaped })).sorted()
    }

    func ingest(path: String, name: String, fileID: Int, context: IngestContext) throws -> IngestResult {
        var result = IngestResult()
        let options = context.options
        let (lx, record, listed) = try SourceFormats.sgt(path: path, options: options)
        guard case .drawingReview(let named, _) = context.file.dropName.pattern else {
            throw DecodeError(.nameUnknown, "name does not fit the sgt pattern")
        }
        guard let kind = lx.isEmpty ? Optional(named) : DrawingReviewKind(rawValue: lx.uppercased()) else {
            throw DecodeError(.xmlRoot, "lx must be SL or BJ, got \(lx)")
        }
        var documents: [ResultRecord.Document] = []
        if kind == .result {
            let folder = RawPath.directory(context.file.path)
            for attachment in listed {
                let escaped = SGTIngestor.fileName(attachment.name).escaped
                guard SGTIngestor.isPlainName(attachment.name), let dest = context.file.companions[escaped] else {
                    throw DecodeError(.attachmentMissing, "attachment \(attachment.name) is not in the drop folder")
                }
                let sha: String, size: Int64
                do {
                    (sha, size) = try SHA256.file(at: folder + "/" + escaped)
                } catch let error as FileError {
                    if error.errno == ENOENT {
                        throw DecodeError(.attachmentMissing, "attachment \(attachment.name) is not in the drop folder")
                    }
                    throw ClaimSkip.reading(error, what: "attachment \(escaped)")
                }
                guard String(size) == attachment.size.trimmingCharacters(in: .whitespaces),
                      sha == attachment.sha256.trimmingCharacters(in: .whitespaces).lowercased() else {
                    throw DecodeError(.attachmentMismatch, "attachment \(attachment.name) differs from its listed size or SHA-256")
                }
                documents.append(.init(name: attachment.name, size: size, sha256: sha, path: dest))
            }
        }
        result.recordsRead = 1
        let outcome = ValidateResult.sgt(record, finished: kind == .result)
        try context.carried(fileID, outcome)
        switch outcome {
        case .failure(let list):
            result.reject(list)
        case .success(.accepted(let acceptance)):
            try context.store.receiveAcceptance(acceptance, fileID: fileID)
            try context.timing.open(acceptance)
        case .success(.failed(let acceptance, let finishedAt)):
            try context.store.receiveAcceptance(acceptance, fileID: fileID)
            try context.store.finishApplication(acceptance.slbh, state: .failed, finishedAt: finishedAt)
            try context.timing.finish(acceptance, finishedAt: finishedAt)
        case .success(.passed(let acceptance, var r)):
            try context.store.receiveAcceptance(acceptance, fileID: fileID)
            try context.timing.finish(acceptance, finishedAt: r.finishedAt)
            r.documents = documents
            let arrival = try context.store.receiveResult(r, source: .sgt, fileID: fileID)
            try context.carried(fileID, record, .result, "\(r.sxbm):\(r.number)", xmdm: r.xmdm, arrival: arrival)
            result.results += 1
        }
        return result
    }
}

/// dtjg: the four export kinds, GB18030 CSV, columns in any order.
struct DTJGIngestor: SourceIngestor {
    func ingest(path: String, name: String, fileID: Int, context: IngestContext) throws -> IngestResult {
        var result = IngestResult()
        guard case .resultExport(let kind, _) = context.file.dropName.pattern else {
            throw DecodeError(.nameUnknown, "name does not fit the dtjg pattern")
        }
        let options = context.options
        let intake = ResultIntake()
        try ValidatedRecords.each(read: { try SourceFormats.dtjgCSV(path: path, kind: kind, options: options, $0) },
                                  validate: { ValidateResult.dtjg($0, kind: kind).map(EncodedResult.init) }) { item in
            result.recordsRead += 1
            switch item.outcome {
            case .success(let encoded):
                let r = encoded.record
                let arrival = try context.store.receiveResult(encoded, source: .dtjg, fileID: fileID, intake: intake)
                try context.carried(fileID, number: item.number, .result, "\(r.sxbm):\(r.number)", xmdm: r.xmdm, arrival: arrival)
                if r.promisedDays != nil && !r.acceptedAt.isEmpty {
                    try context.timing.finish(key: PushKey.handling(sxbm: r.sxbm, key: r.number).dfsjzj, sxbm: r.sxbm, xmdm: r.xmdm, gcdm: r.gcdm,
                                               handler: r.issuer, acceptedAt: r.acceptedAt, promised: r.promisedDays,
                                               finishedAt: r.finishedAt)
                }
                result.results += 1
            case .failure(let list):
                result.reject(list)
            }
        }
        return result
    }
}

/// manual: a result document whose key information is in the PDF's /Info; the document
/// itself is kept byte-identical (archived as delivered).
struct ManualIngestor: SourceIngestor {
    static let requiredKeys = ["XMDM", "SXBM", "WJBH", "FZJG", "FZRQ", "JSDWDM", "Title"]

    func ingest(path: String, name: String, fileID: Int, context: IngestContext) throws -> IngestResult {
        var result = IngestResult()
        let info = try PDFMetadataReader.info(path: path)
        let missing = ManualIngestor.requiredKeys.filter { (info[$0] ?? "").trimmingCharacters(in: .whitespaces).isEmpty }
        if !missing.isEmpty {
            throw DecodeError(.pdfMetadata, "missing /" + missing.joined(separator: ", /"))
        }
        result.recordsRead = 1
        switch ValidateResult.manual(info, catalogue: context.reference.catalogue) {
        case .success(var r):
            r.documents = [.init(name: name, size: context.file.size, sha256: context.file.sha256, path: context.file.destination)]
            let arrival = try context.store.receiveResult(r, source: .manual, fileID: fileID)
            try context.carried(fileID, nil, .result, "\(r.sxbm):\(r.number)", xmdm: r.xmdm, arrival: arrival)
            result.results += 1
        case .failure(let list):
            result.reject(list)
        }
        return result
    }
}

/// jsqq: project end requests, evaluated once every input of the run is loaded.
struct JSQQIngestor: SourceIngestor {
    func ingest(path: String, name: String, fileID: Int, context: IngestContext) throws -> IngestResult {
        var result = IngestResult()
        try SourceFormats.jsqqCSV(path: path, options: context.options) { record in
            result.recordsRead += 1
            switch ValidateEnd.request(record) {
            case .success(let r):
                let inserted = try context.store.insertEndRequest(qqbh: r.qqbh, xmdm: r.xmdm, sqdwdm: r.sqdwdm, sqsj: r.sqsj, fileID: fileID)
                try context.carried(fileID, record, .endRequest, r.qqbh, xmdm: r.xmdm, arrival: inserted ? "inserted" : "known")
            case .failure(let list):
                result.reject(list)
            }
        }
        return result
    }
}

/// gov-receipt: one line per record of the push file it answers.
struct GovReceiptIngestor: SourceIngestor {
    func ingest(path: String, name: String, fileID: Int, context: IngestContext) throws -> IngestResult {
        var result = IngestResult()
        var lines: [SourceRecord] = []
        let declared = try SourceFormats.govReceipt(path: path, options: context.options) {
            lines.append($0)
        }
        guard case .govReceipt(let answers, _) = context.file.dropName.pattern else {
            throw DecodeError(.nameUnknown, "name does not fit the gov-receipt pattern")
        }
        let file = declared.isEmpty ? answers : declared
        let receipts = GovReceipts(store: context.store)
        for record in lines {
            result.recordsRead += 1
            switch ValidateEnd.govReceiptLine(record) {
            case .failure(let list):
                result.reject(list)
            case .success(let line):
                let effect = try receipts.apply(file: file, dfsjzj: line.dfsjzj, version: line.version, accepted: line.accepted,
                                                reason: line.reason)
                try context.carriedReceipt(fileID, record, file: file, line.dfsjzj, version: line.version, effect: effect)
                if effect == .unknown {
                    result.rejects.append(Reject(record: record.number, line: nil, field: "dfsjzj", code: .codeInvalid,
                                                 message: "no such record v\(line.version) in \(file)", raw: line.dfsjzj))
                    result.rejectedRecords += 1
                }
            }
        }
        return result
    }
}

/// archive-receipt: the archive accepted (ENDED) or refused (DATH) a package.
struct ArchiveReceiptIngestor: SourceIngestor {
    func ingest(path: String, name: String, fileID: Int, context: IngestContext) throws -> IngestResult {
        var result = IngestResult()
        let record = try SourceFormats.archiveReceipt(path: path, options: context.options)
        result.recordsRead = 1
        switch ValidateEnd.archiveReceipt(record) {
        case .failure(let list):
            result.reject(list)
        case .success(let receipt):
            guard let package = try context.store.package(named: receipt.package), package.xmdm == receipt.xmdm else {
                result.rejects = [Reject(record: 1, line: nil, field: "bm", code: .codeInvalid,
                                         message: "no archive package \(receipt.package) for \(receipt.xmdm)", raw: receipt.package)]
                result.rejectedRecords = 1
                return result
            }
            let effect = try Ending(store: context.store, settings: context.settings, workspaceRoot: context.workspaceRoot,
                                    packageDigest: ArchivePlan.zipDigest)
                .applyArchiveReceipt(xmdm: receipt.xmdm, package: receipt.package, accepted: receipt.accepted, reason: receipt.reason)
            if effect == .ended { result.projectsEnded += 1 }
            try context.carried(fileID, nil, .archiveReceipt, receipt.package, xmdm: receipt.xmdm, arrival: "\(effect)")
        }
        return result
    }
}
