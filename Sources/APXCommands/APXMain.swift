import APXDrop
import Foundation

/// Entry point of the `apx` binary: finds the command, validates, runs, maps errors to
/// exit codes (ExitCode.map) — the only place that decides an exit code for an error.
public enum APXMain {
    static var commands: [Command.Type] { [
        RunCommand.self, ReprocessCommand.self, ProjectShowCommand.self, ProjectSplitCommand.self, ProjectRecycleCommand.self, ResultRecycleCommand.self,
        ReviewListCommand.self, ReviewAcceptCommand.self,
        ReviewRejectCommand.self, ArchiveRepushCommand.self, ReportCommand.self,
        WatchCommand.self,
        QuarantineListCommand.self,
        QuarantineSettleCommand.self,
        InitCommand.self, StatusCommand.self, BackupCommand.self, PruneCommand.self, VersionCommand.self,
        CheckCommand.self, ProjectHistoryCommand.self, FileShowCommand.self,
        DashboardCommand.self,
    ] }

    public static func main(_ argv: [String], environment: [String: String] = ProcessInfo.processInfo.environment,
                            output: Output = .standard) -> Int32 {
        let args = Array(argv.dropFirst())
        if args.isEmpty || args == ["--help"] || args == ["-h"] || args == ["help"] {
            output.out(help())
            return args.isEmpty ? ExitCode.usage : ExitCode.ok
        }
        if args == ["--version"] || args == ["-V"] {
            output.out(APXVersion.line)
            return ExitCode.ok
        }
        // The longest command path that prefixes the arguments.
        let match = commands.filter { Array(args.prefix($0.path.count)) == $0.path }.max { $0.path.count < $1.path.count }
        guard let command = match else {
            let group = commands.filter { $0.path.first == args[0] }
            if !group.isEmpty {
                let wantsHelp = args.count == 2 && (args[1] == "--help" || args[1] == "-h")
                let text = "usage:\n" + group.map { "  \($0.usage)\n      \($0.summary)" }.joined(separator: "\n")
                if wantsHelp { output.out(text); return ExitCode.ok }
                output.err("apx: unknown command '\(args.prefix(2).joined(separator: " "))'\n" + text)
                return ExitCode.usage
            }
            output.err("apx: unknown command '\(args[0])'\n\n" + help())
            return ExitCode.usage
        }
        let rest = Array(args.dropFirst(command.path.count))
        if rest.contains("--help") || rest.contains("-h") {
            output.out("usage: \(command.usage)\n\n\(command.summary)")
            return ExitCode.ok
        }
        do {
            let parsed = try Arguments(rest, spec: command.spec)
            // `--root "$UNSET"` must not make the current folder the workspace.
            if let root = parsed.value("root"), root.trimmingCharacters(in: .whitespaces).isEmpty {
                throw UsageError("--root needs a folder, got an empty value")
            }
            // Stored names escape bytes as `\xHH` and paths are decoded before every system call,
            // so a root spelled with such a sequence would point somewhere else (decisions: names).
            let root = Common.root(parsed, environment)
            if command.requiresWorkspace(parsed) || ["init", "run"].contains(command.path.first ?? ""),
               root.range(of: #"\\x[0-9A-Fa-f]{2}"#, options: .regularExpression) != nil {
                throw UsageError("the workspace path \(root) contains a \\x followed by two hex digits, which apx reads as an escaped byte; rename the folder")
            }
            let instance = try command.init(parsed, environment: environment)
            if command.requiresWorkspace(parsed) {
                try Workspace(root: Common.root(parsed, environment)).validate()
            }
            return try instance.run(output)
        } catch let error as UsageError {
            output.err("apx: \(error.message)\nusage: \(command.usage)")
            return ExitCode.usage
        } catch {
            let (code, message) = ExitCode.map(error)
            output.err(message)
            return code
        }
    }

    static func help() -> String {
        var text = """
        apx — batch data exchange of the construction-project approval system

        usage: apx COMMAND [options]   (apx COMMAND --help for a command's options)

        commands:

        """
        for c in commands {
            text += "  \(c.usage)\n      \(c.summary)\n"
        }
        text += """

        The workspace is --root DIR, else $APX_ROOT, else ./var.
        exit codes: 0 ok · 65 a file was quarantined · 64 wrong command line · 66 not found or not a
                    workspace (apx init) · 73 a file cannot be created · 77 permission denied ·
                    75 another run holds the workspace lock · 1 the run failed (the next run picks up)
        """
        return text
    }
}
