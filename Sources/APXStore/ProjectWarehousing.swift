import APXCore
import APXDomain

extension Store {
    /// The warehousing day: set the first time a project enters (the bound day), kept
    /// after that (NULL binds keep whatever is there).
    static let firstWarehousingDay = "COALESCE(warehoused_on, ?)"

    /// The UPDATE of `warehouseProject`, built once.
    private static let warehouseSQL =
        "UPDATE project SET splclx = ?, state = ?, warehoused_on = \(firstWarehousingDay), updated_at = ? WHERE xmdm = ?"

    /// A project enters the library: SPLCLX, state WAREHOUSED and the warehousing day (kept
    /// from a first time) in one UPDATE, audited as `setSPLCLX` then `setProjectState` would.
    /// `current`: the project's row as the caller has just read it in this transaction
    /// (saves a re-read).
    public func warehouseProject(_ xmdm: String, splclx: Int, detail: String, current known: ProjectRow? = nil) throws {
        guard let current = try known.flatMap({ $0.xmdm == xmdm ? $0 : nil }) ?? project(xmdm) else { return }
        let entering = current.state != ProjectState.warehoused
        try db.run(Self.warehouseSQL, splclx, ProjectState.warehoused, entering ? asOf.iso : nil, Timestamp.now(), xmdm)
        try audit(.project, xmdm, "splclx", to: String(splclx))
        if entering {
            try audit(.project, xmdm, "state", from: current.state, to: ProjectState.warehoused, detail: detail)
        }
    }
}
