// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "Circula",
    platforms: [.macOS(.v14)],
    products: [
        .library(name: "CirculaCore", targets: ["CirculaCore"]),
        .library(name: "CirculaBalance", targets: ["CirculaBalance"]),
        .executable(name: "circula", targets: ["circula"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", exact: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", exact: "6.2.2"),
    ],
    targets: [
        .target(
            name: "CirculaCore",
            dependencies: [.product(name: "Yams", package: "Yams")],
            resources: [.copy("Resources")]
        ),
        .systemLibrary(name: "CLapacke", pkgConfig: "lapacke", providers: [.apt(["liblapacke-dev", "libopenblas-dev"])]),
        .systemLibrary(name: "CBlas", providers: [.apt(["libopenblas-dev"])]),
        .systemLibrary(name: "CUmfpack", providers: [.apt(["libsuitesparse-dev"])]),
        .systemLibrary(name: "CCholmod", providers: [.apt(["libsuitesparse-dev"])]),
        .target(name: "CirculaBalance", dependencies: ["CirculaCore", "CLapacke", "CBlas", "CUmfpack", "CCholmod"], resources: [.copy("Resources")]),
        .executableTarget(
            name: "circula",
            dependencies: [
                "CirculaCore",
                "CirculaBalance",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(name: "CirculaCoreTests", dependencies: ["CirculaCore"]),
        .executableTarget(name: "circula-bench-balance", dependencies: ["CirculaBalance"], path: "Sources/circula-bench-balance"),
        .testTarget(name: "CirculaBalanceTests", dependencies: ["CirculaBalance", "CirculaCore"]),
    ]
)
