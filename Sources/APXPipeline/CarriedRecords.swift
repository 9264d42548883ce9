import APXCore
import APXDecode
import APXDomain
import APXMatch
import APXStore

/// Notes which record an ingested file carried (`input_record`), in the file's transaction:
/// the history of a project and `apx file show` read them; `apx check --root` reads what
/// the night would do with each.
extension IngestContext {
    func carried(_ fileID: Int, _ record: SourceRecord?, _ kind: InputRecordKind, _ key: String, xmdm: String,
                 arrival: String) throws {
        try carried(fileID, number: record?.number ?? 1, kind, key, xmdm: xmdm, arrival: arrival)
    }

    /// The record numbered `number` in its file (1 for a file that is one record).
    func carried(_ fileID: Int, number: Int, _ kind: InputRecordKind, _ key: String, xmdm: String,
                 arrival: String) throws {
        try store.noteInputRecord(fileID: fileID, record: number, kind: kind, key: key, xmdm: xmdm, arrival: arrival)
    }

    func carried(_ fileID: Int, _ record: SourceRecord?, _ kind: InputRecordKind, _ key: String, xmdm: String,
                 arrival: Store.ResultArrival) throws {
        try carried(fileID, number: record?.number ?? 1, kind, key, xmdm: xmdm, arrival: arrival)
    }

    func carried(_ fileID: Int, number: Int, _ kind: InputRecordKind, _ key: String, xmdm: String,
                 arrival: Store.ResultArrival) throws {
        let text: String
        switch arrival {
        case .inserted: text = "inserted"
        case .unchanged: text = "unchanged"
        case .newVersion(let id): text = "v\(try store.result(id: id)?.version ?? 0)"
        }
        try carried(fileID, number: number, kind, key, xmdm: xmdm, arrival: text)
    }

    /// The acceptance an sgt file carries (its result, if any, is noted where it is stored).
    func carried(_ fileID: Int, _ outcome: Result<ValidateResult.SGTOutcome, RejectList>) throws {
        guard case .success(let o) = outcome else { return }
        let acceptance: Acceptance
        switch o {
        case .accepted(let a): acceptance = a
        case .passed(let a, _): acceptance = a
        case .failed(let a, _): acceptance = a
        }
        try carried(fileID, nil, .acceptance, acceptance.slbh, xmdm: acceptance.xmdm, arrival: "\(o.label)")
    }

    func carriedReceipt(_ fileID: Int, _ record: SourceRecord, file: String, _ dfsjzj: String, version: Int,
                        effect: GovReceipts.Effect) throws {
        var xmdm = ""
        if let pushed = try store.pushedRecord(fileName: file, dfsjzj: dfsjzj, version: version) {
            xmdm = try GovReceipts(store: store).owner(of: pushed).0
        }
        try carried(fileID, record, .receipt, "\(file):\(dfsjzj):v\(version)", xmdm: xmdm, arrival: "\(effect)")
    }
}

extension PlatformUpdates.Effect {
    /// How a project's arrival is noted: the case's name (what `"\(effect)"` printed, without
    /// the runtime's reflection per record).
    var arrival: String {
        switch self {
        case .created: return "created"
        case .updated: return "updated"
        case .unchanged: return "unchanged"
        case .older: return "older"
        case .reviewOpened: return "reviewOpened"
        }
    }
}

extension ValidateResult.SGTOutcome {
    var label: String {
        switch self {
        case .accepted: return "accepted"
        case .passed: return "passed"
        case .failed: return "failed"
        }
    }
}
