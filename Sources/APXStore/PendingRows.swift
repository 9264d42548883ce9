/// A request waiting for its project (the report's oldest pending ones).
public struct PendingRequest: Sendable, Equatable {
    public let qqbh: String
    public let xmdm: String
    /// The day it was received, ISO.
    public let receivedOn: String
    /// Its reason codes, comma-separated as stored.
    public let reasons: String
}

/// A result waiting for a prerequisite (the report's oldest pending ones).
public struct PendingResult: Sendable, Equatable {
    public let sxbm: String
    public let number: String
    public let xmdm: String
    /// The day it was received, ISO.
    public let receivedOn: String
    /// Its reason codes, comma-separated as stored.
    public let reasons: String
    /// What it waits for, as stored ("" if nothing named).
    public let missing: String
}
