import APXCore
import APXDrop
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// What `apx watch` publishes about itself in `<root>/.apx-watch` (one JSON object,
/// written by temp file + rename): `{"running": true, "pid": N, "since": TS, "cycles": N,
/// "filesToday": N, "updatedAt": TS}` — see docs/decisions.md. `apx status` shows it as
/// `watch`; absent file → `{"running": false}`; a PID that is no longer alive → running false.
public enum WatchStatus {
    public static let fileName = ".apx-watch"
    public static let lockFileName = ".apx-watch.lock"

    public static func read(root: String) -> JSON {
        let path = root + "/" + fileName
        // A small status file, nothing else (a huge or odd file there is not believed).
        var st = stat()
        guard lstat(path, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG, st.st_size <= 65536,
              let data = FileManager.default.contents(atPath: path),
              let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] else {
            return .object([("running", .bool(false))])
        }
        var pairs = object.keys.sorted().filter { $0 != "running" }.map { ($0, json(object[$0]!)) }
        var running = (object["running"] as? Bool) ?? false
        // Alive is the watcher's lock (`.apx-watch.lock`, held for its whole life) when it
        // has one, else its pid: a killed watcher leaves `running: true` behind.
        let lockFile = root + "/" + lockFileName
        let dead: Bool
        if DurableFile.exists(lockFile) {
            dead = !LockHolder.inspect(lockFile: lockFile).held
        } else if let pid = (object["pid"] as? NSNumber)?.int32Value, pid > 0 {
            dead = kill(pid, 0) != 0 && errno == ESRCH
        } else {
            dead = false
        }
        if running && dead {
            running = false
            pairs.append(("stale", .bool(true)))
        }
        return .object([("running", .bool(running))] + pairs)
    }

    static func json(_ value: Any) -> JSON {
        switch value {
        case let b as Bool where type(of: value) == Bool.self: return .bool(b)
        case let n as NSNumber:
            if String(cString: n.objCType) == "c" { return .bool(n.boolValue) }
            if n.doubleValue == n.doubleValue.rounded(), abs(n.doubleValue) < 1e15 { return .int(n.intValue) }
            return .double(n.doubleValue)
        case let s as String: return .string(s)
        case let a as [Any]: return .array(a.map(json))
        case let d as [String: Any]: return .object(d.keys.sorted().map { ($0, json(d[$0]!)) })
        default: return .null
        }
    }
}
