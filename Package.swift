// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "FusionBoard",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "fusionboard", targets: ["fusionboard"]),
        .library(name: "FusionBoardCore", targets: ["FusionBoardCore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
    ],
    targets: [
        // C libraries from Debian -dev packages, exposed to Swift as Clang modules.
        .systemLibrary(name: "CCmark", pkgConfig: "libcmark", providers: [.apt(["libcmark-dev"])]),
        .systemLibrary(name: "CSQLite", pkgConfig: "sqlite3", providers: [.apt(["libsqlite3-dev"])]),
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        // The git commit stamped into the binary by the Makefile (falls back to "unknown").
        .target(name: "CBuildInfo"),

        // The library: one folder per stage of the data flow.
        .target(
            name: "FusionBoardCore",
            dependencies: [
                "CCmark", "CSQLite", "CZlib", "CBuildInfo",
                .product(name: "Mustache", package: "swift-mustache"),
            ]
        ),
        // The command-line tool: argument parsing and printing only.
        .executableTarget(
            name: "fusionboard",
            dependencies: [
                "FusionBoardCore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(
            name: "FusionBoardTests",
            // Depending on the executable makes `swift test` build it for the end-to-end tests.
            dependencies: ["FusionBoardCore", "fusionboard"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
