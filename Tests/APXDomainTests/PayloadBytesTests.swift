import APXCore
import APXDomain
import Testing

/// Payloads are written into one byte buffer (`XMLBytes`); the bytes are those of the
/// string concatenation they replace (kept here as the reference), escapes included.
@Suite struct PayloadBytesTests {
    static let texts = ["南昌市瑋城安置房建设项目", "a&b<c>\"d'", "tab\there\nline\r", "ctl\u{01}\u{1F}x", "nc\u{FFFE}\u{FFFF}\u{FFFD}",
                        "", " ", "é\u{0301}", "😀 emoji", "91360100MA35AB01X0"]

    static func referenceProject(_ p: ProjectRecord, gcdm: String, name: String?, splclx: Int?) -> String {
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
            out += "<DW xh=\"\(i + 1)\" dwlx=\"01\">" + XMLText.element("DWMC", unit.name) + XMLText.element("TYSHXYDM", unit.code) + "</DW>"
        }
        return out + "</DWLB>"
    }

    static func referenceHandling(xmdm: String, gcdm: String, sxbm: String, stage: Int, blzt: Int, acceptedAt: String,
                                  finishedAt: String, promisedDays: Int?, workingDaysUsed: Int?, overdue: Bool?, handler: String) -> String {
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

    static func referenceDocument(xmdm: String, gcdm: String, sxbm: String, number: String, title: String, date: String,
                                  validUntil: String, files: [(name: String, sha256: String)]) -> String {
        var out = XMLText.element("XMDM", xmdm) + XMLText.element("GCDM", gcdm) + XMLText.element("SPSXBM", sxbm)
        out += XMLText.element("PFWH", number) + XMLText.element("PFWJBT", title) + XMLText.element("PFRQ", date)
        out += XMLText.element("PFWJYXQX", validUntil.isEmpty ? "9999-01-01" : validUntil)
        if !files.isEmpty {
            out += "<FJLB>" + files.map { "<FJ>" + XMLText.element("FJMC", $0.name) + XMLText.element("SHA256", $0.sha256) + "</FJ>" }.joined() + "</FJLB>"
        }
        return out
    }

    @Test func projectPayloadBytesAreThoseOfTheConcatenation() {
        for (i, t) in Self.texts.enumerated() {
            let other = Self.texts[(i + 3) % Self.texts.count]
            let units = (0..<(i % 4)).map { Unit(name: t + String($0), code: other) }
            let p = ProjectRecord(xmdm: "2021-360111-48-01-00000\(i)", xmmc: t, lxlx: other, tzptlx: "99", gbhy: "4710", xzqhdm: t,
                                  jsdd: other, ztze: t, jsgmjnr: t, nkgsj: other, njcsj: t, lxsj: "", units: units)
            for splclx in [nil, 0, 3, -12, 1_000_000_000_007] as [Int?] {
                for name in [nil, other] as [String?] {
                    #expect(Payloads.project(p, gcdm: t, name: name, splclx: splclx)
                            == Self.referenceProject(p, gcdm: t, name: name, splclx: splclx), "\(t)")
                }
            }
        }
    }

    @Test func handlingAndDocumentPayloadBytesAreThoseOfTheConcatenation() {
        for (i, t) in Self.texts.enumerated() {
            let other = Self.texts[(i + 5) % Self.texts.count]
            for (promised, used, overdue) in [(nil, nil, nil), (5, 4, false), (0, -1, true), (Int.max, Int.min, true)] as [(Int?, Int?, Bool?)] {
                #expect(Payloads.handling(xmdm: t, gcdm: other, sxbm: t, stage: i - 3, blzt: 11, acceptedAt: other, finishedAt: t,
                                          promisedDays: promised, workingDaysUsed: used, overdue: overdue, handler: other)
                        == Self.referenceHandling(xmdm: t, gcdm: other, sxbm: t, stage: i - 3, blzt: 11, acceptedAt: other, finishedAt: t,
                                                  promisedDays: promised, workingDaysUsed: used, overdue: overdue, handler: other))
            }
            for files in [[], [(name: t, sha256: other)], [(name: "a.pdf", sha256: t), (name: other, sha256: "")]] as [[(name: String, sha256: String)]] {
                for validUntil in ["", other] {
                    #expect(Payloads.document(xmdm: t, gcdm: t, sxbm: other, number: t, title: other, date: t, validUntil: validUntil, files: files)
                            == Self.referenceDocument(xmdm: t, gcdm: t, sxbm: other, number: t, title: other, date: t,
                                                      validUntil: validUntil, files: files))
                }
            }
        }
    }

    @Test func xmlBytesIntegersAndEscapesMatchTheirStringForms() {
        for value in [0, 1, 9, 10, -1, -10, 123_456_789, Int.max, Int.min] {
            var out = XMLBytes()
            out.int(value)
            #expect(out.string == String(value))
        }
        for t in Self.texts {
            var out = XMLBytes()
            out.escaped(t)
            #expect(out.string == XMLText.escape(t), "\(Array(t.utf8))")
        }
    }
}
