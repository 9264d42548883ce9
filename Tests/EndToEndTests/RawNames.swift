import Foundation
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// File names as bytes for the tests, independent of apx's own `FileName`: create, read and
/// list entries whose names are not valid UTF-8 (Foundation's String paths cannot).
enum RawNames {
    static func path(_ dir: String, _ name: [UInt8]) -> [CChar] {
        (Array(dir.utf8) + [0x2F] + name + [0]).map { CChar(bitPattern: $0) }
    }

    static func write(_ dir: String, _ name: [UInt8], _ bytes: [UInt8], mode: mode_t = 0o644) {
        let fd = open(path(dir, name), O_WRONLY | O_CREAT | O_TRUNC, mode)
        precondition(fd >= 0, "cannot create \(name) in \(dir): \(errno)")
        _ = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
        close(fd)
    }

    static func read(_ dir: String, _ name: [UInt8]) -> [UInt8]? {
        let fd = open(path(dir, name), O_RDONLY)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var out: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let n = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if n <= 0 { break }
            out += buffer[0..<n]
        }
        return out
    }

    static func exists(_ dir: String, _ name: [UInt8]) -> Bool {
        var st = stat()
        return lstat(path(dir, name), &st) == 0
    }

    /// The names in `dir` as bytes (no `.`/`..`), sorted; empty when it cannot be listed.
    static func list(_ dir: String) -> [[UInt8]] {
        guard let d = opendir(dir) else { return [] }
        defer { closedir(d) }
        var out: [[UInt8]] = []
        while let e = readdir(d) {
            let name = withUnsafePointer(to: &e.pointee.d_name) {
                $0.withMemoryRebound(to: UInt8.self, capacity: 256) { p in Array(UnsafeBufferPointer(start: p, count: strlen(UnsafeRawPointer(p).assumingMemoryBound(to: CChar.self)))) }
            }
            if name != [0x2E] && name != [0x2E, 0x2E] { out.append(name) }
        }
        return out.sorted { $0.lexicographicallyPrecedes($1) }
    }

    /// apx's display form of a name (spec 02 "shown escaped"), written independently of apx:
    /// valid UTF-8 as is, every other byte and every control byte `\xHH`, and a backslash that
    /// would read as such an escape `\x5C`.
    static func shown(_ name: [UInt8]) -> String {
        func isHex(_ b: UInt8) -> Bool { (0x30...0x39).contains(b) || (0x41...0x46).contains(b) || (0x61...0x66).contains(b) }
        var out = ""
        var i = 0
        while i < name.count {
            let b = name[i]
            var length = 0
            for n in 1...4 where i + n <= name.count {
                if let s = String(validating: name[i..<(i + n)], as: UTF8.self), s.unicodeScalars.count == 1 { length = n; break }
            }
            let looksEscaped = b == 0x5C && i + 3 < name.count && name[i + 1] == 0x78 && isHex(name[i + 2]) && isHex(name[i + 3])
            if length == 0 || b < 0x20 || b == 0x7F || looksEscaped {
                out += String(format: "\\x%02X", b)
                i += 1
            } else {
                out += String(decoding: name[i..<(i + length)], as: UTF8.self)
                i += length
            }
        }
        return out
    }
}

/// Runs `apx` as the unprivileged `nobody` (root ignores mode 000): the workspace is handed
/// to nobody first. Nil when privileges cannot be dropped here.
enum AsServiceAccount {
    static var available: Bool { getuid() == 0 && FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv") }

    static func handOver(_ root: String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/chown")
        p.arguments = ["-R", "nobody:nogroup", root]
        try! p.run()
        p.waitUntilExit()
        chmod(root, 0o755)
    }

    struct Result {
        let status: Int32
        let stdout: String
        let stderr: String
        var json: [String: Any] { ((try? JSONSerialization.jsonObject(with: Data(stdout.utf8))) as? [String: Any]) ?? [:] }
    }

    static func run(_ arguments: [String]) -> Result {
        let r = Unprivileged.run(arguments)
        return Result(status: r.status, stdout: r.stdout, stderr: r.stderr)
    }
}
