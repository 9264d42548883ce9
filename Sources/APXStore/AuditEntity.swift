/// What an audit-trail row is about (`audit.entity`); its id names the row of that kind.
public enum AuditEntity: String, Sendable, CaseIterable, CustomStringConvertible, StoredText {
    case project
    case subproject
    case request
    case endRequest = "end_request"
    case application
    case result
    case review
    case push
    case notice
    case archivePackage = "archive_package"
    case outbox
    case inputFile = "input_file"
    case workspace
}
