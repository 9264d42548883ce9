import APXCore
import APXDomain
import SQLiteDB

/// A notice to a unit or supervisor (spec 04).
public struct Notice: Sendable {
    public var lx: NoticeType
    public var xmdm: String = ""
    public var gcdm: String = ""
    public var unitCode: String = ""
    public var unitName: String = ""
    public var sxbm: String = ""
    public var text: String
    public init(lx: NoticeType, text: String) { self.lx = lx; self.text = text }
}

extension Store {
    /// Creates the notice for (type, subject) unless it exists; returns whether it was
    /// created. Called in the transaction of the state change the notice reports, so a
    /// notice is created exactly once whatever reruns or reprocessing happen.
    @discardableResult
    public func notify(_ notice: Notice, subject: String) throws -> Bool {
        if try db.row("SELECT 1 FROM notice WHERE lx = ? AND subject = ?", notice.lx, subject) != nil { return false }
        let tzbh = "TZ\(asOf.compact)\(String(format: "%06d", try nextCounter("notice")))"
        try db.run("""
            INSERT INTO notice (tzbh, lx, subject, xmdm, gcdm, dwtyshxydm, dwmc, sxbm, nr, sj, run_id)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, tzbh, notice.lx, subject, notice.xmdm, notice.gcdm, notice.unitCode, notice.unitName, notice.sxbm,
                   notice.text, Timestamp.now(), runID)
        try audit(.notice, tzbh, "created", to: notice.lx, detail: subject)
        return true
    }
}
