import APXCore
import APXDecode
import APXDomain
import APXDrop
import APXMatch
import APXStore

/// What ingesting one file found; the records it stored are in the open transaction.
struct IngestResult {
    var recordsRead = 0
    var rejects: [Reject] = []
    var rejectedRecords = 0
    var platformReviews = 0
}

/// Reads one claimed file of one source into the database (inside the caller's
/// transaction). Throws `DecodeError` for a file-level problem.
protocol SourceIngestor: Sendable {
    func ingest(path: String, name: String, fileID: Int, context: IngestContext) throws -> IngestResult
}

struct IngestContext {
    let store: Store
    let settings: Settings

    func options(for source: Source, maxBytes: Int64) -> ReadOptions {
        ReadOptions(encoding: settings.encodings[source.folder] ?? "UTF-8", maxFieldBytes: settings.maxCSVFieldBytes,
                    maxFileBytes: maxBytes, maxXMLDepth: settings.maxXMLDepth, maxXMLTextBytes: settings.maxXMLTextBytes)
    }
}

/// tzxm: project extracts, XML or GB18030 CSV.
struct TZXMIngestor: SourceIngestor {
    func ingest(path: String, name: String, fileID: Int, context: IngestContext) throws -> IngestResult {
        var result = IngestResult()
        // TZXM_yyyyMMdd_NN.ext → "yyyyMMdd_NN" orders extracts.
        let extractKey = String(name.dropFirst(5).prefix(11))
        let updates = PlatformUpdates(store: context.store)
        let body: (SourceRecord) throws -> Void = { record in
            result.recordsRead += 1
            switch Validate.project(record) {
            case .success(let project):
                if try updates.apply(project, extractKey: extractKey, fileID: fileID) == .reviewOpened {
                    result.platformReviews += 1
                }
            case .failure(let list):
                result.rejects += list.rejects
                result.rejectedRecords += 1
            }
        }
        if name.lowercased().hasSuffix(".xml") {
            try SourceFormats.tzxmXML(path: path, options: context.options(for: .tzxm, maxBytes: context.settings.maxXMLBytes), body)
        } else {
            try SourceFormats.tzxmCSV(path: path, options: context.options(for: .tzxm, maxBytes: context.settings.maxCSVBytes), body)
        }
        return result
    }
}

/// rkqq: warehousing requests, UTF-8 CSV. Evaluated after every input of the run is loaded.
struct RKQQIngestor: SourceIngestor {
    func ingest(path: String, name: String, fileID: Int, context: IngestContext) throws -> IngestResult {
        var result = IngestResult()
        try SourceFormats.rkqqCSV(path: path, options: context.options(for: .rkqq, maxBytes: context.settings.maxCSVBytes)) { record in
            result.recordsRead += 1
            switch Validate.request(record) {
            case .success(let request):
                _ = try context.store.insertRequest(request, fileID: fileID)
            case .failure(let list):
                result.rejects += list.rejects
                result.rejectedRecords += 1
            }
        }
        return result
    }
}
