import APXCore

/// The inner XML of push records (spec 04), rendered from approved data only.
public enum Payloads {
    /// XMJBXX for a project (gcdm == xmdm) or a sub-project.
    public static func project(_ p: ProjectRecord, gcdm: String, name: String? = nil, splclx: Int?) -> String {
        projectXML(p, gcdm: gcdm, name: name, splclx: splclx).string
    }

    /// `project` as the UTF-8 bytes it is made of (no String made).
    public static func projectXML(_ p: ProjectRecord, gcdm: String, name: String? = nil, splclx: Int?) -> XMLBytes {
        var out = XMLBytes()
        out.element("XMDM", p.xmdm); out.element("GCDM", gcdm); out.element("XMMC", name ?? p.xmmc)
        out.element("XZQHDM", p.xzqhdm)
        if !p.jsdd.isEmpty { out.element("JSDD", p.jsdd) }
        if !p.lxlx.isEmpty { out.element("LXLX", p.lxlx) }
        if let splclx { out.element("SPLCLX", splclx) }
        out.element("ZTZE", p.ztze)
        if !p.nkgsj.isEmpty { out.element("NKGSJ", p.nkgsj) }
        if !p.njcsj.isEmpty { out.element("NJCSJ", p.njcsj) }
        out.open("DWLB")
        for (i, unit) in p.units.enumerated() {
            out.raw("<DW xh=\""); out.int(i + 1); out.raw("\" dwlx=\"01\">")
            out.element("DWMC", unit.name); out.element("TYSHXYDM", unit.code)
            out.close("DW")
        }
        out.close("DWLB")
        return out
    }
}

extension Payloads {
    /// SPSXBL: handling of an item (BLZT 3 accepted, 11/12/13 finished).
    public static func handling(xmdm: String, gcdm: String, sxbm: String, stage: Int, blzt: Int, acceptedAt: String,
                                finishedAt: String, promisedDays: Int?, workingDaysUsed: Int?, overdue: Bool?,
                                handler: String) -> String {
        var out = XMLBytes()
        out.element("XMDM", xmdm); out.element("GCDM", gcdm); out.element("SPSXBM", sxbm)
        out.element("SPJDXH", stage); out.element("BLZT", blzt)
        if !acceptedAt.isEmpty { out.element("SLSJ", acceptedAt) }
        if !finishedAt.isEmpty { out.element("BJSJ", finishedAt) }
        if let promisedDays { out.element("CNSX", promisedDays) }
        if let workingDaysUsed { out.element("SYGZR", workingDaysUsed) }
        if let overdue { out.element("SFCS", overdue ? 1 : 0) }
        if !handler.isEmpty { out.element("BLJG", handler) }
        return out.string
    }

    /// PFWJ: an approval document / result, with its attached files.
    public static func document(xmdm: String, gcdm: String, sxbm: String, number: String, title: String, date: String,
                                validUntil: String, files: [(name: String, sha256: String)]) -> String {
        var out = XMLBytes()
        out.element("XMDM", xmdm); out.element("GCDM", gcdm); out.element("SPSXBM", sxbm)
        out.element("PFWH", number); out.element("PFWJBT", title); out.element("PFRQ", date)
        out.element("PFWJYXQX", validUntil.isEmpty ? "9999-01-01" : validUntil)
        if !files.isEmpty {
            out.open("FJLB")
            for file in files {
                out.open("FJ"); out.element("FJMC", file.name); out.element("SHA256", file.sha256); out.close("FJ")
            }
            out.close("FJLB")
        }
        return out.string
    }
}
