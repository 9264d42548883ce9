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
        id = try r.text("id")
        asOf = try r.text("as_of")
        command = try r.text("command")
        startedAt = try r.text("started_at")
        finishedAt = try r.string("finished_at")
        exitCode = try r.int("exit_code")
        summary = try r.string("summary")
    }
}
