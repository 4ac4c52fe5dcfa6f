// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "CourseBridge",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "coursebridge", targets: ["coursebridge"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", exact: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", exact: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto", "3.0.0"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-log", exact: "1.16.2"),
        .package(url: "https://github.com/yaslab/CSV.swift", exact: "2.5.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", exact: "2.28.1"),
        .package(url: "https://github.com/apple/swift-nio-ssl", exact: "2.37.6"),
        .package(url: "https://github.com/LebJe/TOMLKit", exact: "0.6.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", exact: "2.4.1"),
        // Already in the graph through hummingbird; named because the server imports them itself.
        .package(url: "https://github.com/apple/swift-http-types", exact: "1.8.0"),
        .package(url: "https://github.com/apple/swift-nio", exact: "2.101.3"),
        .package(url: "https://github.com/apple/swift-nio-extras", exact: "1.35.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", exact: "2.13.0"),
        .package(url: "https://github.com/vapor/postgres-nio", exact: "1.33.2"),
    ],
    targets: [
        // System-library shims: static inline wrappers, no C target.
        .systemLibrary(name: "CNcursesw", path: "Sources/CNcursesw", providers: [.apt(["libncurses-dev"])]),
        .systemLibrary(name: "CCurl", path: "Sources/CCurl", providers: [.apt(["libcurl4-openssl-dev"])]),
        .systemLibrary(name: "CMalloc", path: "Sources/CMalloc"),

        // Pure domain: types and rules, Foundation only.
        .target(name: "CourseBridgeCore"),
        // The data-access interface: protocols by concern and the value types they carry. No SQL, no I/O.
        .target(name: "CourseBridgeData", dependencies: ["CourseBridgeCore"]),
        // The SQLite implementation of the interface: the only module with GRDB and SQL.
        .target(name: "CourseBridgeStore", dependencies: [
            "CourseBridgeCore", "CourseBridgeData",
            .product(name: "GRDB", package: "GRDB.swift"),
            .product(name: "GRDBSQLite", package: "GRDB.swift"),  // binding a sync's inserts directly (DirectBinding)
            .product(name: "Crypto", package: "swift-crypto"),
        ]),
        // PostgreSQL access for Dispatch threads: a blocking pool, transactions, the schema (issue 16).
        .target(name: "CourseBridgePostgres", dependencies: [
            "CourseBridgeCore", "CourseBridgeData", "CourseBridgeStore",  // the interface; SecretBox and the key file
            .product(name: "PostgresNIO", package: "postgres-nio"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "Crypto", package: "swift-crypto"),  // webhook token hashes, launch keys
        ]),
        // HTTP over libcurl and the four provider clients.
        .target(name: "CourseBridgeProviders", dependencies: ["CourseBridgeCore", "CCurl"]),
        // Local fake of the four provider APIs.
        .target(name: "ProviderSimulator", dependencies: [
            "CourseBridgeCore", "CourseBridgeProviders",
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "HTTPTypes", package: "swift-http-types"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        // Sync runs on Dispatch queues, progress events, scheduler, statement ingestion, launch.
        .target(name: "CourseBridgeEngine", dependencies: [
            "CourseBridgeCore", "CourseBridgeData", "CourseBridgeProviders", "CMalloc",
            .product(name: "Crypto", package: "swift-crypto"),  // HMAC of launch links
        ]),
        // Hummingbird routes: OAuth2 tokens, xAPI statements, launch, health.
        // Calls engine services only: no store, no data-access interface.
        .target(name: "CourseBridgeServer", dependencies: [
            "CourseBridgeCore", "CourseBridgeEngine",
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "HummingbirdCore", package: "hummingbird"),
            .product(name: "HTTPTypes", package: "swift-http-types"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            // `serve --tls-cert/--tls-key`: TLS terminated in-process.
            .product(name: "HummingbirdTLS", package: "hummingbird"),
            .product(name: "NIOSSL", package: "swift-nio-ssl"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "Prometheus", package: "swift-prometheus"),
        ]),
        // The TUI: state + pure update, screens rendered to a cell grid, one thin ncurses adapter.
        .target(name: "CourseBridgeConsole", dependencies: [
            "CourseBridgeCore", "CourseBridgeEngine", "CNcursesw",
            .product(name: "TOMLKit", package: "TOMLKit"),
        ]),
        // Command implementations (a library so tests can reach them).
        .target(name: "CourseBridgeCLI", dependencies: [
            "CourseBridgeCore", "CourseBridgeData", "CourseBridgeStore", "CourseBridgePostgres", "CourseBridgeProviders",
            "CourseBridgeEngine", "CourseBridgeServer",
            "CourseBridgeConsole", "ProviderSimulator", "CMalloc",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "CSV", package: "CSV.swift"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        .executableTarget(name: "coursebridge", dependencies: ["CourseBridgeCLI"]),
        // Shared by the test targets: the backends the store tests run against, and fixtures built through the interface.
        .target(name: "CourseBridgeTestSupport", dependencies: [
            "CourseBridgeCore", "CourseBridgeData", "CourseBridgeStore", "CourseBridgePostgres",
        ]),

        .testTarget(name: "SystemShimTests", dependencies: ["CNcursesw", "CCurl"]),
        .testTarget(name: "CourseBridgeCoreTests", dependencies: ["CourseBridgeCore"]),
        .testTarget(name: "CourseBridgeStoreTests", dependencies: [
            "CourseBridgeStore", "CourseBridgeCore", "CourseBridgeData", "CourseBridgeTestSupport",
            .product(name: "GRDB", package: "GRDB.swift"), .product(name: "Crypto", package: "swift-crypto"),
        ]),
        // Needs a server: COURSEBRIDGE_TEST_POSTGRES=postgres://… (scripts/pg.sh start prints one); skipped otherwise.
        .testTarget(name: "CourseBridgePostgresTests", dependencies: ["CourseBridgePostgres"]),
        .testTarget(name: "CourseBridgeProvidersTests", dependencies: ["CourseBridgeProviders", "CourseBridgeCore", "ProviderSimulator"]),
        .testTarget(name: "ProviderSimulatorTests", dependencies: ["ProviderSimulator", "CourseBridgeCore", "CourseBridgeProviders"]),
        .testTarget(name: "CourseBridgeEngineTests", dependencies: [
            "CourseBridgeEngine", "CourseBridgeCore", "CourseBridgeData", "CourseBridgeProviders", "CourseBridgeStore", "CourseBridgeTestSupport",
            "ProviderSimulator",
            .product(name: "GRDB", package: "GRDB.swift"),
        ]),
        .testTarget(name: "CourseBridgeServerTests", dependencies: [
            "CourseBridgeServer", "CourseBridgeCore", "CourseBridgeData", "CourseBridgeEngine", "CourseBridgeStore", "CourseBridgeTestSupport",
            .product(name: "GRDB", package: "GRDB.swift"), .product(name: "Logging", package: "swift-log"),
            // `app.test(.router)`: the routes driven in-process, without a socket.
            .product(name: "Hummingbird", package: "hummingbird"), .product(name: "HummingbirdTesting", package: "hummingbird"),
            .product(name: "HTTPTypes", package: "swift-http-types"),
        ]),
        .testTarget(name: "CourseBridgeConsoleTests", dependencies: ["CourseBridgeConsole", "CourseBridgeCore"]),
        .testTarget(name: "CourseBridgeCLITests", dependencies: [
            "CourseBridgeCLI", "coursebridge", "CourseBridgeCore", "CourseBridgeData", "CourseBridgeStore", "ProviderSimulator",
            .product(name: "GRDB", package: "GRDB.swift"),
        ]),
    ]
)
