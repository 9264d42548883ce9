import Foundation
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// The repository's own files (cron/, samples/, pipelines/).
enum Repository {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path
    static var samples: String { root + "/samples" }
}

/// Runs the built `apx` as the unprivileged user `nobody` (tests run as root, which
/// ignores file modes), through `setpriv`.
enum Unprivileged {
    static let setpriv = "/usr/bin/setpriv"

    static let available: Bool = {
        guard getuid() == 0, FileManager.default.isExecutableFile(atPath: setpriv), getpwnam("nobody") != nil else { return false }
        return run(["--version"]).status == 0
    }()

    static func run(_ arguments: [String]) -> APXProcess.Result {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: setpriv)
        p.arguments = ["--reuid=nobody", "--regid=\(getgrnam("nogroup") != nil ? "nogroup" : "nobody")", "--clear-groups",
                       APXProcess.binary] + arguments
        var env = ProcessInfo.processInfo.environment
        env.removeValue(forKey: "APX_ROOT")
        p.environment = env
        p.currentDirectoryURL = URL(fileURLWithPath: "/")
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try! p.run()
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return APXProcess.Result(exitStatus: p.terminationStatus, stdout: String(decoding: o, as: UTF8.self),
                                 stderr: String(decoding: e, as: UTF8.self))
    }
}

/// A shell command, its exit status and output.
enum Shell {
    static func run(_ executable: String, _ arguments: [String], environment: [String: String]? = nil,
                    directory: String? = nil) -> (status: Int32, stdout: String, stderr: String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: executable)
        p.arguments = arguments
        if let environment { p.environment = environment }
        if let directory { p.currentDirectoryURL = URL(fileURLWithPath: directory) }
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        guard (try? p.run()) != nil else { return (-1, "", "cannot start \(executable)") }
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: o, as: UTF8.self), String(decoding: e, as: UTF8.self))
    }
}

extension APXProcess.Result {
    var object: [String: Any] { (json as? [String: Any]) ?? [:] }
}

func value(_ d: [String: Any], _ path: String...) -> Any? {
    var current: Any? = d
    for key in path { current = (current as? [String: Any])?[key] }
    return current
}

extension TempWorkspace {
    /// The root as apx names it in messages (standardised: no `//`).
    var canonicalRoot: String { (root as NSString).standardizingPath }
    func canonical(_ relative: String) -> String { canonicalRoot + "/" + relative }
}

func canonical(_ path: String) -> String { (path as NSString).standardizingPath }
