// swift-tools-version:6.1
import PackageDescription

// Layers look down only (README, "Repository layout"): TrialCore and TrialStats use Foundation alone, so
// rule-heavy work builds and tests without the server stack.
let package = Package(
    name: "TrialDesk",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "trialdesk", targets: ["trialdesk"]),
        .library(name: "TrialCore", targets: ["TrialCore"]),
        .library(name: "TrialStats", targets: ["TrialStats"]),
    ],
    dependencies: [
        .package(url: "https://github.com/vapor/vapor.git", from: "4.122.3"),
        .package(url: "https://github.com/vapor/fluent.git", from: "4.13.0"),
        .package(url: "https://github.com/vapor/fluent-kit.git", from: "1.57.0"),
        .package(url: "https://github.com/vapor/fluent-sqlite-driver.git", from: "4.9.0"),
        .package(url: "https://github.com/vapor/fluent-postgres-driver.git", from: "2.14.0"),
        .package(url: "https://github.com/vapor/leaf.git", from: "4.5.2"),
        .package(url: "https://github.com/vapor/leaf-kit.git", from: "1.14.3"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/x-sheep/swift-property-based.git", from: "2.0.1"),
        .package(url: "https://github.com/weichsel/ZIPFoundation.git", from: "0.9.20"),
    ],
    targets: [
        // The trial's rules: pure values and functions, no I/O.
        .target(
            name: "TrialCore",
            resources: [.process("Resources")]
        ),
        // Survival and classical statistics on plain arrays, no I/O.
        .target(
            name: "TrialStats"
        ),
        // Reads study definition files (YAML) into TrialCore's StudyDefinition, with line numbers.
        .target(
            name: "TrialStudyFile",
            dependencies: ["TrialCore", .product(name: "Yams", package: "Yams")],
            resources: [.copy("Resources/default-study.yaml"), .copy("Resources/default-study-1.1.yaml")]
        ),
        .target(
            name: "TrialStore",
            dependencies: [
                "TrialCore", "TrialStudyFile",
                .product(name: "FluentKit", package: "fluent-kit"),
                .product(name: "FluentSQL", package: "fluent-kit"),
                .product(name: "FluentSQLiteDriver", package: "fluent-sqlite-driver"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "FluentPostgresDriver", package: "fluent-postgres-driver"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                // Backups are one zip archive (manifest.json plus a JSON-lines file per table).
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ]
        ),
        .target(
            name: "TrialReports",
            dependencies: ["TrialCore", "TrialStats"]
        ),
        .target(
            name: "TrialServer",
            dependencies: [
                "TrialCore", "TrialStats", "TrialStore", "TrialReports", "TrialStudyFile", "TrialStoredAnalysis",
                .product(name: "Vapor", package: "vapor"),
                .product(name: "Leaf", package: "leaf"),
                .product(name: "LeafKit", package: "leaf-kit"),
                .product(name: "Fluent", package: "fluent"),
            ],
            resources: [.copy("Resources/Views"), .copy("Resources/Public"), .copy("Resources/Localization")]
        ),
        // Reads the store into the analysis input, so that `trialdesk analyze` and the report page share it
        // without the command reaching into the web target.
        .target(
            name: "TrialStoredAnalysis",
            dependencies: [
                "TrialCore", "TrialStore", "TrialReports",
                .product(name: "FluentKit", package: "fluent-kit"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        // Test-only code, kept out of the production targets: the one study the tests build in code, the
        // programs tests run (checkers, the binary), and a database that exists for one test.
        .target(
            name: "TrialTestFixtures",
            dependencies: ["TrialCore"],
            path: "Tests/Support/TrialTestFixtures"
        ),
        .target(
            name: "TrialStoreTesting",
            dependencies: [
                "TrialStore",
                .product(name: "FluentKit", package: "fluent-kit"),
                .product(name: "FluentSQL", package: "fluent-kit"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Tests/Support/TrialStoreTesting"
        ),
        .executableTarget(
            name: "trialdesk",
            dependencies: [
                "TrialCore", "TrialStats", "TrialStudyFile", "TrialStore", "TrialReports", "TrialStoredAnalysis", "TrialServer",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Vapor", package: "vapor"),
            ]
        ),
        .testTarget(
            name: "TrialCoreTests",
            dependencies: ["TrialCore", "TrialTestFixtures", .product(name: "PropertyBased", package: "swift-property-based")],
            // Golden allocation lists and the independent script that wrote them; tests read them by path.
            exclude: ["Randomization/Golden"]
        ),
        .testTarget(
            name: "TrialStatsTests",
            dependencies: ["TrialStats", .product(name: "PropertyBased", package: "swift-property-based")]
        ),
        .testTarget(
            name: "TrialStudyFileTests",
            dependencies: ["TrialStudyFile", "TrialCore"]
        ),
        .testTarget(
            name: "TrialStoreTests",
            dependencies: [
                "TrialStore", "TrialCore", "TrialStudyFile", "TrialStoreTesting", "TrialTestFixtures",
                .product(name: "FluentKit", package: "fluent-kit"),
                .product(name: "FluentSQL", package: "fluent-kit"),
            ]
        ),
        .testTarget(
            name: "TrialReportsTests",
            dependencies: ["TrialReports", "TrialCore", "TrialStats", "TrialTestFixtures"]
        ),
        .testTarget(
            name: "TrialServerTests",
            dependencies: [
                "TrialServer", "TrialStore", "TrialCore", "TrialStoreTesting", "TrialTestFixtures",
                .product(name: "VaporTesting", package: "vapor"),
                .product(name: "Fluent", package: "fluent"),
                .product(name: "LeafKit", package: "leaf-kit"),
                .product(name: "PropertyBased", package: "swift-property-based"),
            ]
        ),
        // Runs the built `trialdesk` binary as a user would: exit codes, JSON output, first start.
        .testTarget(
            name: "TrialDeskCLITests",
            dependencies: ["trialdesk", "TrialStore", "TrialCore", "TrialStoreTesting", "TrialTestFixtures", .product(name: "Crypto", package: "swift-crypto")]
        ),
    ]
)
