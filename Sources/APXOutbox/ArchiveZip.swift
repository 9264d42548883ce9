import APXCore
import APXDomain

extension ArchivePlan {
    /// Writes the ZIP to `sink`; `root` resolves the workspace-relative document paths.
    public func build<S: ZipSink>(root: String, into sink: S) throws -> S {
        var zip = ZipWriter(sink: sink, timestamp: time)
        try zip.add(name: "manifest.xml", data: Array(manifest.utf8))
        for entry in entries {
            try zip.addFile(name: entry.name, path: root + "/" + entry.path, expectedSHA256: entry.sha256)
        }
        try zip.finish()
        return zip.sink
    }

    /// The digest of the ZIP this plan builds, streamed into a hash (nothing written).
    public static func zipDigest(_ plan: ArchivePlan, root: String) throws -> String {
        var hasher = try plan.build(root: root, into: HashSink()).hasher
        return hasher.finalizeHex()
    }
}
