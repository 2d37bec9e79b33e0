// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "Circula",
    platforms: [.macOS(.v14)],
    products: [
        .library(name: "CirculaCore", targets: ["CirculaCore"]),
        .library(name: "CirculaLedger", targets: ["CirculaLedger"]),
        .executable(name: "circula", targets: ["circula"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", exact: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", exact: "6.2.2"),
        .package(url: "https://github.com/groue/GRDB.swift", exact: "7.10.0"),
        .package(url: "https://github.com/vapor/postgres-nio", exact: "1.33.2"),
        .package(url: "https://github.com/apple/swift-crypto", exact: "3.12.3"),
    ],
    targets: [
        .target(
            name: "CirculaCore",
            dependencies: [.product(name: "Yams", package: "Yams")],
            resources: [.copy("Resources")]
        ),
        .target(
            name: "CirculaLedger",
            dependencies: [
                "CirculaCore",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            resources: [.copy("Resources")]
        ),
        .executableTarget(
            name: "circula",
            dependencies: [
                "CirculaCore",
                "CirculaLedger",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(
            name: "circula-bench-ledger",
            dependencies: [
                "CirculaLedger",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
            ]
        ),
        .testTarget(name: "CirculaCoreTests", dependencies: ["CirculaCore"]),
        .testTarget(
            name: "CirculaLedgerTests",
            dependencies: [
                "CirculaLedger", "CirculaCore",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
            ]
        ),
    ]
)
