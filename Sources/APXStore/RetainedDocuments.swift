import APXDomain
import Foundation

extension Store {
    /// Workspace-relative paths of the stored documents an archive handover package may still
    /// need (spec 04: every warehoused result document, byte-identical to what was received):
    /// those of results whose project has not ENDED (package accepted), however long ago they
    /// arrived. `apx prune` never deletes them.
    public func documentPaths() throws -> Set<String> {
        let rows = try db.rows("""
            SELECT DISTINCT json_extract(d.value, '$.path') AS path
            FROM result LEFT JOIN project p ON p.xmdm = result.xmdm, json_each(result.record, '$.documents') AS d
            WHERE p.state IS NULL OR p.state <> ?
            """, ProjectState.ended)
        return Set(try rows.compactMap { try $0.column("path").string })
    }
}
