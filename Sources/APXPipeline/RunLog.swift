import APXCore
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// One JSON-lines log per run under logs/: event codes, keys and counts only —
/// never names, addresses or whole records. Every event carries `ms`, the milliseconds
/// since the log was opened (monotonic), so the time a step took is the difference to the
/// event before it.
public final class RunLog {
    private let handle: FileHandle?
    /// Fields every event carries (the cycle's run id in `apx watch`'s day log).
    private let context: [(String, JSON)]
    private let opened = DispatchTime.now().uptimeNanoseconds

    public init(path: String?, context: [(String, JSON)] = []) {
        self.context = context
        if let path {
            let fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
            handle = fd >= 0 ? FileHandle(fileDescriptor: fd, closeOnDealloc: true) : nil
        } else {
            handle = nil
        }
    }

    deinit { try? handle?.close() }

    public func event(_ event: String, _ fields: [(String, JSON)] = []) {
        guard let handle else { return }
        let ms = Int((DispatchTime.now().uptimeNanoseconds - opened) / 1_000_000)
        let line = JSON.object([("at", .string(Timestamp.now())), ("ms", .int(ms)), ("event", .string(event))] + context + fields)
            .serialized() + "\n"
        try? handle.write(contentsOf: Data(line.utf8))
    }
}
