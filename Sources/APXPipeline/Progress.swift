import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// Records read by ingestion so far in this process (shown by `ProgressMeter` while a big
/// file is being read). One relaxed atomic add per record.
let ingestedRecords = Atomic<Int>(0)

/// Progress of a run on a terminal's stderr: phase, files done of those known, records,
/// rate and an estimate of the time left (by bytes of the ready files). Redrawn once a second
/// on one line from a timer thread; `finish` clears it. Silent unless started.
public final class ProgressMeter: @unchecked Sendable {
    private let write: @Sendable (String) -> Void
    private let lock = NSLock()
    private let start = Date()
    private var phase = "starting"
    private var filesKnown = 0, filesDone = 0
    private var bytesKnown: Int64 = 0, bytesDone: Int64 = 0
    private var recordsAtStart = 0
    private var timer: DispatchSourceTimer?

    /// `write` receives raw text (no newline added).
    public init(write: @escaping @Sendable (String) -> Void) {
        self.write = write
    }

    /// A meter writing to stderr when it is a terminal and `quiet` is false; else nil.
    public static func forStandardError(quiet: Bool) -> ProgressMeter? {
        guard !quiet, isatty(STDERR_FILENO) == 1 else { return nil }
        return ProgressMeter { text in FileHandle.standardError.write(Data(text.utf8)) }
    }

    public func begin(interval: Double = 1.0) {
        recordsAtStart = ingestedRecords.load(ordering: .relaxed)
        let timer = DispatchSource.makeTimerSource(queue: DispatchQueue.global(qos: .utility))
        timer.schedule(deadline: .now() + interval, repeating: interval)
        timer.setEventHandler { [weak self] in self?.draw() }
        timer.resume()
        lock.withLock { self.timer = timer }
        draw()
    }

    func set(phase: String) { lock.withLock { self.phase = phase } }

    /// Ready files found in one drop folder (their sizes drive the estimate).
    func expect(paths: [String]) {
        var bytes: Int64 = 0
        for path in paths {
            var st = stat()
            if lstat(path, &st) == 0 { bytes += Int64(st.st_size) }
        }
        lock.withLock { filesKnown += paths.count; bytesKnown += bytes }
    }

    func fileDone(size: Int64) { lock.withLock { filesDone += 1; bytesDone += size } }

    /// The current line, e.g. `apx: reading tzxm · files 1/2 · 20,000 records · 1,850 rec/s · 0:11 left`.
    public func line(now: Date = Date()) -> String { lock.withLock { render(now) } }

    private func render(_ now: Date) -> String {
        do {
            let elapsed = now.timeIntervalSince(start)
            let records = ingestedRecords.load(ordering: .relaxed) - recordsAtStart
            let rate = elapsed > 0 ? Double(records) / elapsed : 0
            var text = "apx: \(phase) · files \(filesDone)/\(filesKnown) · \(records) records · \(Int(rate.rounded())) rec/s · \(ProgressMeter.clock(elapsed))"
            if bytesDone > 0, bytesKnown > bytesDone, filesDone < filesKnown {
                let left = elapsed * Double(bytesKnown - bytesDone) / Double(bytesDone)
                text += " · ETA \(ProgressMeter.clock(left))"
            }
            return text
        }
    }

    /// Under the lock, so that nothing is drawn after `finish` cleared the line.
    private func draw() {
        lock.withLock {
            guard timer != nil else { return }
            write("\r\u{1B}[K" + render(Date()))
        }
    }

    /// Stops the timer and clears the line.
    public func finish() {
        let timer = lock.withLock { () -> DispatchSourceTimer? in
            let t = self.timer
            self.timer = nil
            return t
        }
        guard let timer else { return }
        timer.cancel()
        lock.withLock { write("\r\u{1B}[K") }
    }

    static func clock(_ seconds: Double) -> String {
        let s = max(0, Int(seconds.rounded()))
        return s >= 3600 ? String(format: "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60) : String(format: "%d:%02d", s / 60, s % 60)
    }
}
