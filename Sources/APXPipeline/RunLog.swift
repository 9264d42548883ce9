import APXCore
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// One JSON-lines log per run under logs/: event codes, keys and counts only —
/// never names, addresses or whole records.
public final class RunLog {
    private let handle: FileHandle?
    /// Fields every event carries (the cycle's run id in `apx watch`'s day log).
    private let context: [(String, JSON)]

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
        let line = JSON.object([("at", .string(Timestamp.now())), ("event", .string(event))] + context + fields).serialized() + "\n"
        try? handle.write(contentsOf: Data(line.utf8))
    }
}
