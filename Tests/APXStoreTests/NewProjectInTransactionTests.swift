import APXCore
import APXDomain
import Testing
@testable import APXStore

/// A project created in the open transaction has no data and no units yet, so storing its
/// first data skips the read of platform data and the delete of old units; anything stored
/// after that (again, or the other kind) replaces as before.
@Suite struct NewProjectInTransactionTests {
    static let xmdm = ProjectAndRequestRepositoryTests.xmdm
    static func record(_ xmmc: String, _ units: [Unit]) -> ProjectRecord {
        ProjectAndRequestRepositoryTests.record(xmmc: xmmc, units: units)
    }

    @Test func dataSavedRepeatedlyAfterCreationInOneTransactionKeepsOnlyTheLastUnits() throws {
        let t = try TempStore()
        let a = [Unit(name: "甲公司", code: "A1"), Unit(name: "乙公司", code: "B2")]
        let b = [Unit(name: "丙公司", code: "C3")]
        try t.store.transaction {
            #expect(try t.store.ensureProject(Self.xmdm, state: ProjectState.platformOnly))
            #expect(try t.store.platformData(Self.xmdm) == nil)
            try t.store.saveProjectData(Self.record("一", a), kind: .approved)
            try t.store.saveProjectData(Self.record("二", b), kind: .approved)
            try t.store.saveProjectData(Self.record("三", a), kind: .platform, extractKey: "20261120_01")
            try t.store.saveProjectData(Self.record("四", b), kind: .platform, extractKey: "20261120_02")
            #expect(try t.store.platformData(Self.xmdm)?.record == Self.record("四", b))
        }
        let s = try t.reopened()
        #expect(try s.projectData(Self.xmdm, kind: .platform) == Self.record("四", b))
        #expect(try s.projectData(Self.xmdm, kind: .approved) == Self.record("二", b))
        #expect(try s.platformData(Self.xmdm)?.extractKey == "20261120_02")
    }

    @Test func aProjectKnownBeforeTheTransactionIsReadAndReplacedAsBefore() throws {
        let t = try TempStore()
        try t.store.ensureProject(Self.xmdm, state: ProjectState.platformOnly)
        try t.store.saveProjectData(Self.record("旧", [Unit(name: "甲公司", code: "A1")]), kind: .platform, extractKey: "20261119_01")
        try t.store.transaction {
            #expect(try !t.store.ensureProject(Self.xmdm, state: ProjectState.platformOnly))
            #expect(try t.store.platformData(Self.xmdm)?.extractKey == "20261119_01")
            try t.store.saveProjectData(Self.record("新", [Unit(name: "乙公司", code: "B2")]), kind: .platform, extractKey: "20261120_01")
        }
        #expect(try t.reopened().projectData(Self.xmdm, kind: .platform)?.units == [Unit(name: "乙公司", code: "B2")])
    }

    @Test func aCreationRolledBackLeavesNothingAndTheNextTransactionCreatesAgain() throws {
        struct Boom: Error {}
        let t = try TempStore()
        #expect(throws: Boom.self) {
            try t.store.transaction {
                try t.store.ensureProject(Self.xmdm, state: ProjectState.platformOnly)
                try t.store.saveProjectData(Self.record("一", [Unit(name: "甲公司", code: "A1")]), kind: .platform)
                throw Boom()
            }
        }
        try t.store.transaction {
            #expect(try t.store.ensureProject(Self.xmdm, state: ProjectState.platformOnly))
            try t.store.saveProjectData(Self.record("二", [Unit(name: "乙公司", code: "B2")]), kind: .platform)
        }
        #expect(try t.reopened().projectData(Self.xmdm, kind: .platform) == Self.record("二", [Unit(name: "乙公司", code: "B2")]))
    }
}
