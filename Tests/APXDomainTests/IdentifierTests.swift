import APXCore
import Testing
import TestSupport
@testable import APXDomain

@Suite struct IdentifierTests {
    @Test func usccWorkedExampleOfTheSpecIsValid() {
        #expect(Identifiers.isValidUSCC("91110000600037341L"))
        #expect(Identifiers.usccCheckCharacter("91110000600037341") == "L")
    }

    @Test func usccWithAWrongCheckCharacterOrBadOrganisationCodeIsInvalid() {
        #expect(!Identifiers.isValidUSCC("91110000600037341M"))
        #expect(!Identifiers.isValidUSCC("91110000600037341"))
        let good = Fixture.uscc(body: "MA35AB01")
        #expect(Identifiers.isValidUSCC(good))
        #expect(!Identifiers.isValidUSCC(Fixture.badUSCC(good)))
        // Positions 9–17 with a wrong organisation check character, outer check recomputed.
        let first17 = "91360100MA35AB012"
        let forged = first17 + String(Identifiers.usccCheckCharacter(first17)!)
        #expect(Identifiers.organisationCheckCharacter("MA35AB01") != "2")
        #expect(!Identifiers.isValidUSCC(forged))
    }

    @Test func organisationCodeExamples() {
        #expect(Identifiers.isValidOrganisationCode("60003734-1"))
        #expect(Identifiers.isValidOrganisationCode("D2143569-X"))
        #expect(Identifiers.isValidOrganisationCode("D2143569X"))
        #expect(!Identifiers.isValidOrganisationCode("60003734-2"))
    }

    @Test func organisationCodeDenotesTheSameUnitAsItsUSCC() {
        #expect(Identifiers.sameUnit("91110000600037341L", "600037341"))
        #expect(!Identifiers.sameUnit("91110000600037341L", "D2143569X"))
    }

    @Test func xmdmShapeAndProvince() {
        #expect(Identifiers.isValidXMDM("2019-360102-47-03-012345"))
        #expect(!Identifiers.isValidXMDM("2019-990102-47-03-012345"))
        #expect(!Identifiers.isValidXMDM("2019-360102-47-03-01234"))
        #expect(!Identifiers.isValidXMDM("2019-360102-47-03-01234A"))
    }

    @Test func fullWidthXMDMNormalisesBeforeValidation() {
        let code = Normalize.code(" ２０１９－３６０１０２－47-03-012345\u{3000}")
        #expect(code == "2019-360102-47-03-012345")
        #expect(Identifiers.isValidXMDM(code))
    }

    @Test func gcdmThreeDigitSerialMeansFourDigit() {
        #expect(Identifiers.canonicalGCDM("2019-360102-47-03-012345-001") == "2019-360102-47-03-012345-0001")
        #expect(Identifiers.canonicalGCDM("2019-360102-47-03-012345-0012") == "2019-360102-47-03-012345-0012")
        #expect(Identifiers.canonicalGCDM("2019-360102-47-03-012345") == "2019-360102-47-03-012345")
        #expect(Identifiers.canonicalGCDM("2019-360102-47-03-012345-0000") == nil)
        #expect(Identifiers.canonicalGCDM("2019-360102-47-03-012345-12345") == nil)
    }

    @Test func regionCodes() {
        #expect(Identifiers.isValidRegion("360111"))
        #expect(Identifiers.isValidRegion("110105"))
        #expect(!Identifiers.isValidRegion("361211"))
        #expect(!Identifiers.isValidRegion("990000"))
        #expect(!Identifiers.isValidRegion("36011"))
        #expect(Identifiers.city(of: "360111") == "360100")
    }

    @Test func permitNumbers() {
        #expect(Identifiers.isValidPermitNumber("360111202611200101"))
        #expect(!Identifiers.isValidPermitNumber("360111202602300101"))
        #expect(!Identifiers.isValidPermitNumber("990111202611200101"))
        #expect(!Identifiers.isValidPermitNumber("360111202611200100"))
    }
}

@Suite struct ValueTests {
    @Test func theFourDateForms() {
        #expect(Values.date("2026-03-01")?.iso == "2026-03-01")
        #expect(Values.date("2026/3/1")?.iso == "2026-03-01")
        #expect(Values.date("20260301")?.iso == "2026-03-01")
        #expect(Values.date("2026年3月1日")?.iso == "2026-03-01")
        #expect(Values.date("２０２６年３月１日")?.iso == "2026-03-01")
    }

    @Test func impossibleOrOtherDatesAreInvalid() {
        #expect(Values.date("2026-02-30") == nil)
        #expect(Values.date("2026-3-1") == nil)
        #expect(Values.date("01/03/2026") == nil)
        #expect(Values.date("2026年2月30日") == nil)
    }

