// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "FieldSync",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "fieldsync", targets: ["fieldsync"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
    ],
    targets: [
        // The model, version vectors, merge and wire types: depends on nothing of ours.
        .target(name: "FieldSyncShared", path: "Shared"),
        // libcurl's easy interface with typed wrappers over its variadic setopt/getinfo.
        .target(
            name: "CCurl", path: "Sources/CCurl",
            linkerSettings: [.linkedLibrary("curl")]),
        // The technician's local replica, its CLI commands and the sync client.
        .target(
            name: "FieldSyncAgent",
            dependencies: [
                "FieldSyncShared", "CCurl",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Agent"),
        .executableTarget(
            name: "fieldsync", dependencies: ["FieldSyncAgent"], path: "Sources/fieldsync"),
        .target(
            name: "FieldSyncTestSupport", dependencies: ["FieldSyncShared"], path: "Tests/FieldSyncTestSupport"),
        .testTarget(
            name: "SharedTests", dependencies: ["FieldSyncShared", "FieldSyncTestSupport"], path: "Tests/SharedTests"),
        .testTarget(
            name: "AgentTests",
            dependencies: [
                "FieldSyncAgent", "FieldSyncShared", "FieldSyncTestSupport",
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            path: "Tests/AgentTests"),
        .testTarget(
            name: "EndToEndTests",
            dependencies: ["FieldSyncShared", "FieldSyncTestSupport"],
            path: "Tests/EndToEndTests"),
    ]
)

// Swift 6 language mode everywhere, with the upcoming features the style guide asks for.
for target in package.targets {
    var settings = target.swiftSettings ?? []
    settings.append(.enableUpcomingFeature("ExistentialAny"))
    settings.append(.enableUpcomingFeature("MemberImportVisibility"))
    target.swiftSettings = settings
}
