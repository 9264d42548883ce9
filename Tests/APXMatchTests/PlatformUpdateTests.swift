import APXCore
import Foundation
import Testing
import TestSupport
@testable import APXDomain
@testable import APXMatch
@testable import APXStore

@Suite struct KeyInformationTests {
    let base = ProjectRecord(xmdm: "2019-360102-47-03-012345", xmmc: "青山湖区（一期）项目", lxlx: "3", tzptlx: "99", gbhy: "",
                             xzqhdm: "360111", jsdd: "", ztze: "100.00", jsgmjnr: "", nkgsj: "", njcsj: "", lxsj: "2019-10-12",
                             units: [Unit(name: "甲", code: "A")])

    @Test func bracketAndSpaceVariantsAreTheSameName() {
        var other = base
        other.xmmc = "青山湖区【一期】 项目"
        #expect(PlatformUpdates.keyDifferences(approved: base, platform: other).isEmpty)
    }

    @Test func eachKeyFieldIsListedWithBothValues() {
        var other = base
        other.xmmc = "另一个项目"; other.xzqhdm = "360112"; other.ztze = "100.01"
        other.units = [Unit(name: "乙", code: "B"), Unit(name: "甲", code: "A")]
        let d = PlatformUpdates.keyDifferences(approved: base, platform: other)
        #expect(d.map(\.field) == ["XMMC", "XZQHDM", "ZTZE", "JSDW"])
        #expect(d[2].ours == "100.00" && d[2].theirs == "100.01")
    }

    @Test func nonKeyChangesAreNotKeyDifferences() {
        var other = base
        other.jsdd = "新地址"; other.nkgsj = "2027-01-01"
        #expect(PlatformUpdates.keyDifferences(approved: base, platform: other).isEmpty)
    }
}
