// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "Circula",
    platforms: [.macOS(.v14)],
    products: [
        .library(name: "CirculaCore", targets: ["CirculaCore"]),
        .library(name: "CirculaBalance", targets: ["CirculaBalance"]),
        .library(name: "CirculaLedger", targets: ["CirculaLedger"]),
        .library(name: "CirculaPlan", targets: ["CirculaPlan"]),
        .executable(name: "circula", targets: ["circula"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", exact: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", exact: "6.2.2"),
        .package(url: "https://github.com/groue/GRDB.swift", exact: "7.10.0"),
        .package(url: "https://github.com/vapor/postgres-nio", exact: "1.33.2"),
        .package(url: "https://github.com/apple/swift-crypto", exact: "3.12.3"),
        // HTTP server (circula serve): Hummingbird 2, templates, logs, graceful shutdown.
        .package(url: "https://github.com/hummingbird-project/hummingbird", exact: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", exact: "2.1.1"),
        .package(url: "https://github.com/apple/swift-log", exact: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", exact: "2.13.0"),
        .package(url: "https://github.com/x-sheep/swift-property-based", exact: "2.0.1"),
    ],
    targets: [
        .target(
            name: "CirculaCore",
            dependencies: [.product(name: "Yams", package: "Yams")],
            resources: [.copy("Resources")]
        ),
        // System libraries: module.modulemap + shim.h only.
        .systemLibrary(name: "CLapacke", pkgConfig: "lapacke", providers: [.apt(["liblapacke-dev", "libopenblas-dev"])]),
        .systemLibrary(name: "CBlas", providers: [.apt(["libopenblas-dev"])]),
        .systemLibrary(name: "CUmfpack", providers: [.apt(["libsuitesparse-dev"])]),
        .systemLibrary(name: "CCholmod", providers: [.apt(["libsuitesparse-dev"])]),
        .systemLibrary(name: "CGLPK", providers: [.apt(["libglpk-dev"])]),
        .target(
            name: "CirculaBalance",
            dependencies: ["CirculaCore", "CLapacke", "CBlas", "CUmfpack", "CCholmod"],
            resources: [.copy("Resources")]
        ),
        .target(
            name: "CirculaLedger",
            dependencies: [
                "CirculaCore",
                .product(name: "GRDB", package: "GRDB.swift"),
                // SQLite's C API, for the append's hot statements (`SQLiteStore+Direct.swift`).
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            resources: [.copy("Resources")]
        ),
        .target(
            name: "CirculaPlan",
            dependencies: ["CirculaCore", "CirculaBalance", "CGLPK"],
            resources: [.copy("Resources")]
        ),
        // The use cases (import lots, balance a period, credits from a balance, ...), one function each, over the four
        // libraries: the CLI and the HTTP server call these and nothing else.
        .target(
            name: "CirculaWorkspace",
            dependencies: ["CirculaCore", "CirculaBalance", "CirculaLedger", "CirculaPlan"]
        ),
        .executableTarget(
            name: "circula",
            dependencies: [
                "CirculaCore",
                "CirculaBalance",
                "CirculaLedger",
                "CirculaPlan",
                "CirculaWorkspace",
                "CirculaServer",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // HTTP API, dashboard and customer portal over the same libraries as the CLI; users, tokens, sessions.
        .target(
            name: "CirculaServer",
            dependencies: [
                "CirculaCore", "CirculaBalance", "CirculaLedger", "CirculaPlan", "CirculaWorkspace",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
            ],
            resources: [.copy("Resources")]
        ),
        // Benchmarks (bench/*/run.sh drive them against their peers).
        .executableTarget(name: "circula-bench-balance", dependencies: ["CirculaBalance"], path: "Sources/circula-bench-balance"),
        .executableTarget(
            name: "circula-bench-ledger",
            dependencies: [
                "CirculaLedger",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
            ]
        ),
        .executableTarget(name: "circula-bench-plan", dependencies: ["CirculaPlan"]),
        // The one subprocess runner of the `circula` binary and the shared fixtures, for every test target that runs it.
        .target(name: "CirculaTestSupport", path: "Tests/CirculaTestSupport"),
        .testTarget(name: "CirculaCoreTests", dependencies: ["CirculaCore"]),
        // Test targets that run the binary depend on "circula", so a plain `swift test` builds it first.
        .testTarget(name: "CirculaBalanceTests", dependencies: ["CirculaBalance", "CirculaCore", "CirculaTestSupport", "circula"]),
        .testTarget(
            name: "CirculaLedgerTests",
            dependencies: [
                "CirculaLedger", "CirculaCore", "CirculaTestSupport", "circula",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "PropertyBased", package: "swift-property-based"),
            ]
        ),
        .testTarget(name: "CirculaWorkspaceTests", dependencies: ["CirculaWorkspace", "CirculaCore", "CirculaLedger", "CirculaBalance", "CirculaPlan"]),
        .testTarget(name: "CirculaPlanTests", dependencies: ["CirculaPlan", "CirculaCore"], resources: [.copy("Fixtures")]),
        // Runs the built `circula` binary as a subprocess; the dependency makes sure it is built first.
        .testTarget(name: "CLITests", dependencies: ["circula", "CirculaTestSupport"]),
        // Real HTTP on 127.0.0.1 against `circula serve` processes (and headless chromium for the pages).
        .testTarget(name: "CirculaServerTests", dependencies: ["CirculaServer", "CirculaLedger", "CirculaCore", "circula"]),
    ]
)
