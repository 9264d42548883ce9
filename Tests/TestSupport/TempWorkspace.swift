import Foundation

/// A workspace in a fresh temporary folder, removed on deinit.
public final class TempWorkspace {
    public let root: String
    private let owned: Bool

    /// A view of a workspace somewhere else (not removed on deinit).
    public init(existingRoot: String) {
        root = existingRoot
        owned = false
    }

    public init(_ label: String = "apx") {
        let base = NSTemporaryDirectory() + "/\(label)-\(UUID().uuidString.prefix(8))"
        try! FileManager.default.createDirectory(atPath: base + "/inbox", withIntermediateDirectories: true)
        root = base
        owned = true
    }

    /// Kept when APX_KEEP_WORKSPACES is set, for looking into a failed test.
    deinit {
        if owned && ProcessInfo.processInfo.environment["APX_KEEP_WORKSPACES"] == nil { try? FileManager.default.removeItem(atPath: root) }
    }

    /// Drops a file the way partners do: data first, then the empty `.ok` marker.
    public func drop(_ source: String, _ name: String, _ bytes: [UInt8], marker: Bool = true) {
        let dir = root + "/inbox/" + source
        try! FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        FileManager.default.createFile(atPath: dir + "/" + name, contents: Data(bytes))
        if marker { FileManager.default.createFile(atPath: dir + "/" + name + ".ok", contents: Data()) }
    }

    public func drop(_ source: String, _ name: String, text: String, marker: Bool = true) {
        drop(source, name, Array(text.utf8), marker: marker)
    }

    public func path(_ relative: String) -> String { root + "/" + relative }

    public func exists(_ relative: String) -> Bool { FileManager.default.fileExists(atPath: path(relative)) }

    public func read(_ relative: String) -> String? { try? String(contentsOfFile: path(relative), encoding: .utf8) }

    /// Every file below `relative`, as workspace-relative paths, sorted.
    public func files(under relative: String) -> [String] {
        guard let e = FileManager.default.enumerator(atPath: path(relative)) else { return [] }
        var out: [String] = []
        while let item = e.nextObject() as? String {
            var isDir: ObjCBool = false
            if FileManager.default.fileExists(atPath: path(relative) + "/" + item, isDirectory: &isDir), !isDir.boolValue {
                out.append(relative + "/" + item)
            }
        }
        return out.sorted()
    }
}
