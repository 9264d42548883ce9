import Dispatch
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// SIGTERM, SIGINT and SIGHUP for `apx watch`, turned into bytes on a pipe the main loop
/// polls: nothing runs in a signal handler; the loop acts between cycles.
final class WatchSignals {
    enum Kind: UInt8 { case stop = 0x53, reload = 0x48 }

    /// Readable when a signal arrived.
    let fd: Int32
    private let writeFD: Int32
    private var sources: [DispatchSourceSignal] = []

    init() {
        var fds: [Int32] = [-1, -1]
        _ = pipe(&fds)
        for end in fds {
            _ = fcntl(end, F_SETFD, FD_CLOEXEC)
            _ = fcntl(end, F_SETFL, O_NONBLOCK)
        }
        fd = fds[0]
        writeFD = fds[1]
        let queue = DispatchQueue(label: "apx.watch.signals")
        for (signo, kind) in [(SIGTERM, Kind.stop), (SIGINT, Kind.stop), (SIGHUP, Kind.reload)] {
            signal(signo, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signo, queue: queue)
            let out = writeFD
            source.setEventHandler {
                var byte = kind.rawValue
                _ = write(out, &byte, 1)
            }
            source.resume()
            sources.append(source)
        }
    }

    deinit {
        for source in sources { source.cancel() }
        close(fd)
        close(writeFD)
    }

    /// The signals that arrived since the last call.
    func drain() -> (stop: Bool, reload: Bool) {
        var stop = false, reload = false
        var buffer = [UInt8](repeating: 0, count: 64)
        while true {
            let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n <= 0 { break }
            for byte in buffer.prefix(n) {
                if byte == Kind.stop.rawValue { stop = true }
                if byte == Kind.reload.rawValue { reload = true }
            }
        }
        return (stop, reload)
    }
}
