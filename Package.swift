// swift-tools-version:6.0
import PackageDescription

/// Bailiff: the abuse desk of a hosting provider.
///
/// Dependencies point one way: `bailiff` → `BailiffServer` → `BailiffStore` → `BailiffCore`.
/// `BailiffCore` holds pure logic (addresses, inventory, attribution, formats, configuration)
/// and depends on nothing but the standard library and Foundation.
let package = Package(
    name: "Bailiff",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "bailiff", targets: ["bailiff"]),
        .library(name: "BailiffCore", targets: ["BailiffCore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.5.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.0.0"),
        .package(url: "https://github.com/vapor/vapor.git", from: "4.110.0"),
        .package(url: "https://github.com/apple/swift-crypto.git", "3.0.0"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.80.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.27.0"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.20.0"),
        .package(url: "https://github.com/vapor/fluent-kit.git", from: "1.50.0"),
        .package(url: "https://github.com/vapor/sql-kit.git", from: "3.32.0"),
        .package(url: "https://github.com/vapor/fluent-sqlite-driver.git", from: "4.8.0"),
        .package(url: "https://github.com/vapor/fluent-postgres-driver.git", from: "2.10.0"),
    ],
    targets: [
        .target(
            name: "BailiffCore",
            swiftSettings: strict
        ),
        .target(
            name: "BailiffReports",
            dependencies: ["BailiffCore"],
            swiftSettings: strict
        ),
        // Network telemetry and directories: flow decoding, detectors, the Tor directory. Pure
        // logic over bytes and values; the sockets live in BailiffServer.
        .target(
            name: "BailiffNet",
            dependencies: ["BailiffCore", .product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: strict
        ),
        // The web's pure half: HTML built with escaping by construction, the pages, TOTP, the
        // access rules of staff, customers and resellers. No Vapor, no I/O; the routes live in BailiffServer.
        .target(
            name: "BailiffWeb",
            dependencies: ["BailiffCore", "BailiffReports", .product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: strict
        ),
        // A tamper-evident, hash-chained audit log: pure logic over values, SHA-256 only.
        .target(
            name: "BailiffAudit",
            dependencies: [.product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: strict
        ),
        .target(
            name: "BailiffStore",
            dependencies: [
                "BailiffCore",
                "BailiffAudit",
                .product(name: "FluentKit", package: "fluent-kit"),
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "FluentSQLiteDriver", package: "fluent-sqlite-driver"),
                .product(name: "FluentPostgresDriver", package: "fluent-postgres-driver"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "BailiffServer",
            dependencies: [
                "BailiffCore",
                "BailiffAudit",
                "BailiffReports",
                "BailiffStore",
                "BailiffNet",
                "BailiffWeb",
                .product(name: "Vapor", package: "vapor"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "bailiff",
            dependencies: [
                "BailiffCore",
                "BailiffAudit",
                "BailiffReports",
                "BailiffStore",
                "BailiffServer",
                "BailiffNet",
                "BailiffWeb",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "AttributionBenchmark",
            dependencies: ["BailiffCore"],
            path: "bench/AttributionBenchmark",
            swiftSettings: strict
        ),
        .executableTarget(
            name: "MIMEBenchmark",
            dependencies: ["BailiffReports"],
            path: "bench/MIMEBenchmark",
            swiftSettings: strict
        ),
        .executableTarget(
            name: "ShadowserverBenchmark",
            dependencies: ["BailiffReports", "BailiffCore"],
            path: "bench/ShadowserverBenchmark",
            swiftSettings: strict
        ),
        .executableTarget(
            name: "BailiffFuzz",
            dependencies: ["BailiffCore", "BailiffReports", "BailiffNet"],
            path: "Fuzz/BailiffFuzz",
            swiftSettings: strict
        ),
        .testTarget(name: "BailiffCoreTests", dependencies: ["BailiffCore"], swiftSettings: strict),
        .testTarget(name: "BailiffNetTests", dependencies: ["BailiffNet", "BailiffCore", .product(name: "Crypto", package: "swift-crypto")], swiftSettings: strict),
        .testTarget(name: "BailiffWebTests", dependencies: ["BailiffWeb", "BailiffCore", "BailiffReports"], swiftSettings: strict),
        .testTarget(name: "BailiffAuditTests", dependencies: ["BailiffAudit"], swiftSettings: strict),
        .testTarget(name: "BailiffReportsTests", dependencies: ["BailiffReports", "BailiffCore"], swiftSettings: strict),
        .testTarget(name: "BailiffStoreTests", dependencies: ["BailiffCore", "BailiffStore", "BailiffAudit"], swiftSettings: strict),
        .testTarget(
            name: "BailiffServerTests",
            dependencies: [
                "BailiffReports",
                "BailiffServer",
                "BailiffStore",
                "BailiffCore",
                "BailiffNet",
                "BailiffWeb",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "VaporTesting", package: "vapor"),
            ],
            swiftSettings: strict
        ),
    ]
)

var strict: [SwiftSetting] { [.swiftLanguageMode(.v6)] }
