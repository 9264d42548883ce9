import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Shared by the fuzz executables: built with `-DFUZZING -sanitize=fuzzer` they hand
/// `body` to libFuzzer; built normally they replay the files or folders named on the
/// command line (a regression runner for the corpora and crashers).
public enum FuzzDriver {
    public typealias Body = (UnsafeRawBufferPointer) -> Void

    /// Writes `data` to a per-process scratch file (the readers under test take paths).
    public static func scratchFile(_ data: UnsafeRawBufferPointer, suffix: String) -> String {
        let path = "/dev/shm/apx-fuzz-\(getpid())\(suffix)"
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        if fd >= 0 {
            if let base = data.baseAddress, data.count > 0 { _ = write(fd, base, data.count) }
            close(fd)
        }
        return path
    }

    #if FUZZING
    nonisolated(unsafe) private static var body: Body?

    /// Hands `body` to libFuzzer (the target's `@_cdecl("<Target>_main")` entry calls this).
    public static func libFuzzer(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?,
                                 _ body: @escaping Body) -> Int32 {
        FuzzDriver.body = body
        var argc = argc
        var argv = argv
        return LLVMFuzzerRunDriver(&argc, &argv) { bytes, count in
            FuzzDriver.body?(UnsafeRawBufferPointer(start: bytes, count: count))
            return 0
        }
    }
    #endif

    /// The normal build's entry: replays the command line's files and folders.
    public static func replayMain(_ kind: String, _ body: Body) {
        let n = replay(Array(CommandLine.arguments.dropFirst()), body)
        print("replayed \(n) input(s) through the \(kind) reader without a crash")
    }

    /// Replays every file under the given paths; returns how many it ran.
    public static func replay(_ paths: [String], _ body: Body) -> Int {
        var count = 0
        for path in paths {
            var isDir: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir) else { continue }
            let files = isDir.boolValue
                ? ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).sorted().map { path + "/" + $0 }
                : [path]
            for file in files {
                guard let data = FileManager.default.contents(atPath: file) else { continue }
                data.withUnsafeBytes { body($0) }
                count += 1
            }
        }
        return count
    }
}

#if FUZZING
@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<Int32>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32) -> Int32
#endif
