import APXCore
import APXDomain

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
