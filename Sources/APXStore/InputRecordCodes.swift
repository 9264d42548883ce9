import SQLiteDB

/// How `input_record` stores its kind and arrival (migration 014-input-record-compact): the
/// kind as a small integer, the usual arrivals (`created`, `inserted`, `v2`…) as integers,
/// any other arrival as its text. The table is WITHOUT ROWID (keyed by file, record, kind and key
/// since `InputRecordKey`): the key is stored once in the table and once in the xmdm index.
enum InputRecordCodes {
    /// Kind codes in the order of the kinds' stored names, so `ORDER BY kind` orders as the
    /// names did (pinned by a test).
    static func code(_ kind: InputRecordKind) -> Int {
        switch kind {
        case .acceptance: return 1
        case .archiveReceipt: return 2
        case .endRequest: return 3
        case .project: return 4
        case .receipt: return 5
        case .request: return 6
        case .result: return 7
        }
    }

    static let kindsByCode: [Int: InputRecordKind] = Dictionary(uniqueKeysWithValues: InputRecordKind.allCases.map { (code($0), $0) })

    /// Append only: an arrival's code is its position + 1. `vN` (N ≥ 1, no leading zero) is −N.
    static let arrivals = ["created", "updated", "unchanged", "older", "reviewOpened", "inserted", "known", "accepted", "passed",
                           "failed", "rejected", "unknown", "ended"]
    private static let arrivalCodes: [String: Int] = Dictionary(uniqueKeysWithValues: arrivals.enumerated().map { ($1, $0 + 1) })

    static func stored(arrival: String) -> SQLValue {
        if let code = arrivalCodes[arrival] { return .integer(Int64(code)) }
        let utf8 = arrival.utf8
        if utf8.count >= 2, utf8.count <= 10, utf8.first == UInt8(ascii: "v"), let n = Int(arrival.dropFirst()), n >= 1,
           "v\(n)" == arrival {
            return .integer(Int64(-n))
        }
        return .text(arrival)
    }

    static func arrival(_ value: SQLValue) -> String {
        guard case .integer(let n) = value else { return value.text }
        if n < 0 { return "v\(-n)" }
        return n >= 1 && n <= arrivals.count ? arrivals[Int(n) - 1] : String(n)
    }

    static func kind(_ value: SQLValue) -> InputRecordKind? {
        guard case .integer(let n) = value else { return InputRecordKind(rawValue: value.text) }
        return kindsByCode[Int(n)]
    }

    /// The stored name of a kind column's value.
    static func kindText(_ value: SQLValue) -> String { kind(value)?.rawValue ?? value.text }

    static var migration: String {
        let kinds = InputRecordKind.allCases.map { "WHEN '\($0.rawValue)' THEN \(code($0))" }.joined(separator: " ")
        let words = arrivals.enumerated().map { "WHEN arrival = '\($1)' THEN \($0 + 1)" }.joined(separator: " ")
        return """
            -- Copied aside and back (no ALTER TABLE RENAME: it re-checks the whole schema).
            CREATE TABLE input_record_migrating AS SELECT * FROM input_record ORDER BY rowid;
            DROP TABLE input_record;
            CREATE TABLE input_record (
                input_file_id INTEGER NOT NULL REFERENCES input_file(id),
                kind NOT NULL,
                key TEXT NOT NULL,
                record INTEGER NOT NULL,
                xmdm TEXT NOT NULL DEFAULT '',
                arrival NOT NULL DEFAULT '',
                PRIMARY KEY (input_file_id, kind, key)
            ) WITHOUT ROWID;
            INSERT OR IGNORE INTO input_record (input_file_id, kind, key, record, xmdm, arrival)
                SELECT input_file_id, CASE kind \(kinds) ELSE kind END, key, record, xmdm,
                       CASE \(words)
                           WHEN length(arrival) BETWEEN 2 AND 10 AND arrival GLOB 'v[1-9]*' AND substr(arrival, 2) NOT GLOB '*[^0-9]*'
                           THEN -CAST(substr(arrival, 2) AS INTEGER) ELSE arrival END
                FROM input_record_migrating ORDER BY rowid;
            DROP TABLE input_record_migrating;
            CREATE INDEX input_record_xmdm ON input_record(xmdm);
            """
    }
}
