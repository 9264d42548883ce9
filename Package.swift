// swift-tools-version: 6.0
// apx — batch data-exchange pipeline of the construction-project approval system.
// No package dependencies: Foundation, Dispatch, XCTest/Swift Testing and the
// system libraries libxml2, SQLite and zlib only.
import PackageDescription

let package = Package(
    name: "apx",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "apx", targets: ["apx"]),
    ],
    targets: [
        // C libraries, each behind a module map and a shim.
        .systemLibrary(name: "CSQLite", providers: [.apt(["libsqlite3-dev"])]),
        .systemLibrary(name: "CLibXML2", pkgConfig: "libxml-2.0", providers: [.apt(["libxml2-dev"])]),
        .systemLibrary(name: "CZlib", providers: [.apt(["zlib1g-dev"])]),

        // Wrappers: the only modules that see C types.
        .target(name: "SQLiteDB", dependencies: ["CSQLite"]),
        .target(name: "XMLStream", dependencies: ["CLibXML2"]),
        .target(name: "Flate", dependencies: ["CZlib"]),
        // Our own C: SHA-256 by the CPU's SHA instructions (APXCore falls back to Swift).
        // (DWARF 4: valgrind 3.19, our profiler, cannot read clang's default DWARF 5.)
        .target(name: "CSHA256", cSettings: [.unsafeFlags(["-gdwarf-4"])]),

        // The data path: drop folder → decode → validate/normalise → match → store → outbox → report.
        .target(name: "APXCore", dependencies: ["CSHA256"]),
        .target(name: "APXDrop", dependencies: ["APXCore"]),
        .target(name: "APXDecode", dependencies: ["APXCore", "APXDomain", "XMLStream", "Flate"]),
        .target(name: "APXDomain", dependencies: ["APXCore"]),
        .target(name: "APXStore", dependencies: ["APXCore", "APXDomain", "SQLiteDB"]),
        .target(name: "APXOutbox", dependencies: ["APXCore", "APXDomain", "APXStore", "Flate"]),
        .target(name: "APXMatch", dependencies: ["APXCore", "APXDomain", "APXStore"]),
        .target(name: "APXPipeline", dependencies: [
            "APXCore", "APXDrop", "APXDecode", "APXDomain", "APXStore", "APXMatch", "APXOutbox",
        ]),
        .target(name: "APXCommands", dependencies: [
            "APXCore", "APXDrop", "APXPipeline", "APXStore", "APXMatch", "APXDomain", "APXOutbox",
        ]),
        .executableTarget(name: "apx", dependencies: ["APXCommands", "APXCore"]),
        // Measures a night of N records through the `apx` binary (not built by `swift test`).
        .executableTarget(name: "apx-bench", dependencies: ["XMLStream", "SQLiteDB"]),

        // libFuzzer entry points (.ci/fuzz); built normally they replay a corpus.
        .target(name: "FuzzSupport"),
        .executableTarget(name: "FuzzXML", dependencies: ["FuzzSupport", "XMLStream", "APXDecode"]),
        .executableTarget(name: "FuzzCSV", dependencies: ["FuzzSupport", "APXDecode", "APXDomain"]),
        .executableTarget(name: "FuzzPDF", dependencies: ["FuzzSupport", "APXDecode"]),

        // Fixture writers (PDF) shared by the tests and `apx-samples`, never linked into apx.
        .target(name: "APXFixtures", dependencies: ["Flate"]),
        .executableTarget(name: "apx-samples", dependencies: ["APXFixtures"]),

        // Tests mirror the modules; TestSupport builds real fixtures.
        .target(name: "TestSupport", dependencies: ["APXCore", "APXDomain", "APXFixtures"], path: "Tests/TestSupport"),
        .testTarget(name: "SQLiteDBTests", dependencies: ["SQLiteDB"]),
        .testTarget(name: "XMLStreamTests", dependencies: ["XMLStream"]),
        .testTarget(name: "FlateTests", dependencies: ["Flate"]),
        .testTarget(name: "APXCoreTests", dependencies: ["APXCore"]),
        .testTarget(name: "APXDecodeTests", dependencies: ["APXDecode", "APXCore", "APXDomain", "APXFixtures", "Flate", "TestSupport", "XMLStream"]),
        .testTarget(name: "APXDomainTests", dependencies: ["APXDomain", "APXDecode", "APXCore", "TestSupport"]),
        .testTarget(name: "APXDropTests", dependencies: ["APXDrop", "APXCore", "TestSupport"]),
        .testTarget(name: "APXPipelineTests", dependencies: ["APXPipeline", "APXDrop", "APXCore", "TestSupport",
                                                      "APXStore", "APXDomain",
                                                      "APXDecode"]),
        .testTarget(name: "APXMatchTests", dependencies: ["APXMatch", "APXStore", "APXDomain", "APXCore", "TestSupport",
                                                   "APXOutbox"]),
        .testTarget(name: "APXStoreTests", dependencies: ["APXStore", "APXDomain", "APXCore", "TestSupport", "SQLiteDB"]),
        .testTarget(name: "APXOutboxTests", dependencies: ["APXOutbox", "APXStore", "APXDomain", "APXCore", "TestSupport"]),
        .testTarget(name: "EndToEndTests", dependencies: ["apx", "APXCore", "TestSupport", "SQLiteDB", "XMLStream", "APXFixtures", "Flate"]),
    ]
)
