// swift-tools-version:6.0
// Genetix: one package, no package dependencies — only the toolchain and Debian's system libraries.
import PackageDescription

let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
]

/// Every module the `genetix` executable wires together.
let executableDependencies: [Target.Dependency] = [
    "GenetixCore", "GenetixNet", "GenetixAdmin", "GenetixCommandLine", "CSystem",
    "GenetixDatabase",
    "GenetixApp", "GenetixPostgres",
    "GenetixOperations",
    "GenetixBalancer",
    "GenetixConsole",
]

let package = Package(
    name: "genetix",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "genetix", targets: ["genetix"]),
        .executable(name: "fuzz-http", targets: ["fuzz-http"]),
        .executable(name: "fuzz-http-response", targets: ["fuzz-http-response"]),
        .executable(name: "fuzz-chunked", targets: ["fuzz-chunked"]),
        .executable(name: "fuzz-action-body", targets: ["fuzz-action-body"]),
        .executable(name: "fuzz-config", targets: ["fuzz-config"]),
        .executable(name: "fuzz-theme", targets: ["fuzz-theme"]),
    ],
    targets: [
        // System libraries: thin shims only.
        .target(name: "CSystem", path: "Sources/CSystem"),
        .systemLibrary(name: "CNcurses", path: "Sources/CNcurses", pkgConfig: "ncursesw"),
        // libpq is loaded on first use (dlopen), not linked: see Sources/CPostgres/include/cpostgres.h.
        .target(name: "CPostgres", path: "Sources/CPostgres", linkerSettings: [.linkedLibrary("dl")]),
        .systemLibrary(name: "COpenSSL", path: "Sources/COpenSSL", pkgConfig: "openssl"),
        .systemLibrary(name: "CCrypt", path: "Sources/CCrypt", pkgConfig: "libcrypt"),

        // Layers.
        .target(name: "GenetixCore", dependencies: ["CSystem"], swiftSettings: strict),
        .target(name: "GenetixNet", dependencies: ["GenetixCore", "GenetixCrypto", "CSystem", "COpenSSL"], swiftSettings: strict),
        .target(name: "GenetixCrypto", dependencies: ["COpenSSL", "CCrypt"], swiftSettings: strict),
        .target(name: "GenetixAdmin", dependencies: ["GenetixCore", "GenetixNet", "GenetixCrypto", "CSystem"], swiftSettings: strict),
        // etcd's v3 JSON gateway (leader lease, compare-and-swap) for database high availability.
        .target(name: "GenetixConsensus", dependencies: ["GenetixCore", "GenetixNet"], swiftSettings: strict),
        .target(name: "GenetixCommandLine", dependencies: [], swiftSettings: strict),
        .target(name: "GenetixOperations", dependencies: ["GenetixCore", "GenetixNet", "GenetixAdmin", "GenetixCrypto", "GenetixConsensus", "CSystem"], swiftSettings: strict),
        // The PostgreSQL client: one libpq connection, its rows and errors (the app's pool and the database agent use it).
        .target(name: "GenetixPostgres", dependencies: ["CPostgres"], swiftSettings: strict),
        .target(name: "GenetixDatabase", dependencies: ["GenetixCore", "GenetixNet", "GenetixAdmin", "GenetixConsensus", "GenetixPostgres", "CSystem"], swiftSettings: strict),
        .target(name: "GenetixApp", dependencies: ["GenetixCore", "GenetixNet", "GenetixAdmin", "GenetixCrypto", "GenetixPostgres", "CSystem"], swiftSettings: strict),
        .target(name: "GenetixBalancer", dependencies: ["GenetixCore", "GenetixNet", "GenetixAdmin", "CSystem"], swiftSettings: strict),
        // The ncurses console over the operations layer.
        .target(name: "GenetixConsole", dependencies: ["GenetixCore", "GenetixNet", "GenetixAdmin", "GenetixOperations", "CNcurses", "CSystem"], swiftSettings: strict),

        // The executable: argument parsing and wiring only.
        .executableTarget(name: "genetix", dependencies: executableDependencies, swiftSettings: strict),

        // Fuzz targets: build only with `scripts/fuzz` (swift build --product fuzz-http --sanitize=fuzzer --sanitize=address).
        // The HTTP parser targets share one harness (feeding whole and split, the invariants); each main says what it feeds.
        .target(name: "GenetixFuzzHarness", dependencies: ["GenetixNet"], swiftSettings: strict),
        .executableTarget(name: "fuzz-http", dependencies: ["GenetixFuzzHarness", "GenetixNet"], swiftSettings: strict),
        .executableTarget(name: "fuzz-http-response", dependencies: ["GenetixFuzzHarness", "GenetixNet"], swiftSettings: strict),
        .executableTarget(name: "fuzz-chunked", dependencies: ["GenetixFuzzHarness", "GenetixNet"], swiftSettings: strict),
        .executableTarget(name: "fuzz-action-body", dependencies: ["GenetixCore"], swiftSettings: strict),
        .executableTarget(name: "fuzz-config", dependencies: ["GenetixOperations"], swiftSettings: strict),
        .executableTarget(name: "fuzz-theme", dependencies: ["GenetixConsole"], swiftSettings: strict),

        // Test support and tests.
        .target(name: "GenetixTesting", dependencies: ["GenetixCore", "GenetixNet", "GenetixAdmin", "GenetixConsensus", "CSystem"], path: "Tests/GenetixTesting", swiftSettings: strict),
        .testTarget(name: "GenetixCoreTests", dependencies: ["GenetixCore", "GenetixTesting"], swiftSettings: strict),
        .testTarget(name: "GenetixNetTests", dependencies: ["GenetixNet", "GenetixTesting", "GenetixCore", "COpenSSL", "CSystem"], swiftSettings: strict),
        .testTarget(name: "GenetixCryptoTests", dependencies: ["GenetixCrypto"], swiftSettings: strict),
        .testTarget(name: "GenetixConsensusTests", dependencies: ["GenetixConsensus", "GenetixTesting"], swiftSettings: strict),
        .testTarget(name: "GenetixAdminTests", dependencies: ["GenetixAdmin", "GenetixTesting", "GenetixCore", "GenetixNet"], swiftSettings: strict),
        .testTarget(name: "GenetixDatabaseTests", dependencies: ["GenetixDatabase", "GenetixConsensus", "GenetixTesting", "CSystem", "GenetixCore", "GenetixNet", "GenetixAdmin", "GenetixPostgres"], swiftSettings: strict),
        .testTarget(name: "GenetixCommandLineTests", dependencies: ["GenetixCommandLine"], swiftSettings: strict),
        .testTarget(name: "GenetixAppTests", dependencies: ["GenetixApp", "GenetixTesting", "GenetixCrypto", "GenetixCore", "GenetixNet", "GenetixAdmin", "CPostgres"], swiftSettings: strict),
        .testTarget(name: "GenetixOperationsTests", dependencies: ["GenetixOperations", "GenetixTesting", "GenetixCore", "GenetixNet", "GenetixAdmin"], swiftSettings: strict),
        // Hostile input and access: smuggling, oversized and slow clients, bad action bodies and config files, the
        // authorization matrix, TLS versions and ciphers, the webapp's injection/session/GDPR checks (issue 9).
        .testTarget(name: "GenetixSecurityTests", dependencies: ["GenetixApp", "GenetixDatabase", "GenetixOperations", "GenetixAdmin",
                                                                 "GenetixNet", "GenetixCrypto", "GenetixTesting", "CSystem",
                                                                 "GenetixBalancer", "GenetixConsole", "GenetixCore"], swiftSettings: strict),
        // End-to-end: drives a real `genetix up --detach` cluster; needs the built `genetix` executable and PostgreSQL.
        .testTarget(name: "GenetixE2ETests", dependencies: ["GenetixOperations", "GenetixTesting", "GenetixCore", "GenetixNet"], swiftSettings: strict),
        // `scripts/bench.d/status`: many real admin servers in one process, for the 50-node status benchmark.
        // `scripts/bench.d/console`: the console's frame time at 160×48 on a real cluster's data.
        .executableTarget(name: "genetix-bench-console", dependencies: ["GenetixConsole", "GenetixOperations", "GenetixCore"], path: "Tests/BenchConsole", swiftSettings: strict),
        // The one libpq client, against a real PostgreSQL 15.
        .testTarget(name: "GenetixPostgresTests", dependencies: ["GenetixPostgres", "GenetixTesting"], swiftSettings: strict),
        .executableTarget(name: "genetix-bench-nodes", dependencies: ["GenetixCore", "GenetixNet", "GenetixAdmin"], path: "Tests/BenchNodes", swiftSettings: strict),
        .testTarget(name: "GenetixBalancerTests", dependencies: ["GenetixBalancer", "GenetixAdmin", "GenetixTesting", "GenetixCore", "GenetixNet"], swiftSettings: strict),
        .testTarget(name: "GenetixConsoleTests", dependencies: ["GenetixConsole", "GenetixOperations", "GenetixAdmin", "GenetixNet", "GenetixTesting", "GenetixCore"], exclude: ["Snapshots"], swiftSettings: strict),
    ]
)
