// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "FieldSync",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "fieldsync", targets: ["fieldsync"]),
        .executable(name: "fieldsync-server", targets: ["fieldsync-server"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/adam-fowler/compress-nio", from: "1.5.0"),
    ],
    targets: [
        // The model, version vectors, merge and wire types: depends on nothing of ours.
        // swift-crypto only for the SHA-256 that names an attachment's bytes.
        .target(
            name: "FieldSyncShared", dependencies: [.product(name: "Crypto", package: "swift-crypto")], path: "Shared"),
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
            ],
            path: "Agent"),
        // The central sync server: routes, auth and scope, storage.
        .target(
            name: "FieldSyncServer",
            dependencies: [
                "FieldSyncShared",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "CompressNIO", package: "compress-nio"),
            ],
            path: "Server",
            // The dashboard's templates, compiled into the binary (no resource bundle to install).
            resources: ["layout", "login", "dashboard", "drilldown", "inspection", "record_id", "attachments"].map {
                .embedInCode("Dashboard/Templates/\($0).mustache")
            }),
        .executableTarget(
            name: "fieldsync", dependencies: ["FieldSyncAgent"], path: "Sources/fieldsync"),
        .executableTarget(
            name: "fieldsync-server",
            dependencies: [
                "FieldSyncServer", "FieldSyncDemo", .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Sources/fieldsync-server"),
        // The demo's generator and `fieldsync-server seed-demo`: its own target, so the server
        // library does not carry the generator.
        .target(
            name: "FieldSyncDemo",
            dependencies: [
                "FieldSyncShared", "FieldSyncServer",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Demo"),
        .target(
            name: "FieldSyncTestSupport", dependencies: ["FieldSyncShared"], path: "Tests/FieldSyncTestSupport"),
        // A fresh PostgreSQL database per test, through FIELDSYNC_TEST_POSTGRES_URL.
        .target(
            name: "PostgresTestSupport",
            dependencies: [
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Tests/PostgresTestSupport"),
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
            name: "ServerTests",
            dependencies: [
                "FieldSyncServer", "FieldSyncDemo", "FieldSyncShared", "FieldSyncTestSupport", "PostgresTestSupport",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
            ],
            path: "Tests/ServerTests"),
        .testTarget(
            name: "EndToEndTests",
            dependencies: ["FieldSyncShared", "FieldSyncTestSupport", "PostgresTestSupport"],
            path: "Tests/EndToEndTests"),
        // The benchmark: real server and agents over loopback HTTP, against a raw-SQLite baseline.
        // It may depend on both sides; Agent and Server still never depend on each other.
        .target(
            name: "FieldSyncBench",
            dependencies: [
                "FieldSyncAgent", "FieldSyncServer", "FieldSyncDemo", "FieldSyncShared",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
            ],
            path: "Bench"),
        // The benchmark's decisions (percentiles, what ran out first, capacity): pure, tested without I/O.
        .testTarget(name: "BenchTests", dependencies: ["FieldSyncBench"], path: "Tests/BenchTests"),
        .executableTarget(
            name: "fieldsync-bench", dependencies: ["FieldSyncBench"], path: "Sources/fieldsync-bench"),
    ]
)

// Swift 6 language mode everywhere, with the upcoming features the style guide asks for.
for target in package.targets {
    var settings = target.swiftSettings ?? []
    settings.append(.enableUpcomingFeature("ExistentialAny"))
    settings.append(.enableUpcomingFeature("MemberImportVisibility"))
    target.swiftSettings = settings
}
