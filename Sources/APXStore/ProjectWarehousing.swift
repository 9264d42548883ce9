import APXCore
import APXDomain

extension Store {
    /// A project enters the library: SPLCLX, state WAREHOUSED and the warehousing day (kept
    /// from a first time) in one UPDATE, audited as `setSPLCLX` then `setProjectState` would.
    public func warehouseProject(_ xmdm: String, splclx: Int, detail: String) throws {
        guard let current = try project(xmdm) else { return }
        let entering = current.state != ProjectState.warehoused
        try db.run("UPDATE project SET splclx = ?, state = ?, warehoused_on = ?, updated_at = ? WHERE xmdm = ?",
                   splclx, ProjectState.warehoused, entering ? (current.warehousedOn ?? asOf.iso) : current.warehousedOn,
                   Timestamp.now(), xmdm)
        try audit(.project, xmdm, "splclx", to: String(splclx))
        if entering {
            try audit(.project, xmdm, "state", from: current.state, to: ProjectState.warehoused, detail: detail)
        }
    }
}