    @Test func amountsDropSeparatorsAndKeepCents() {
        #expect(Values.amountCents("12,345.60") == 1_234_560)
        #expect(Values.amountCents("35000") == 3_500_000)
        #expect(Values.amountCents("３５０００．５") == 3_500_050)
        #expect(Values.amountCents("-1") == nil)
        #expect(Values.amountCents("1.2.3") == nil)
        #expect(Values.amountCents("abc") == nil)
        #expect(Values.formatCents(1_234_560) == "12345.60")
    }

    @Test func timestamps() {
        #expect(Values.timestamp("2026-11-20T10:00:00+08:00") == "2026-11-20T10:00:00+08:00")
        #expect(Values.timestamp("2026-11-20 10:00") == "2026-11-20T10:00:00+08:00")
        #expect(Values.timestamp("2026-11-20") == "2026-11-20T00:00:00+08:00")
        #expect(Values.timestamp("2026-11-20T25:00:00") == nil)
    }

    /// spec 02: older systems write dates as `yyyy/M/d`, `yyyyMMdd`, `yyyy年M月d日`; a
    /// timestamp (dtjg SGXK SLSJ) carries the same date forms followed by the time.
    @Test func timestampsWithTheOlderDateForms() {
        #expect(Values.timestamp("2026/11/10 9:30") == "2026-11-10T09:30:00+08:00")
        #expect(Values.timestamp("2026年11月10日 09:30:15") == "2026-11-10T09:30:15+08:00")
        #expect(Values.timestamp("20261110 16:05") == "2026-11-10T16:05:00+08:00")
        #expect(Values.timestamp("2026-11-10 9:30") == "2026-11-10T09:30:00+08:00")
        #expect(Values.timestamp("２０２６／１１／１０　９：３０") == "2026-11-10T09:30:00+08:00")
        #expect(Values.timestamp("2026/11/10 24:00") == nil)
        #expect(Values.timestamp("2026/2/30 09:00") == nil)
        #expect(Values.timestamp("2026/11/10 9:3") == nil)
    }

    @Test func namesCompareAfterNFKCWhiteSpaceAndBrackets() {
        #expect(Normalize.comparable("青山湖区（一期） 项目") == Normalize.comparable("青山湖区【一期】项目"))
        #expect(Normalize.comparable("Ａ 项目") == "A项目")
        #expect(similarity("赣江大桥", "赣江大桥") == 1)
        #expect(similarity("赣江大桥", "赣江大桥二期") > 0.5)
        #expect(similarity("赣江大桥", "抚河公园") == 0)
    }
}

@Suite struct ValidationTests {
    let lead = Fixture.uscc(body: "MA35AB01")

    func record(_ fields: [String: String], units: [(String, String)]? = nil) -> APXDomain.SourceRecord {
        var base = ["XMDM": "2019-360102-47-03-012345", "XMMC": "项目", "LXLX": "3", "TZPTLX": "99", "XZQHDM": "360111",
                    "ZTZE": "100", "LXSJ": "2019-10-12"]
        for (k, v) in fields { base[k] = v }
        let u = (units ?? [("建设单位", lead)]).map { APXDomain.Unit(name: $0.0, code: $0.1) }
        return APXDomain.SourceRecord(number: 1, line: 2, fields: base, units: u)
    }

    func codes(_ r: APXDomain.SourceRecord) -> [ReasonCode] {
        if case .failure(let list) = Validate.project(r) { return list.rejects.map(\.code) }
        return []
    }

    @Test func aValidRecordPasses() throws {
        let p = try Validate.project(record([:])).get()
        #expect(p.ztze == "100.00")
        #expect(p.units.first?.code == lead)
    }

    @Test func eachRecordReasonCode() {
        #expect(codes(record(["XMDM": "2019-BAD"])) == [.xmdmInvalid])
        #expect(codes(record([:], units: [("单位", Fixture.badUSCC(lead))])) == [.usccInvalid])
        #expect(codes(record(["XZQHDM": "990000"])) == [.regionInvalid])
        #expect(codes(record(["LXSJ": "2026-02-30"])) == [.dateInvalid])
        #expect(codes(record(["ZTZE": "-5"])) == [.amountInvalid])
        #expect(codes(record(["XMMC": "  "])) == [.fieldMissing])
        #expect(codes(record(["XMMC": String(repeating: "长", count: 201)])) == [.fieldTooLong])
        #expect(codes(record(["LXLX": "7"])) == [.codeInvalid])
        #expect(codes(record(["NKGSJ": "2028-01-01", "NJCSJ": "2027-01-01"])) == [.dateInvalid])
        #expect(codes(record([:], units: [])) == [.fieldMissing])
    }
}

import APXDecode
