import APXCore
import APXDomain
import SQLiteDB

/// Reads the next page of open results on a read-only connection of its own, on a second
/// thread, while the store's connection decides and writes the current page (the page's
/// SELECT and the decoding of its records, ~20% of a results page, off the writing thread).
///
/// It sees the last committed state, not the current page's transaction. That is the same as
/// reading after the page commits because a results page writes no result row but its own
/// (ids up to the page's last, which the next page starts after): states and review items of
/// its rows, applications, push records, audit. Any read that fails here is read again on the
/// store's connection, so errors surface there as before.
public final class OpenResultsReader: @unchecked Sendable {
    // Used by one read at a time: `prefetch` is called again only after the value was taken.
    private let db: Database

    init(path: String) throws {
        db = try Database(readingOnly: path)
    }

    /// The page after `after` of item `sxbm`, read on a thread of its own,
    /// and `prepare` run on it on the same thread; nil from the value when the read failed.
    /// `prepare` runs beside the store's transaction: besides the rows and the values it
    /// captured, it may read only through `PageReads` (tables no results page writes).
    public func prefetch<Prepared: Sendable>(sxbm: String, after: Int, limit: Int,
                                             prepare: @escaping @Sendable ([ResultRow], PageReads) -> Prepared)
        -> BackgroundValue<(rows: [ResultRow], prepared: Prepared)?> {
        BackgroundValue { [self] in
            guard let rows = try? Store.openResults(on: db, item: sxbm, after: after, limit: limit) else { return nil }
            return (rows, prepare(rows, PageReads(db: db)))
        }
    }

    /// What a page prepared ahead may read on the reader's connection: projects with their
    /// data and units, which no result evaluation writes (its writes: results, review items,
    /// applications, push records, audit), so the last committed state is the current one.
    public struct PageReads {
        let db: Database

        /// `Store.projectReadings(_:kind:)`.
        public func projectReadings(_ xmdms: PageKeys, kind: ProjectDataKind) throws -> [String: ProjectReading] {
            try Store.projectReadings(on: db, xmdms, kind: kind)
        }
    }
}

extension Store {
    /// A reader of open results beside this store's connection (nil when the database cannot be
    /// opened a second time, e.g. a `file:` URI: the caller reads on this connection).
    public func openResultsReader() -> OpenResultsReader? {
        guard !db.path.hasPrefix("file:") else { return nil }
        return try? OpenResultsReader(path: db.path)
    }
}
