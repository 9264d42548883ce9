/// A wrong command line: exit 64 (EX_USAGE) with this message and the command's usage.
public struct UsageError: Error, CustomStringConvertible, Sendable {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// What a command accepts: flags, options with a value (possibly repeated), positionals.
struct ArgumentSpec {
    var flags: Set<String> = []
    var options: Set<String> = []
    var repeated: Set<String> = []
    var positionals: [String] = []
    /// The last positional may repeat (`PATH…`).
    var variadic = false
}

/// Parsed arguments, checked against an `ArgumentSpec`.
struct Arguments {
    private(set) var flags: Set<String> = []
    private(set) var values: [String: [String]] = [:]
    private(set) var positionals: [String] = []

    init(_ tokens: [String], spec: ArgumentSpec) throws {
        var i = 0
        var onlyPositionals = false
        while i < tokens.count {
            let token = tokens[i]
            i += 1
            if onlyPositionals || !token.hasPrefix("--") || token == "-" {
                positionals.append(token)
                continue
            }
            if token == "--" { onlyPositionals = true; continue }
            var name = String(token.dropFirst(2))
            var inline: String?
            if let eq = name.firstIndex(of: "=") {
                inline = String(name[name.index(after: eq)...])
                name = String(name[..<eq])
            }
            if spec.flags.contains(name) {
                guard inline == nil else { throw UsageError("--\(name) takes no value") }
                flags.insert(name)
            } else if spec.options.contains(name) || spec.repeated.contains(name) {
                let value: String
                if let inline { value = inline } else {
                    guard i < tokens.count else { throw UsageError("--\(name) needs a value") }
                    value = tokens[i]
                    i += 1
                }
                if spec.options.contains(name), values[name] != nil {
                    throw UsageError("--\(name) given more than once")
                }
                values[name, default: []].append(value)
            } else {
                throw UsageError("unknown option --\(name)")
            }
        }
        if positionals.count > spec.positionals.count && !spec.variadic {
            throw UsageError("unexpected argument \(positionals[spec.positionals.count])")
        }
        if positionals.count < spec.positionals.count {
            throw UsageError("missing \(spec.positionals[positionals.count])")
        }
    }

    func flag(_ name: String) -> Bool { flags.contains(name) }
    func value(_ name: String) -> String? { values[name]?.last }
    func all(_ name: String) -> [String] { values[name] ?? [] }
    func positional(_ i: Int) -> String { positionals[i] }
}
