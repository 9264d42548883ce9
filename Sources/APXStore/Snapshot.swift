import Foundation
#if canImport(Glibc)
import Glibc
#endif
import SQLiteDB

extension Store {
    /// Copies the database at `path` into a new file `destination`: a consistent snapshot
    /// (one read transaction) taken through a read-only connection, so nothing is written
    /// beside the original and no lock is needed — a run may be working meanwhile. With no
    /// `-wal` file no connection has the database open, and it is read as immutable (a
    /// read-only WAL connection would otherwise create `-wal` and `-shm` files beside it).
    public static func snapshot(databaseAt path: String, into destination: String) throws {
        var st = stat()
        let inUse = lstat(path + "-wal", &st) == 0
        let db = try Database(path: readOnlyURI(path, immutable: !inUse))
        try db.run("VACUUM INTO ?", destination)
    }

    /// `file:` URI opening `path` read-only (SQLite is built with URI file names on).
    static func readOnlyURI(_ path: String, immutable: Bool) -> String {
        var allowed = CharacterSet.urlPathAllowed
        allowed.remove(charactersIn: "?#%")
        return "file:" + (path.addingPercentEncoding(withAllowedCharacters: allowed) ?? path) + "?mode=ro" + (immutable ? "&immutable=1" : "")
    }
}

extension Store {
    /// A database that is thrown away afterwards (`apx check`): no fsync per commit.
    public func withoutDurability() throws {
        try db.execute("PRAGMA synchronous = OFF")
    }
}
