import SQLiteDB

/// A row of `run`: one command's run, its as-of day and, once finished, its exit code and
/// the JSON summary kept for `apx report`.
public struct RunRow: Sendable, Equatable {
    public let id: String
    /// The as-of day, ISO (`yyyy-MM-dd`).
    public let asOf: String
    public let command: String
    public let startedAt: String
    public let finishedAt: String?
    public let exitCode: Int?
    public let summary: String?

    init(_ r: Row) throws {
        id = try r.column("id").text
        asOf = try r.column("as_of").text
        command = try r.column("command").text
        startedAt = try r.column("started_at").text
        finishedAt = try r.column("finished_at").string
        exitCode = try r.column("exit_code").int
        summary = try r.column("summary").string
    }
}
