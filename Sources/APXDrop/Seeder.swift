import APXCore
import Foundation

/// Copies a folder laid out like `inbox/` (e.g. `samples/`) into a workspace's inbox the
/// way partners deliver: every data file first, then the markers. A name already in the
/// inbox is left alone. Returns how many files it copied.
public enum Seeder {
    @discardableResult
    public static func seed(from folder: String, into inbox: String) throws -> Int {
        let fm = FileManager.default
        var isDir: ObjCBool = false
        guard fm.fileExists(atPath: folder, isDirectory: &isDir), isDir.boolValue else {
            throw FileError("seed folder", folder, errno: ENOENT)
        }
        var copied = 0
        for source in Source.all {
            let from = folder + "/" + source.folder
            guard let names = try? fm.contentsOfDirectory(atPath: from) else { continue }
            let to = inbox + "/" + source.folder
            try DurableFile.makeDirectories(to)
            let markers = names.filter { $0.hasSuffix(".ok") }.sorted()
            let data = names.filter { !$0.hasSuffix(".ok") && !$0.hasPrefix(".") && $0 != "README.md" }.sorted()
            for name in data + markers where !fm.fileExists(atPath: to + "/" + name) {
                var isDirectory: ObjCBool = false
                guard fm.fileExists(atPath: from + "/" + name, isDirectory: &isDirectory), !isDirectory.boolValue,
                      let bytes = fm.contents(atPath: from + "/" + name) else { continue }
                try DurableFile.publish(Array(bytes), directory: to, name: name)
                copied += 1
            }
        }
        return copied
    }
}
