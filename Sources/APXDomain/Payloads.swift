import APXCore

/// The inner XML of push records (spec 04), rendered from approved data only.
public enum Payloads {
    /// XMJBXX for a project (gcdm == xmdm) or a sub-project.
    public static func project(_ p: ProjectRecord, gcdm: String, name: String? = nil, splclx: Int?) -> String {
        var out = XMLText.element("XMDM", p.xmdm) + XMLText.element("GCDM", gcdm) + XMLText.element("XMMC", name ?? p.xmmc)
        out += XMLText.element("XZQHDM", p.xzqhdm)
        if !p.jsdd.isEmpty { out += XMLText.element("JSDD", p.jsdd) }
        if !p.lxlx.isEmpty { out += XMLText.element("LXLX", p.lxlx) }
        if let splclx { out += XMLText.element("SPLCLX", String(splclx)) }
        out += XMLText.element("ZTZE", p.ztze)
        if !p.nkgsj.isEmpty { out += XMLText.element("NKGSJ", p.nkgsj) }
        if !p.njcsj.isEmpty { out += XMLText.element("NJCSJ", p.njcsj) }
        out += "<DWLB>"
        for (i, unit) in p.units.enumerated() {
            out += "<DW xh=\"\(i + 1)\" dwlx=\"01\">" + XMLText.element("DWMC", unit.name)
                + XMLText.element("TYSHXYDM", unit.code) + "</DW>"
        }
        out += "</DWLB>"
        return out
    }
}

extension Payloads {
    /// SPSXBL: handling of an item (BLZT 3 accepted, 11/12/13 finished).
    public static func handling(xmdm: String, gcdm: String, sxbm: String, stage: Int, blzt: Int, acceptedAt: String,
                                finishedAt: String, promisedDays: Int?, workingDaysUsed: Int?, overdue: Bool?,
                                handler: String) -> String {
        var out = XMLText.element("XMDM", xmdm) + XMLText.element("GCDM", gcdm) + XMLText.element("SPSXBM", sxbm)
        out += XMLText.element("SPJDXH", String(stage)) + XMLText.element("BLZT", String(blzt))
        if !acceptedAt.isEmpty { out += XMLText.element("SLSJ", acceptedAt) }
        if !finishedAt.isEmpty { out += XMLText.element("BJSJ", finishedAt) }
        if let promisedDays { out += XMLText.element("CNSX", String(promisedDays)) }
        if let workingDaysUsed { out += XMLText.element("SYGZR", String(workingDaysUsed)) }
        if let overdue { out += XMLText.element("SFCS", overdue ? "1" : "0") }
        if !handler.isEmpty { out += XMLText.element("BLJG", handler) }
        return out
    }

    /// PFWJ: an approval document / result, with its attached files.
    public static func document(xmdm: String, gcdm: String, sxbm: String, number: String, title: String, date: String,
                                validUntil: String, files: [(name: String, sha256: String)]) -> String {
        var out = XMLText.element("XMDM", xmdm) + XMLText.element("GCDM", gcdm) + XMLText.element("SPSXBM", sxbm)
        out += XMLText.element("PFWH", number) + XMLText.element("PFWJBT", title) + XMLText.element("PFRQ", date)
        out += XMLText.element("PFWJYXQX", validUntil.isEmpty ? "9999-01-01" : validUntil)
        if !files.isEmpty {
            out += "<FJLB>" + files.map { "<FJ>" + XMLText.element("FJMC", $0.name) + XMLText.element("SHA256", $0.sha256) + "</FJ>" }.joined() + "</FJLB>"
        }
        return out
    }
}
