/// The one version constant of apx.
public enum APXVersion {
    public static let current = "0.3.0"
    public static var line: String { "apx \(current)" }
}

/// `apx version` (also `apx --version`).
struct VersionCommand: Command {
    static let path = ["version"]
    static let summary = "the version of apx (also apx --version)"
    static let usage = "apx version"
    static let spec = ArgumentSpec()

    init(_ arguments: Arguments, environment: [String: String]) throws {}
    static func requiresWorkspace(_ arguments: Arguments) -> Bool { false }

    func run(_ output: Output) throws -> Int32 {
        output.out(APXVersion.line)
        return ExitCode.ok
    }
}
