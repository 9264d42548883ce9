import APXCore
import APXDomain
import SQLiteDB

/// A vocabulary type stored as its raw text: it binds as that text, and reading a value the
/// type does not know throws (with the value) instead of defaulting.
protocol StoredText: RawRepresentable, SQLBindable, Sendable where RawValue == String {}

extension StoredText {
    public var sqlValue: SQLValue { .text(rawValue) }
}

extension ProjectState: StoredText {}
extension ResultState: StoredText {}
extension RequestState: StoredText {}
extension ReviewState: StoredText {}
extension InputFileOutcome: StoredText {}
extension ReviewKind: StoredText {}
extension ReviewSubject: StoredText {}
extension NoticeType: StoredText {}
extension SubprojectState: StoredText {}
extension ApplicationState: StoredText {}
extension ProjectDataKind: StoredText {}
extension EndRequestState: StoredText {}
extension PackageState: StoredText {}
extension TimedItemState: StoredText {}
extension Source: StoredText {}
extension ReceiptState: StoredText {}

extension Row {
    /// Column `name` as a value of `T`; an unknown value throws (a missing column too, with the SQL).
    func value<T: StoredText>(_ name: String, as type: T.Type = T.self) throws -> T {
        let raw = try column(name).text
        guard let value = T(rawValue: raw) else { throw StoreError.unknownValue(column: name, raw: raw, type: "\(T.self)") }
        return value
    }

    /// Column `name` as a value of `T`, nil when NULL; an unknown value throws.
    func optionalValue<T: StoredText>(_ name: String, as type: T.Type = T.self) throws -> T? {
        try column(name).isNull ? nil : try value(name, as: type)
    }
}

extension RowCursor {
    /// Column `index` (named `name` in errors) as a value of `T`; an unknown value throws, as `Row.value`.
    func value<T: StoredText>(_ index: Int32, _ name: String, as type: T.Type = T.self) throws -> T {
        let raw = text(index)
        guard let value = T(rawValue: raw) else { throw StoreError.unknownValue(column: name, raw: raw, type: "\(T.self)") }
        return value
    }
}

extension Store {
    /// Appends a state change to the audit trail, states as their stored text.
    func audit<T: StoredText>(_ entity: AuditEntity, _ id: String, _ action: String, from: T? = nil, to: T, detail: String = "") throws {
        try audit(entity, id, action, from: from?.rawValue, to: to.rawValue, detail: detail)
    }
}
